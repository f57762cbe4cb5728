"""SKM import refusals (issue 18, item 1): bad files answer every error by row and column and
store nothing; a staged upload is its officer's alone; learners and forged posts get nowhere;
lookups take a fixed number of statements."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import count_queries, csrf_token
from tests.helpers.skm_import import FORM, confirm, counts, data, officer, preview_path, upload

HEADER = "kode_unit;layanan;tanggal;U1;U2;U3;U4;U5;U6;U7;U8;U9\n"
GOOD = "KEL-A1;Pembuatan KTP-el;05/03/2026;4;3;3;4;4;3;4;3;3\n"
SUMMARY = "kode_unit;periode;unsur;rata_rata;jumlah_responden\n"


def cells(page: str) -> list[tuple[str, str, str]]:
    """The (row, column, message) rows of an error page's table."""
    found = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    return [(row, column, message.replace("&#96;", "`")) for row, column, message in found]


BAD_FILES = {
    "wrong header": (
        "nama;alamat;nilai\nBudi;Jl. Melati;4\n",
        "x.csv",
        ("1", "", "baris judul tidak dikenali"),
    ),
    "score 5": (
        HEADER + GOOD + GOOD.replace(";4;3;3;4;", ";4;5;3;4;"),
        "x.csv",
        ("3", "U2", "`5`"),
    ),
    "unit out of scope": (
        HEADER + GOOD.replace("KEL-A1", "PKM-B1"),
        "x.csv",
        ("2", "kode_unit", "`PKM-B1` tidak dikenal"),
    ),
    "unknown unit": (
        HEADER + GOOD.replace("KEL-A1", "KEL-Z9"),
        "x.csv",
        ("2", "kode_unit", "`KEL-Z9` tidak dikenal"),
    ),
    "bad date": (
        HEADER + GOOD.replace("05/03/2026", "31/02/2026"),
        "x.csv",
        ("2", "tanggal", "`31/02/2026` tidak dikenal"),
    ),
    "future date": (
        HEADER + GOOD.replace("05/03/2026", "05/03/2099"),
        "x.csv",
        ("2", "tanggal", "belum terjadi"),
    ),
    "bad period": (
        SUMMARY + "KEL-A1;2026-S3;U1;3,5;40\n",
        "x.csv",
        ("2", "periode", "`2026-S3` tidak dikenal"),
    ),
    "date outside its period": (
        HEADER.replace("U9", "U9;periode") + GOOD.replace("3\n", "3;2026-S2\n"),
        "x.csv",
        ("2", "tanggal", "di luar periode 2026-S2"),
    ),
    "average above 4": (
        SUMMARY + "KEL-A1;2026;U1;4,25;40\n",
        "x.csv",
        ("2", "rata_rata", "`4,25`"),
    ),
    "no respondents": (
        SUMMARY + "KEL-A1;2026;U1;3,25;0\n",
        "x.csv",
        ("2", "jumlah_responden", "lebih dari 0"),
    ),
    "element twice": (
        SUMMARY + "KEL-A1;2026;U1;3,25;40\nKEL-A1;2026;1;3,5;40\n",
        "x.csv",
        ("3", "unsur", "sudah ada di baris 2"),
    ),
    "a missing column": (
        HEADER.replace(";U7", "") + GOOD,
        "x.csv",
        ("1", "U7", "kolom wajib tidak ada"),
    ),
    "empty file": ("", "x.csv", ("1", "", "berkas kosong")),
    "header only": (HEADER, "x.csv", ("2", "", "tidak berisi baris data")),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_by_row_and_column_and_nothing_is_staged(app, make_user, org, case):
    text, name, (row, column, message) = BAD_FILES[case]
    client = officer(app, make_user, org)
    response = upload(client, text.encode(), name)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tidak ada data yang disimpan" in page
    found = cells(page)
    assert any(r == row and c == column and message in m for r, c, m in found), found
    assert counts() == (0, 0)
    assert not list((Path(app.instance_path) / "imports").glob("*.json"))


def test_one_bad_row_stores_none_and_every_error_is_listed(app, make_user, org):
    client = officer(app, make_user, org)
    text = HEADER + GOOD * 3 + GOOD.replace(";4;3;3;", ";0;3;x;") + GOOD.replace("KEL-A1", "")
    page = upload(client, text.encode(), "x.csv").get_data(as_text=True)
    assert cells(page)[:3] == [
        ("5", "U1", "nilai harus 1, 2, 3 atau 4; tertulis `0`"),
        ("5", "U3", "nilai harus 1, 2, 3 atau 4; tertulis `x`"),
        ("6", "kode_unit", "kode unit wajib diisi"),
    ]
    assert "3 kesalahan ditemukan" in page
    assert counts() == (0, 0)


def test_unreadable_files(app, make_user, org, monkeypatch):
    client = officer(app, make_user, org)
    response = upload(client, b"PK\x03\x04 bukan excel", "hasil.xlsx")
    assert response.status_code == 422
    assert "rusak atau bukan berkas Excel" in response.get_data(as_text=True)
    response = upload(client, (HEADER + GOOD).encode("utf-16"), "hasil.csv")
    assert response.status_code == 422 and "bukan UTF-8" in response.get_data(as_text=True)
    monkeypatch.setattr("elearn.uploads.tables.MAX_ROWS", 5)
    response = upload(client, (HEADER + GOOD * 6).encode(), "hasil.csv")
    assert response.status_code == 422
    assert "lebih dari 5 baris" in response.get_data(as_text=True)
    response = upload(client, data("responden.xlsx"), "responden.xlsx")
    assert response.status_code == 422 and "lebih dari 5 baris" in response.get_data(as_text=True)
    assert counts() == (0, 0)


def test_a_staged_upload_is_its_officers_alone(app, make_user, org):
    mine = officer(app, make_user, org)
    path = preview_path(upload(mine, data("ringkasan.csv"), "ringkasan.csv"))
    other = officer(app, make_user, org, username="hr-bakung", unit="KOTA-B")
    response = other.get(path, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "kedaluwarsa atau tidak ditemukan" in page and "KEC-A" not in page
    response = other.post(path, data={"csrf_token": csrf_token(other, FORM)})
    assert response.status_code == 302 and counts() == (0, 0)
    colleague = officer(app, make_user, org, username="hr-anggrek-2")  # same government
    assert "Simpan impor" not in colleague.get(path, follow_redirects=True).get_data(as_text=True)
    # Their attempts took nothing away: the owner still confirms it, once.
    assert "Simpan impor" in mine.get(path).get_data(as_text=True)
    assert confirm(mine, path).status_code == 302 and counts() == (0, 18)
    again = confirm(mine, path)
    assert again.status_code == 302 and counts() == (0, 18)


def test_learners_get_403(app, make_user, org, client, learner):
    assert client.get(FORM).status_code == 403
    assert client.get(f"{FORM}/contoh.csv?bentuk=responden").status_code == 403
    token = csrf_token(client, "/my")
    assert client.post(FORM, data={"csrf_token": token}).status_code == 403
    assert client.get(f"{FORM}/{'a' * 22}").status_code == 403
    assert client.post(f"{FORM}/{'a' * 22}", data={"csrf_token": token}).status_code == 403


def test_csrf_is_enforced_on_upload_and_confirm(app, make_user, org):
    client = officer(app, make_user, org)
    response = upload(client, data("ringkasan.csv"), "ringkasan.csv", token="")
    assert response.status_code == 422
    assert "Formulir sudah kedaluwarsa" in response.get_data(as_text=True)
    assert not list((Path(app.instance_path) / "imports").glob("*.json"))
    path = preview_path(upload(client, data("ringkasan.csv"), "ringkasan.csv"))
    assert client.post(path, data={}).status_code == 400
    assert client.post(path, data={"csrf_token": "forged"}).status_code == 400
    assert counts() == (0, 0)
    assert confirm(client, path).status_code == 302 and counts() == (0, 18)


def test_lookups_do_not_grow_with_the_file(app, make_user, org):
    from elearn.reporting.scope import Scope
    from elearn.skm.importing import apply_import, plan_import
    from elearn.uploads.tables import read_table

    def statements(copies: int) -> tuple[int, int]:
        table = read_table("x.csv", (HEADER + GOOD * copies).encode())
        with count_queries() as planning:
            plan = plan_import(table, Scope((org["KOTA-A"],)))
        assert plan.reading.ok
        with count_queries() as storing:
            apply_import(plan, None)
        return len(planning), len(storing)

    few, many = statements(2), statements(3000)
    assert few[0] == many[0] <= 3
    assert many[1] <= few[1] + 3  # 3,000 rows: two bulk inserts, not 3,000


def test_errors_speak_the_readers_language(app, make_user, org):
    client = officer(app, make_user, org)
    token = csrf_token(client, FORM)
    assert (
        client.post("/account/language", data={"lang": "en", "csrf_token": token}).status_code
        == 302
    )
    text = HEADER + GOOD.replace(";4;3;3;4;", ";4;7;3;4;")
    page = upload(client, text.encode(), "x.csv").get_data(as_text=True)
    assert ("2", "U2", "a score must be 1, 2, 3 or 4; written `7`") in cells(page)


def test_a_service_column_that_names_hundreds_of_new_services_is_refused(app, make_user, org):
    client = officer(app, make_user, org)
    text = HEADER + "".join(GOOD.replace("Pembuatan KTP-el", f"Warga {n}") for n in range(201))
    page = upload(client, text.encode(), "x.csv").get_data(as_text=True)
    assert (
        "1",
        "layanan",
        "berkas ini akan membuat lebih dari 200 layanan baru; periksa "
        "apakah kolom layanan berisi nama layanan",
    ) in cells(page)
    assert counts() == (0, 0)
