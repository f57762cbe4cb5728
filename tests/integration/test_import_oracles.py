"""An import or a form never tells an officer that a NIP or a unit code exists outside their
scope (issue 12, finding 11): any out-of-scope reason reads the same as a refusal that
reveals nothing, and all of a file's problems come at once (finding 14)."""

from __future__ import annotations

import io
import re

from tests.helpers import csrf_token, login

HEADER = "nip,nama,email,jenis_pegawai,kode_unit,kode_jabatan,golongan\n"
OFFICER = "199203152021031002"  # the officer's own NIP: known to them, reveals nothing
ELSEWHERE = "198609262015051001"  # registered in the other government
NEUTRAL = "kolom nip: NIP tidak dapat digunakan; hubungi admin"


def upload(client, text: str):
    token = csrf_token(client, "/hr/employees/import")
    return client.post(
        "/hr/employees/import",
        data={"csrf_token": token, "file": (io.BytesIO(text.encode()), "pegawai.csv")},
        content_type="multipart/form-data",
    )


def row_errors(response) -> list[str]:
    """The error table of the import page as `baris N, kolom C: message` lines."""
    cells = re.findall(
        r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", response.get_data(as_text=True)
    )
    return [f"baris {row}, kolom {column}: {message}" for row, column, message in cells]


def officer(app, make_user, org):
    make_user(ELSEWHERE, full_name="Pegawai Bakung", unit_id=org["PKM-B1"])
    make_user(OFFICER, ("hr",), "Dewi", scope_unit_id=org["DINKES-A"], unit_id=org["DINKES-A"])
    client = app.test_client()
    assert login(client, OFFICER).status_code == 302
    return client


def test_an_out_of_scope_nip_reads_like_the_officers_own(app, make_user, org):
    client = officer(app, make_user, org)
    answers = []
    for nip in (ELSEWHERE, OFFICER):
        response = upload(client, HEADER + f"{nip},Ambil Alih,,PNS,PKM-A1,,III/a\n")
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "di luar cakupan" not in page and "Pegawai Bakung" not in page
        answers.append([e for e in row_errors(response) if "kolom nip" in e])
    assert answers[0] == answers[1] == [f"baris 2, {NEUTRAL}"]


def test_scope_and_row_problems_of_one_file_come_together(app, make_user, org):
    client = officer(app, make_user, org)
    text = HEADER + (
        f"{ELSEWHERE},Ambil Alih,,PNS,PKM-A1,,III/a\n199001012019031002,Ani,,PNS,PKM-A1,,V/z\n"
    )
    errors = row_errors(upload(client, text))
    assert f"baris 2, {NEUTRAL}" in errors
    assert any(e.startswith("baris 3, kolom golongan") for e in errors)


def test_a_unit_code_in_use_elsewhere_reads_like_one_in_scope(app, make_user, org):
    make_user("hr-dinkes", ("hr",), "Dewi", scope_unit_id=org["DINKES-A"])
    client = app.test_client()
    assert login(client, "hr-dinkes").status_code == 302
    answers = []
    for code in ("PKM-B1", "PKM-A1"):  # another government's; one the officer can see
        data = {"csrf_token": csrf_token(client, "/admin/org"), "code": code, "name": "Baru"}
        response = client.post("/admin/org", data={**data, "parent_id": str(org["DINKES-A"])})
        assert response.status_code == 422
        page = response.get_data(as_text=True).replace(code, "KODE")
        (message,) = re.findall(r'class="field-error">([^<]*)<', page)
        answers.append(message)
    assert answers[0] == answers[1] == "Kode KODE tidak dapat digunakan; pilih kode lain."
