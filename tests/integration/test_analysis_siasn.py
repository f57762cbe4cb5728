"""/hr/siasn: the training history in BKN SIASN's shape, previewed and downloaded."""

from __future__ import annotations

import re

from elearn.reporting.report import Column
from elearn.reports import siasn
from tests.helpers import login, read_csv, read_xlsx
from tests.helpers.analysis import YEAR, viewer

HEADERS = [
    "nip",
    "nama",
    "jenis_diklat",
    "nama_pelatihan",
    "nomor_sertifikat",
    "tanggal_mulai",
    "tanggal_selesai",
    "tahun",
    "jumlah_jam",
    "penyelenggara",
]


def test_csv_has_one_row_per_certificate_not_revoked(dinkes, analysis_world):
    """This agency in YEAR: ani (etika-lanjut), budi (etika-dasar on version 1), dedi three
    (etika-lanjut expired: the training still happened), eka. Citra's is revoked, ani's
    etika-dasar was the year before, hadi and iwan work elsewhere."""
    response = dinkes.get(f"/hr/siasn.csv?year={YEAR}")
    text = response.get_data(as_text=True).lstrip("\ufeff")
    assert text.splitlines()[0] == ",".join(HEADERS)
    rows = read_csv(response)
    certs = analysis_world.certificates
    assert [(r["nama"], r["nomor_sertifikat"]) for r in rows] == [
        ("Ani Lestari", certs["ani-lanjut"].number),
        ("Budi Santoso", certs["budi-dasar"].number),
        ("Dedi Kurniawan", certs["dedi-dasar"].number),
        ("Dedi Kurniawan", certs["dedi-lanjut"].number),
        ("Dedi Kurniawan", certs["dedi-kom"].number),
        ("Eka Putri", certs["eka-dasar"].number),
    ]
    budi = rows[1]
    assert budi == {
        "nip": "198102022006011002",
        "nama": "Budi Santoso",
        "jenis_diklat": "Pelatihan Teknis",
        "nama_pelatihan": "Etika Dasar ASN",  # the title of the version he completed
        "nomor_sertifikat": certs["budi-dasar"].number,
        # 1 March 01:00 and 10 March 03:00 in Jakarta are still February and 9 March in UTC.
        "tanggal_mulai": f"{YEAR}-03-01",
        "tanggal_selesai": f"{YEAR}-03-10",
        "tahun": str(YEAR),
        "jumlah_jam": "2",
        "penyelenggara": "BKPSDM Pemerintah Daerah",
    }
    ani = rows[0]
    # No enrolment row: the course started, as far as anyone knows, the day it ended.
    assert (ani["tanggal_mulai"], ani["tanggal_selesai"]) == (f"{YEAR}-06-01", f"{YEAR}-06-01")
    assert (ani["nama_pelatihan"], ani["jumlah_jam"]) == ("Etika Lanjut", "4")
    assert rows[2]["nama_pelatihan"] == "Etika Dasar" and rows[2]["jumlah_jam"] == "3"


def test_xlsx_keeps_nip_as_text(dinkes, analysis_world):
    sheet = read_xlsx(dinkes.get(f"/hr/siasn.xlsx?year={YEAR}"))
    assert list(sheet[0]) == HEADERS
    assert len(sheet) == 6
    assert sheet[1]["nip"] == "198102022006011002"
    assert sheet[1]["tahun"] == YEAR and sheet[1]["jumlah_jam"] == 2


