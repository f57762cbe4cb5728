"""Position profiles: `positions import` from CSV or YAML, the HR/admin pages listing and
editing positions, and setting a user's position, unit and rank."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import AuditLog, Competency, OrgUnit, Position, User
from elearn.publishing.services import import_competencies, load_competency_file
from tests.helpers import COURSES, csrf_token
from tests.helpers.certificates import NIP, client_of, make_position


@pytest.fixture
def dictionary(app):
    """The shipped competency dictionary in the database; slug -> id."""
    defs, problems = load_competency_file(COURSES / "competencies.yml", "competencies.yml")
    assert not problems, problems
    import_competencies(defs)
    return dict(db.session.execute(select(Competency.slug, Competency.id)).all())


def requirements() -> dict[str, dict[str, int]]:
    """code -> {competency slug: level} as stored."""
    db.session.expire_all()
    return {
        p.code: {r.competency.slug: r.level for r in p.requirements}
        for p in db.session.scalars(select(Position))
    }


def position_count() -> int:
    return db.session.scalar(select(func.count(Position.id)))


def run_import(runner, path):
    return runner.invoke(args=["positions", "import", str(path)])


# --- positions import --------------------------------------------------------------------------


def test_csv_import_with_commas_then_update_without_duplicates(runner, dictionary, tmp_path):
    path = tmp_path / "jabatan.csv"
    path.write_text(
        "kode,nama,jenis,integritas,komunikasi,kerja-sama\n"
        "JF-AK-1,Analis Kepegawaian Ahli Pertama,Fungsional,3,2,\n"
        "JPT-01,Kepala Badan,JPT Pratama,4,4,4\n"
        "PLK-01,Pengadministrasi Umum,pelaksana,,1,\n"
        ",,,,,\n",
        encoding="utf-8",
    )
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    assert "3 jabatan (3 baru, 0 diperbarui)" in result.output
    assert requirements() == {
        "JF-AK-1": {"integritas": 3, "komunikasi": 2},
        "JPT-01": {"integritas": 4, "komunikasi": 4, "kerja-sama": 4},
        "PLK-01": {"komunikasi": 1},
    }
    kinds = dict(db.session.execute(select(Position.code, Position.type)).all())
    assert kinds == {"JF-AK-1": "fungsional", "JPT-01": "jpt", "PLK-01": "pelaksana"}

    path.write_text(
        "kode,nama,jenis,integritas,komunikasi\n"
        "JF-AK-1,Analis SDM Aparatur Ahli Pertama,fungsional,4,\n"
        "JPT-01,Kepala Badan,jpt,4,4\n",
        encoding="utf-8",
    )
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    assert "2 jabatan (0 baru, 2 diperbarui)" in result.output
    assert position_count() == 3
    stored = requirements()
    assert stored["JF-AK-1"] == {"integritas": 4}  # levels are replaced, not merged
    assert stored["JPT-01"] == {"integritas": 4, "komunikasi": 4}
    assert stored["PLK-01"] == {"komunikasi": 1}  # not in the file: left alone
    name = db.session.scalar(select(Position.name).where(Position.code == "JF-AK-1"))
    assert name == "Analis SDM Aparatur Ahli Pertama"
    assert (
        db.session.scalar(
            select(func.count(AuditLog.id)).where(AuditLog.action == "positions.import")
        )
        == 2
    )


def test_csv_import_semicolons_bom_crlf_and_loose_headers(runner, dictionary, tmp_path):
    path = tmp_path / "jabatan-excel.csv"
    text = (
        "Kode;Nama;Jenis;Integritas;Kerja Sama;Literasi_Digital\r\n"
        "PNG-01;Kepala Subbagian Umum, Kepegawaian;Pengawas;3;3;2\r\n"
        "ADM-01;Kepala Bidang;administrator;4;;\r\n"
    )
    path.write_bytes(text.encode("utf-8-sig"))
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    assert "2 jabatan (2 baru, 0 diperbarui)" in result.output
    assert requirements() == {
        "PNG-01": {"integritas": 3, "kerja-sama": 3, "literasi-digital": 2},
        "ADM-01": {"integritas": 4},
    }
    name = db.session.scalar(select(Position.name).where(Position.code == "PNG-01"))
    assert name == "Kepala Subbagian Umum, Kepegawaian"


def test_yaml_import_and_upsert_across_formats(runner, dictionary, tmp_path):
    yaml_path = tmp_path / "jabatan.yml"
    yaml_path.write_text(
        "jabatan:\n"
        "  - kode: JF-AK-1\n"
        "    nama: Analis Kepegawaian Ahli Pertama\n"
        "    jenis: fungsional\n"
        "    kompetensi:\n"
        "      integritas: 3\n"
        "      komunikasi: 2\n"
        "  - kode: PLK-01\n"
        "    nama: Pengadministrasi Umum\n"
        "    jenis: pelaksana\n",
        encoding="utf-8",
    )
    result = run_import(runner, yaml_path)
    assert result.exit_code == 0, result.output
    assert "2 jabatan (2 baru, 0 diperbarui)" in result.output
    assert requirements() == {
        "JF-AK-1": {"integritas": 3, "komunikasi": 2},
        "PLK-01": {},
    }

    list_path = tmp_path / "jabatan.yaml"
    list_path.write_text(
        "- {kode: PLK-01, nama: Pengadministrasi Perkantoran, jenis: pelaksana,"
        " kompetensi: {komunikasi: 1}}\n",
        encoding="utf-8",
    )
    result = run_import(runner, list_path)
    assert result.exit_code == 0, result.output
    assert "1 jabatan (0 baru, 1 diperbarui)" in result.output

    csv_path = tmp_path / "jabatan.csv"
    csv_path.write_text("kode,nama,jenis,integritas\nJF-AK-1,Analis,fungsional,2\n")
    assert run_import(runner, csv_path).exit_code == 0
    assert position_count() == 2
    assert requirements() == {"JF-AK-1": {"integritas": 2}, "PLK-01": {"komunikasi": 1}}


def test_csv_with_errors_reports_rows_and_columns_and_saves_nothing(runner, dictionary, tmp_path):
    make_position("LAMA-01", "Jabatan Lama", {"integritas": 1})
    path = tmp_path / "salah.csv"
    path.write_text(
        "kode,nama,jenis,integritas,komunikasi\n"
        "JF-1,Analis,fungsional,3,2\n"
        "JF-2,,fungsional,2,\n"
        "JF-3,Pranata,bukan-jenis,9,x\n"
        "JF-1,Duplikat,pelaksana,1,\n"
        "LAMA-01,Jabatan Lama Diubah,pelaksana,5,0\n",
        encoding="utf-8",
    )
    result = run_import(runner, path)
    assert result.exit_code == 1
    out = result.output
    for line in (
        f"{path}: baris 3, kolom nama: nama jabatan wajib diisi",
        f"{path}: baris 4, kolom jenis: jenis harus salah satu dari",
        f"{path}: baris 4, kolom integritas: level harus 1 sampai 5; tertulis `9`",
        f"{path}: baris 4, kolom komunikasi: level harus 1 sampai 5; tertulis `x`",
        f"{path}: baris 5, kolom kode: kode JF-1 sudah dipakai di baris 2",
        f"{path}: baris 6, kolom komunikasi: level harus 1 sampai 5; tertulis `0`",
    ):
        assert line in out, (line, out)
    assert "baris 2" not in out.replace("di baris 2", "")
    assert "6 kesalahan; tidak ada yang disimpan." in out
    # Nothing written: neither the valid rows nor the change of the existing one.
    assert requirements() == {"LAMA-01": {"integritas": 1}}
    assert db.session.scalar(select(Position.name)) == "Jabatan Lama"
    assert (
        db.session.scalar(
            select(func.count(AuditLog.id)).where(AuditLog.action == "positions.import")
        )
        == 0
    )


def test_import_rejects_bad_headers_yaml_and_encoding(runner, dictionary, tmp_path):
    header = tmp_path / "kolom.csv"
    header.write_text("kode,nama,integritas,kompetensi-rahasia\nA,B,1,2\n")
    result = run_import(runner, header)
    assert result.exit_code == 1
    assert "baris 1, kolom jenis: kolom wajib tidak ada" in result.output
    assert "baris 1, kolom kompetensi-rahasia: kolom kompetensi tidak dikenal" in result.output

    levels = tmp_path / "level.yml"
    levels.write_text(
        "- {kode: A-1, nama: Satu, jenis: pelaksana, kompetensi: {integritas: 2}}\n"
        "- {kode: A-2, nama: Dua, jenis: pelaksana, kompetensi: {integritas: 7, sulap: 1}}\n"
    )
    result = run_import(runner, levels)
    assert result.exit_code == 1
    assert "baris 2, kolom integritas: level harus 1 sampai 5; tertulis `7`" in result.output
    assert "baris 2, kolom sulap: kompetensi `sulap` tidak dikenal" in result.output

    broken = tmp_path / "rusak.yaml"
    broken.write_text("- kode: A\n  nama: [tidak ditutup\n")
    result = run_import(runner, broken)
    assert result.exit_code == 1
    assert "YAML tidak valid" in result.output

    binary = tmp_path / "biner.csv"
    binary.write_bytes(b"kode,nama,jenis\n\xff\xfe\x00A,B\n")
    result = run_import(runner, binary)
    assert result.exit_code == 1
    assert "bukan teks UTF-8" in result.output

    empty = tmp_path / "kosong.csv"
    empty.write_text("")
    assert run_import(runner, empty).exit_code == 1
    assert position_count() == 0


# --- the admin pages ---------------------------------------------------------------------------


def test_positions_page_lists_for_hr_and_admin(app, make_user, dictionary):
    make_position()
    make_position("PLK-01", "Pengadministrasi Umum", {})
    for username, roles in (("hr", ("hr",)), ("admin", ("admin",))):
        _, client = client_of(app, make_user, username, roles, "Dewi Lestari")
        assert client.get("/admin/").status_code == 200
        page = client.get("/admin/positions").get_data(as_text=True)
        assert "JF-AK" in page and "Analis Kepegawaian Ahli Pertama" in page
        assert "Integritas 3" in page and "Komunikasi 2" in page
        assert "PLK-01" in page and "Pengadministrasi Umum" in page


def test_position_edit_saves_levels_and_rejects_bad_input(app, make_user, dictionary, org):
    # Issue 12: an officer edits only positions of a government their scope holds whole.
    position_id = make_position(government_id=org["KOTA-A"]).id
    hr_user, hr = client_of(
        app, make_user, "hr", ("hr",), "Dewi Lestari", scope_unit_id=org["KOTA-A"]
    )
    path = f"/admin/positions/{position_id}"
    page = hr.get(path).get_data(as_text=True)
    integritas, komunikasi = dictionary["integritas"], dictionary["komunikasi"]
    assert f'name="level-{integritas}"' in page
    assert 'value="3" selected' in page

    def post(**fields):
        data = {"csrf_token": csrf_token(hr, path), "name": "Analis SDM", "type": "fungsional"}
        data.update(fields)
        return hr.post(path, data=data)

    response = post(**{f"level-{integritas}": "9"})
    assert response.status_code == 422
    assert "Level harus 0 (tidak dibutuhkan) sampai 5." in response.get_data(as_text=True)
    for bad in ("-1", "abc", "", "3.0", "６"):
        assert post(**{f"level-{integritas}": bad}).status_code == 422, bad
    response = post(name="   ")
    assert response.status_code == 422
    assert "Nama jabatan wajib diisi." in response.get_data(as_text=True)
    response = post(type="presiden")
    assert response.status_code == 422
    assert "Pilih jenis jabatan." in response.get_data(as_text=True)
    assert requirements() == {"JF-AK": {"integritas": 3, "komunikasi": 2}}
    assert db.session.get(Position, position_id).name == "Analis Kepegawaian Ahli Pertama"

    response = post(
        name="  Analis   SDM Aparatur ",
        type="fungsional",
        **{
            f"level-{integritas}": "4",
            f"level-{komunikasi}": "0",
            f"level-{dictionary['literasi-digital']}": "2",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/positions")
    assert requirements() == {"JF-AK": {"integritas": 4, "literasi-digital": 2}}
    assert db.session.get(Position, position_id).name == "Analis SDM Aparatur"
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "position.update"))
    assert (log.actor_id, log.target_id) == (hr_user.id, position_id)
    page = hr.get("/admin/positions").get_data(as_text=True)
    assert "Integritas 4" in page and "Komunikasi" not in page.split("<tbody>")[1]

    assert hr.get("/admin/positions/999999").status_code == 404
    assert hr.get("/admin/positions/99999999999999999999").status_code == 404


def test_users_search_and_profile_edit(app, make_user, dictionary):
    position_id = make_position().id
    unit = OrgUnit(code="BKPSDM-PK", name="Bidang Pengembangan Kompetensi")
    db.session.add(unit)
    db.session.commit()
    unit_id = unit.id
    holder = make_user(NIP, ("learner",), "Siti Rahmawati")
    make_user("budi", ("learner",), "Budi Santoso")
    admin_user, admin = client_of(app, make_user, "admin", ("admin",), "Administrator")

    page = admin.get("/admin/users", query_string={"q": "siti"}).get_data(as_text=True)
    assert "Siti Rahmawati" in page and "Budi Santoso" not in page
    assert "1 pegawai" in page
    page = admin.get("/admin/users", query_string={"q": NIP[:8]}).get_data(as_text=True)
    assert "Siti Rahmawati" in page and "Budi Santoso" not in page
    page = admin.get("/admin/users", query_string={"q": "tidakada"}).get_data(as_text=True)
    assert "0 pegawai" in page
    for query in ("?page=abc", "?page=0", "?page=99999999999", "?q=%25", "?page=%C2%B2"):
        assert admin.get("/admin/users" + query).status_code == 200, query

    path = f"/admin/users/{holder.id}"

    def post(**fields):
        data = {
            "csrf_token": csrf_token(admin, path),
            "position_id": "",
            "unit_id": "",
            "roles": "learner",
        }
        data.update(fields)
        return admin.post(path, data=data)

    response = post(position_id=str(position_id), unit_id=str(unit_id), rank="III/b")
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(User, holder.id)
    assert (stored.position_id, stored.unit_id, stored.rank) == (position_id, unit_id, "III/b")
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "user.profile"))
    assert (log.actor_id, log.target_id) == (admin_user.id, holder.id)
    page = admin.get("/admin/users", query_string={"q": "siti"}).get_data(as_text=True)
    assert "Analis Kepegawaian Ahli Pertama" in page
    assert "Bidang Pengembangan Kompetensi" in page and "III/b" in page
    page = admin.get(path).get_data(as_text=True)
    assert f'<option value="{position_id}" selected' in page

    for fields, message in (
        ({"position_id": "999999"}, "Jabatan tidak dikenal."),
        ({"position_id": "99999999999999999999"}, "Jabatan tidak dikenal."),
        ({"position_id": "abc"}, "Jabatan tidak dikenal."),
        ({"position_id": "9" * 5000}, "Jabatan tidak dikenal."),
        ({"position_id": "\u00b2"}, "Jabatan tidak dikenal."),
        ({"unit_id": "-1"}, "Unit kerja tidak dikenal atau di luar cakupan Anda."),
        ({"unit_id": "999999"}, "Unit kerja tidak dikenal atau di luar cakupan Anda."),
        ({"rank": "V/z"}, "Golongan tidak dikenal."),
    ):
        response = post(**{"position_id": str(position_id), "rank": "III/b", **fields})
        assert response.status_code == 422, fields
        assert message in response.get_data(as_text=True), fields
    db.session.expire_all()
    stored = db.session.get(User, holder.id)
    assert (stored.position_id, stored.unit_id, stored.rank) == (position_id, unit_id, "III/b")

    assert post(rank="").status_code == 302  # clearing is allowed
    db.session.expire_all()
    stored = db.session.get(User, holder.id)
    assert (stored.position_id, stored.unit_id, stored.rank) == (None, None, None)
    assert admin.get("/admin/users/999999").status_code == 404


def test_learners_get_403_on_every_admin_page(app, make_user, dictionary):
    position_id = make_position().id
    learner, client = client_of(app, make_user, "peserta")
    _, trainer = client_of(app, make_user, "pengajar", ("trainer", "learner"), "Budi")
    anonymous = app.test_client()
    pages = [
        "/admin/",
        "/admin/positions",
        f"/admin/positions/{position_id}",
        "/admin/users",
        "/admin/users?q=siti",
        f"/admin/users/{learner.id}",
        "/admin/certificates",
        "/admin/certificates?q=ELN",
    ]
    for path in pages:
        assert client.get(path).status_code == 403, path
        assert trainer.get(path).status_code == 403, path
        response = anonymous.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    token = csrf_token(client, "/my")
    posts = {
        f"/admin/positions/{position_id}": {"name": "Diretas", "type": "jpt"},
        f"/admin/users/{learner.id}": {"position_id": str(position_id), "rank": "IV/e"},
    }
    for path, data in posts.items():
        assert client.post(path, data={"csrf_token": token, **data}).status_code == 403, path
    db.session.expire_all()
    assert db.session.get(Position, position_id).name == "Analis Kepegawaian Ahli Pertama"
    stored = db.session.get(User, learner.id)
    assert (stored.position_id, stored.rank) == (None, None)
    assert db.session.scalar(select(func.count(AuditLog.id))) == 0


def test_every_admin_post_needs_csrf(app, make_user, dictionary):
    position_id = make_position().id
    learner = make_user()
    _, hr = client_of(app, make_user, "hr", ("hr",), "Dewi Lestari")
    posts = {
        f"/admin/positions/{position_id}": {"name": "Tanpa Token", "type": "pelaksana"},
        f"/admin/users/{learner.id}": {"position_id": str(position_id), "rank": "II/a"},
    }
    for path, data in posts.items():
        response = hr.post(path, data=data)
        assert response.status_code == 400, path
        assert "Formulir sudah kedaluwarsa" in response.get_data(as_text=True)
        response = hr.post(path, data={"csrf_token": "palsu", **data})
        assert response.status_code == 400, path
    db.session.expire_all()
    assert db.session.get(Position, position_id).name == "Analis Kepegawaian Ahli Pertama"
    assert db.session.get(User, learner.id).position_id is None
    assert db.session.scalar(select(func.count(AuditLog.id))) == 0
