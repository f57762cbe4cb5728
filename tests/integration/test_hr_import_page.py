"""HR imports employees through the page: errors by row, a preview, then one confirmed write."""

import io

from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import OrgUnit, User
from tests.helpers import csrf_token, login

GOOD = (
    "nip;nama;email;jenis_pegawai;kode_unit;kode_jabatan;golongan\n"
    "19860926 201505 1 001;Andi Pratama;andi@example.go.id;PNS;KEL-1;;II/c\n"
    "199001012024031001;Budi Santoso;;PPPK;KEL-1;;IX\n"
)
BAD = GOOD + "1.98609E+17;Excel Rusak;;PNS;KEL-1;;\n198609262015051001;Dobel;;PNS;KEL-9;;\n"


def hr_client(app, make_user):
    from elearn.admin.services import rebuild_closure

    unit = OrgUnit(code="KEL-1", name="Kelurahan Satu")
    db.session.add(unit)
    db.session.flush()
    rebuild_closure()
    db.session.commit()
    make_user("petugas-hr", ("hr",), "Dewi Lestari", scope_unit_id=unit.id)
    client = app.test_client()
    assert login(client, "petugas-hr").status_code == 302
    return client


def upload(client, text: str, name="pegawai.csv"):
    token = csrf_token(client, "/hr/employees/import")
    return client.post(
        "/hr/employees/import",
        data={"csrf_token": token, "file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data",
    )


def users() -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_errors_are_listed_by_row_and_nothing_is_written(app, make_user):
    client = hr_client(app, make_user)
    before = users()
    response = upload(client, BAD)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "angka ilmiah" in page and "KEL-9" in page and "sudah ada di baris 2" in page
    assert users() == before


def test_preview_then_confirm_writes_once(app, make_user):
    client = hr_client(app, make_user)
    before = users()
    response = upload(client, GOOD)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 pegawai baru, 0 diperbarui, 0 tidak berubah" in page
    assert users() == before  # the preview writes nothing
    action = page.split('action="', 2)[2].split('"', 1)[0]
    confirm = {"csrf_token": csrf_token(client, "/hr/employees/import")}
    assert client.post(action, data=confirm).status_code == 302
    assert users() == before + 2
    # the same preview cannot be applied twice
    response = client.post(action, data=confirm, follow_redirects=True)
    assert "kedaluwarsa atau tidak ditemukan" in response.get_data(as_text=True)
    assert users() == before + 2
    codes = client.get("/hr/employees/activation-codes.csv").get_data(as_text=True)
    assert "198609262015051001" in codes and "Budi Santoso" in codes


def test_template_download_and_permissions(app, make_user, client, learner):
    assert client.get("/hr/employees/import").status_code == 403
    assert client.get("/hr/employees/template.csv").status_code == 403
    hr = hr_client(app, make_user)
    template = hr.get("/hr/employees/template.csv").get_data(as_text=True)
    assert template.lstrip("\ufeff").startswith("nip,nama,email,jenis_pegawai,kode_unit")


def test_upload_without_csrf_or_file_is_refused(app, make_user):
    client = hr_client(app, make_user)
    response = client.post(
        "/hr/employees/import",
        data={"file": (io.BytesIO(GOOD.encode()), "pegawai.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Formulir sudah kedaluwarsa" in response.get_data(as_text=True)
    token = csrf_token(client, "/hr/employees/import")
    response = client.post("/hr/employees/import", data={"csrf_token": token})
    assert response.status_code == 422
    assert "Pilih berkas CSV atau XLSX." in response.get_data(as_text=True)


def test_a_broken_xlsx_gets_a_message(app, make_user):
    client = hr_client(app, make_user)
    response = upload(client, "PK\x03\x04 bukan excel", "pegawai.xlsx")
    assert response.status_code == 422
    assert "rusak atau bukan berkas Excel" in response.get_data(as_text=True)


def test_officer_imports_only_into_their_subtree(app, make_user, org):
    make_user("198609262015051001", full_name="Pegawai Bakung", unit_id=org["PKM-B1"])
    make_user("petugas-dinkes", ("hr",), "Dewi", scope_unit_id=org["DINKES-A"])
    client = app.test_client()
    assert login(client, "petugas-dinkes").status_code == 302
    header = "nip,nama,email,jenis_pegawai,kode_unit,kode_jabatan,golongan\n"
    response = upload(client, header + "199001012019031002,Ani,,PNS,PKM-B1,,III/a\n")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "unit `PKM-B1` tidak dikenal" in page
    response = upload(client, header + "198609262015051001,Ambil Alih,,PNS,PKM-A1,,III/a\n")
    page = response.get_data(as_text=True)
    # Issue 12, finding 11: the answer no longer says the NIP exists outside the scope.
    assert response.status_code == 422 and "NIP tidak dapat digunakan; hubungi admin" in page
    assert "di luar cakupan" not in page
    assert "Pegawai Bakung" not in page
    response = upload(client, header + "199001012019031002,Ani,,PNS,PKM-A1,,III/a\n")
    assert response.status_code == 200


def test_activation_codes_export_is_scoped(app, make_user, org, runner):
    header = "nip,nama,email,jenis_pegawai,kode_unit,kode_jabatan,golongan\n"
    rows = "199001012019031002,Ani,,PNS,PKM-A1,,\n199101012019031003,Budi,,PNS,PKM-B1,,\n"
    from elearn.hr import services
    from elearn.uploads.tables import read_table

    services.apply_import(services.plan_import(read_table("x.csv", (header + rows).encode())), None)
    make_user("petugas-dinkes", ("hr",), "Dewi", scope_unit_id=org["DINKES-A"])
    client = app.test_client()
    assert login(client, "petugas-dinkes").status_code == 302
    text = client.get("/hr/employees/activation-codes.csv").get_data(as_text=True)
    assert "199001012019031002" in text and "199101012019031003" not in text