def test_filters(dinkes, analysis_world, org):
    lanjut = analysis_world.courses["lanjut"].id
    rows = read_csv(dinkes.get(f"/hr/siasn.csv?year={YEAR}&course={lanjut}"))
    assert [r["nama"] for r in rows] == ["Ani Lestari", "Dedi Kurniawan"]
    perawat = analysis_world.positions["perawat"].id
    rows = read_csv(dinkes.get(f"/hr/siasn.csv?year={YEAR}&position={perawat}"))
    assert [r["nama"] for r in rows] == ["Budi Santoso", "Eka Putri"]
    rows = read_csv(dinkes.get(f"/hr/siasn.csv?year={YEAR}&unit={org['PKM-A2']}"))
    assert [r["nama"] for r in rows] == ["Eka Putri"]
    rows = read_csv(dinkes.get(f"/hr/siasn.csv?year={YEAR - 1}"))
    assert [(r["nama"], r["nama_pelatihan"]) for r in rows] == [("Ani Lestari", "Etika Dasar ASN")]
    rows = read_csv(dinkes.get(f"/hr/siasn.csv?year={YEAR}&q=dedi"))
    assert len(rows) == 3
    rows = read_csv(dinkes.get(f"/hr/siasn.csv?year={YEAR}&sort=end&dir=desc"))
    assert rows[-1]["nama"] == "Budi Santoso"  # completed in March, the others in June


def test_preview_page(dinkes, analysis_world):
    page = dinkes.get(f"/hr/siasn?year={YEAR}").get_data(as_text=True)
    assert "6 sertifikat pada tahun 2025." in page
    assert "Etika Dasar ASN" in page and analysis_world.certificates["eka-dasar"].number in page
    assert analysis_world.certificates["citra-dasar"].number not in page
    assert f"/hr/siasn.csv?year={YEAR}" in page and f"/hr/siasn.xlsx?year={YEAR}" in page
    page = dinkes.get(f"/hr/siasn?year={YEAR}&q=tidak-ada").get_data(as_text=True)
    assert "Tidak ada pegawai yang cocok" in page


def test_institution_name_and_training_type_come_from_settings(
    make_app, make_user, org, analysis_world
):
    make_user("hr-kota", ("hr",), "Petugas", scope_unit_id=org["KOTA-A"])
    app = make_app(INSTITUTION_NAME="BKPSDM Kota Anggrek", SIASN_TRAINING_TYPE="Kursus")
    client = app.test_client()
    assert login(client, "hr-kota").status_code == 302
    rows = read_csv(client.get(f"/hr/siasn.csv?year={YEAR}"))
    assert {r["penyelenggara"] for r in rows} == {"BKPSDM Kota Anggrek"}
    assert {r["jenis_diklat"] for r in rows} == {"Kursus"}


def test_empty_history(app, make_user, org):
    client = viewer(app, make_user, "hr-kosong", scope_unit_id=org["KEC-A"])
    assert "Belum ada sertifikat" in client.get("/hr/siasn").get_data(as_text=True)
    assert read_csv(client.get("/hr/siasn.csv")) == []


def test_one_column_definition_drives_page_and_downloads(dinkes, analysis_world, monkeypatch):
    """A column added to the report's definition shows up as a page header and cell, and as a
    CSV and XLSX header and value, without touching the template or the download code."""
    extra = Column("kolom_uji", lambda row: f"uji-{row.tahun}", label="Kolom Uji", sort=None)
    monkeypatch.setattr(siasn, "COLUMNS", (*siasn.COLUMNS, extra))
    page = dinkes.get(f"/hr/siasn?year={YEAR}").get_data(as_text=True)
    assert '<th scope="col">Kolom Uji</th>' in page
    assert f"<td>uji-{YEAR}</td>" in page
    rows = read_csv(dinkes.get(f"/hr/siasn.csv?year={YEAR}"))
    assert list(rows[0])[-1] == "kolom_uji" and rows[0]["kolom_uji"] == f"uji-{YEAR}"
    assert list(read_xlsx(dinkes.get(f"/hr/siasn.xlsx?year={YEAR}"))[0])[-1] == "kolom_uji"
    # Every labelled column of the definition heads the page, in the definition's order.
    with dinkes.application.test_request_context():
        labels = [str(c.label) for c in siasn.COLUMNS if c.on_page]
    heads = re.findall(r'<th scope="col"[^>]*>\s*(?:<a [^>]*>)?([^<▲▼]+?)\s*(?:[▲▼])?\s*<', page)
    assert heads == labels
