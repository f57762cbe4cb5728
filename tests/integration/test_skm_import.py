"""HR imports SKM results from CSV/XLSX (issue 18, item 1): both shapes, a preview that stores
nothing, one confirmed write, replacement of earlier imports, the results they make."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from elearn.domain import skm_import
from elearn.extensions import db
from elearn.models import AuditLog, SkmElementAverage, SkmResponse, SkmService
from elearn.reporting.scope import Scope
from elearn.skm import results
from tests.helpers import logged_in_client
from tests.helpers import skm as rows
from tests.helpers.skm_import import (
    FORM,
    confirm,
    counts,
    data,
    imported,
    officer,
    preview_path,
    upload,
)

KEC_AVERAGES = (3.12, 2.95, 2.71, 3.88, 3.20, 3.05, 3.33, 2.64, 2.90)  # ringkasan.csv, KEC-A


def csv_respondents(unit: str, service: str) -> list[list[int]]:
    """The nine scores of each respondent of `unit` and `service` in responden.csv, read
    with the csv module: the oracle the stored results are checked against."""
    text = data("responden.csv").decode("utf-8")
    found = []
    for line in csv.DictReader(io.StringIO(text), delimiter=";"):
        if line["Kode Unit"] == unit and line["Layanan"] == service:
            found.append([int(line[f"U{n}"]) for n in range(1, 10)])
    return found


def test_respondents_csv_preview_stores_nothing_and_confirm_stores_all(app, make_user, org):
    client = officer(app, make_user, org)
    path = preview_path(upload(client, data("responden.csv"), "responden.csv"))
    page = client.get(path).get_data(as_text=True)
    assert "25 responden akan disimpan" in page
    assert "Surat Keterangan Pindah <strong>(baru)</strong>" in page
    assert "Nama Responden" in page and "No" in page  # columns not read, said so
    assert "Tidak ada hasil impor sebelumnya yang diganti." in page
    assert counts() == (0, 0) and db.session.scalar(select(SkmService.id)) is None
    response = confirm(client, path)
    assert response.status_code == 302
    assert counts() == (25, 0)
    stored = db.session.scalars(select(SkmResponse)).all()
    assert {r.source for r in stored} == {"impor"} and {r.period for r in stored} == {"2026-S1"}
    assert len({r.import_id for r in stored}) == 1 and stored[0].import_id
    services = dict(db.session.execute(select(SkmService.name, SkmService.unit_id)).all())
    assert services == {
        "Pembuatan KTP-el": org["KEL-A1"],
        "Surat Keterangan Pindah": org["KEL-A1"],
        "Pendaftaran Pasien Umum": org["PKM-A1"],
    }
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "skm.import"))
    assert entry.details["rows"] == 25 and entry.details["shape"] == "responden"
    assert entry.details["units"] == ["KEL-A1", "PKM-A1"]
    assert client.get(FORM).get_data(as_text=True).count("Impor SKM tersimpan: 25 baris") == 1


def test_an_imported_file_makes_the_index(app, make_user, org):
    client = officer(app, make_user, org)
    imported(client, data("responden.csv"), "responden.csv")
    ktp = csv_respondents("KEL-A1", "Pembuatan KTP-el")
    moving = csv_respondents("KEL-A1", "Surat Keterangan Pindah")
    everyone = ktp + moving
    averages = [sum(r[i] for r in everyone) / len(everyone) for i in range(9)]
    expected = sum(averages) / 9 * 25
    found = results.results(Scope((org["KOTA-A"],)))[(org["KEL-A1"], "2026-S1")]
    assert found.respondents == 17
    assert found.index == pytest.approx(expected)
    assert found.average(3) == pytest.approx(averages[2])


def test_respondents_xlsx_with_other_spellings_and_excel_dates(app, make_user, org):
    client = officer(app, make_user, org)
    page = imported(client, data("responden.xlsx"), "responden.xlsx", granularity="month")
    assert "10 responden akan disimpan" in page
    stored = db.session.scalars(select(SkmResponse)).all()
    assert {r.unit_id for r in stored} == {org["PKM-A2"]}
    assert {r.period for r in stored} == {"2025-Q4"}  # the file's period, not the month
    assert all(r.answered_on.year == 2025 and r.answered_on.month >= 10 for r in stored)
    assert {r.gender for r in stored} <= {"Laki-laki", "Perempuan"}
    assert {r.age_group for r in stored} <= {"<20", "20-29", "30-39", "40-49"}
    name = db.session.scalar(select(SkmService.name))
    assert name == "Pemeriksaan Ibu Hamil"


def test_summaries_csv_and_xlsx(app, make_user, org):
    client = officer(app, make_user, org)
    page = imported(client, data("ringkasan.csv"), "ringkasan.csv")
    assert "18 baris ringkasan (unit dan unsur) akan disimpan" in page
    imported(client, data("ringkasan.xlsx"), "ringkasan.xlsx")
    assert counts() == (0, 27)
    found = results.results(Scope((org["KOTA-A"],)))
    kec = found[(org["KEC-A"], "2025-S2")]
    assert kec.respondents == 152
    assert kec.index == pytest.approx(sum(KEC_AVERAGES) / 9 * 25)
    assert kec.average(8) == pytest.approx(2.64)
    assert found[(org["PKM-A1"], "2025-S2")].respondents == 96
    assert found[(org["PKM-A2"], "2025")].respondents == 210
    with_service = db.session.scalars(
        select(SkmElementAverage).where(SkmElementAverage.unit_id == org["KEC-A"])
    ).all()
    assert len({r.service_id for r in with_service}) == 1 and with_service[0].service_id


def test_a_reimport_replaces_exactly_its_keys_and_never_online_answers(app, make_user, org):
    kel = org["KEL-A1"]
    client = officer(app, make_user, org)
    imported(client, data("responden.csv"), "responden.csv")
    ktp = db.session.scalar(select(SkmService.id).where(SkmService.name == "Pembuatan KTP-el"))
    rows.responses(kel, "2026-S1", (4,) * 9, count=3, service_id=ktp, source="daring")
    rows.responses(kel, "2025-S2", (2,) * 9, count=4, service_id=ktp)  # another period
    rows.responses(kel, "2026-S1", (2,) * 9, count=2)  # no service: another key
    rows.summary(kel, "2026-S1", (3.0,) * 9, respondents=50, service_id=ktp)  # another shape
    path = preview_path(upload(client, data("responden.csv"), "responden.csv"))
    page = client.get(path).get_data(as_text=True)
    assert "25 baris dari impor sebelumnya" in page
    assert "(baru)" not in page  # the services exist now
    confirm(client, path)
    by_source = {}
    for source, period in db.session.execute(select(SkmResponse.source, SkmResponse.period)):
        by_source[(source, period)] = by_source.get((source, period), 0) + 1
    assert by_source == {
        ("impor", "2026-S1"): 25 + 2,
        ("daring", "2026-S1"): 3,
        ("impor", "2025-S2"): 4,
    }
    assert counts()[1] == 9
    assert len(db.session.scalars(select(SkmService)).all()) == 3  # none made twice
    # The same for summaries: a second import of the same file replaces the first.
    imported(client, data("ringkasan.csv"), "ringkasan.csv")
    page = imported(client, data("ringkasan.csv"), "ringkasan.csv")
    assert "18 baris dari impor sebelumnya" in page
    assert counts()[1] == 9 + 18


def test_service_names_match_whatever_their_case_and_spacing(app, make_user, org):
    existing = rows.service(org["KEL-A1"], "Pembuatan KTP-el")
    client = officer(app, make_user, org)
    text = data("responden.csv").decode().replace(";Pembuatan KTP-el;", ";pembuatan  KTP-EL;")
    page = imported(client, text.encode(), "responden.csv")
    assert "Pembuatan KTP-el <strong>" not in page
    ids = {r.service_id for r in db.session.scalars(select(SkmResponse))}
    assert existing.id in ids


def test_admins_import_into_any_government(app, make_user, org):
    make_user("admin", ("admin",))
    client = logged_in_client(app, "admin")
    text = "kode_unit;periode;unsur;rata_rata;jumlah_responden\n" + "".join(
        f"PKM-B1;2026;U{n};3,5;40\n" for n in range(1, 10)
    )
    imported(client, text.encode(), "bakung.csv")
    assert results.results(Scope(None))[(org["PKM-B1"], "2026")].index == pytest.approx(87.5)


def test_sample_files_read_back_as_their_shape(app, make_user, org):
    client = officer(app, make_user, org)
    for shape in skm_import.SHAPES:
        response = client.get(f"{FORM}/contoh.csv?bentuk={shape}")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        reading = skm_import.read_rows(table, {"KODE-UNIT"})
        assert reading.ok and reading.shape == shape, reading.errors
        response = client.get(f"{FORM}/contoh.xlsx?bentuk={shape}")
        sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).worksheets[0]
        reading = skm_import.read_rows(
            [list(r) for r in sheet.iter_rows(values_only=True)], {"KODE-UNIT"}
        )
        assert reading.ok and reading.shape == shape, reading.errors
    assert client.get(f"{FORM}/contoh.csv?bentuk=lain").status_code == 404
    # Uploaded unchanged, a sample stores nothing: its unit code is a placeholder.
    sample = client.get(f"{FORM}/contoh.csv?bentuk=responden").get_data()
    response = upload(client, sample, "contoh.csv")
    assert response.status_code == 422 and "unit `KODE-UNIT` tidak dikenal" in response.get_data(
        as_text=True
    )
