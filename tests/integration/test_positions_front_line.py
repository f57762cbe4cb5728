"""The front-line flag of a position (issue 18): HR sets it on the position form and sees it
in the list, audited like every position edit; the positions import reads an optional
`garis_depan` / `front_line` column (ya/tidak); a copied template keeps it."""

from __future__ import annotations

from sqlalchemy import select

from elearn.extensions import db
from elearn.models import AuditLog, Position
from tests.helpers import csrf_token
from tests.helpers.certificates import client_of, make_position
from tests.helpers.reports import text


def officer(app, make_user, org):
    return client_of(app, make_user, "hr-a", ("hr",), "Petugas SDM", scope_unit_id=org["KOTA-A"])[1]


def flags() -> dict[str, bool]:
    db.session.expire_all()
    return dict(db.session.execute(select(Position.code, Position.front_line)).all())


def test_hr_flags_a_position_front_line_on_its_form(app, make_user, org):
    position = Position(government_id=org["KOTA-A"], code="LOKET", name="Loket", type="pelaksana")
    db.session.add(position)
    db.session.commit()
    hr = officer(app, make_user, org)
    path = f"/admin/positions/{position.id}"
    form = text(hr.get(path))
    assert 'name="front_line" value="1"' in form and 'value="1" aria-describedby' in form
    assert "checked" not in form.split('name="front_line"')[1].split(">")[0]
    data = {"csrf_token": csrf_token(hr, path), "name": "Petugas Loket", "type": "pelaksana"}
    assert hr.post(path, data={**data, "front_line": "1"}).status_code == 302
    assert flags() == {"LOKET": True}
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "position.update"))
    assert entry.details["front_line"] is True and entry.target_id == position.id
    listing = text(hr.get("/admin/positions"))
    assert '<th scope="col">Garis depan</th>' in listing
    assert "<td>pelaksana</td> <td>Ya</td>" in listing
    assert "checked" in text(hr.get(path)).split('name="front_line"')[1].split(">")[0]
    assert hr.post(path, data=data).status_code == 302  # an unticked box sends nothing
    assert flags() == {"LOKET": False}
    assert "<td>pelaksana</td> <td>Tidak</td>" in text(hr.get("/admin/positions"))


def test_another_governments_officer_cannot_flag_it(app, make_user, org):
    position = Position(government_id=org["KOTA-B"], code="LOKET", name="Loket", type="pelaksana")
    db.session.add(position)
    db.session.commit()
    hr = officer(app, make_user, org)
    token = csrf_token(hr, "/admin/positions")
    data = {"csrf_token": token, "name": "Loket", "type": "pelaksana", "front_line": "1"}
    assert hr.post(f"/admin/positions/{position.id}", data=data).status_code == 404
    assert flags() == {"LOKET": False}


def test_the_positions_import_reads_the_front_line_column(app, runner, org, tmp_path):
    path = tmp_path / "jabatan.csv"
    path.write_text(
        "kode,nama,jenis,Garis Depan\n"
        "LOKET,Petugas Loket,pelaksana,ya\n"
        "ARSIP,Pengelola Arsip,pelaksana,tidak\n"
        "KASI,Kepala Seksi,pengawas,\n",
        encoding="utf-8",
    )
    args = ["positions", "import", str(path), "--government", "KOTA-A"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert flags() == {"LOKET": True, "ARSIP": False, "KASI": False}
    # Without the column (or with an empty cell) a new import keeps what HR set.
    path.write_text("kode,nama,jenis\nLOKET,Petugas Loket Terpadu,pelaksana\n", encoding="utf-8")
    assert runner.invoke(args=args).exit_code == 0
    assert flags()["LOKET"] is True
    path.write_text(
        "kode;nama;jenis;front_line\nLOKET;Petugas Loket;pelaksana;mungkin\n", encoding="utf-8"
    )
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert (
        "baris 2, kolom garis_depan: garis depan harus `ya` atau `tidak`; tertulis `mungkin`"
        in (result.output)
    )
    assert flags()["LOKET"] is True  # all or nothing


def test_a_copied_template_keeps_the_flag(app, make_user, org):
    template = make_position("PLK-LOKET", "Pengadministrasi Loket", {})
    template.front_line = True
    db.session.commit()
    hr = officer(app, make_user, org)
    token = csrf_token(hr, "/admin/positions")
    data = {"csrf_token": token, "government_id": str(org["KOTA-A"])}
    assert hr.post(f"/admin/positions/{template.id}/copy", data=data).status_code == 302
    copy = db.session.scalar(select(Position).where(Position.government_id == org["KOTA-A"]))
    assert copy.front_line is True
