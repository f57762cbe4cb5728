"""In Chromium: HR imports employees (fixing a file with two bad rows), assigns a course
to a unit, an employee of that unit activates their account and completes it on a phone,
and HR sees it in the completion matrix and in the XLSX download."""

import csv
import io
import re
from datetime import date, timedelta

from openpyxl import load_workbook
from playwright.sync_api import expect

from elearn.extensions import db
from elearn.models import Course
from tests.helpers import publish
from tests.helpers.browser import log_in

HEADER = "nip;nama;email;jenis_pegawai;kode_unit;kode_jabatan;golongan\n"
GOOD_ROWS = (
    "198609262015051001;Siti Rahmawati;siti@example.go.id;PNS;PKM-A1;;III/a\n"
    "199203152019032004; Rina Kartika ;;PNS;PKM-A1;;III/b\n"
    "199507012023211003;Andi Pratama;;PPPK;PKM-A2;;IX\n"
)
# Excel mangled one NIP, and one row names a unit of the other government.
BAD_ROWS = (
    "1.98609E+17;Siti Rahmawati;siti@example.go.id;PNS;PKM-A1;;III/a\n"
    "199203152019032004;Rina Kartika;;PNS;PKM-B1;;III/b\n"
    "199507012023211003;Andi Pratama;;PPPK;PKM-A2;;IX\n"
)


def upload(page, text: str) -> None:
    page.get_by_label("Berkas pegawai (CSV atau XLSX)").set_input_files(
        {"name": "pegawai.csv", "mimeType": "text/csv", "buffer": ("\ufeff" + text).encode()}
    )
    page.get_by_role("button", name="Periksa berkas").click()


def test_hr_import_assign_complete_matrix_xlsx(
    live_server, browser, org, make_user, make_course, tmp_path
):
    publish(make_course)  # "Kursus Uji": two modules, a quiz in the second
    course_id = db.session.scalar(db.select(Course.id).where(Course.slug == "kursus-uji"))
    make_user("bkpsdm", ("hr",), "Dewi Lestari", scope_unit_id=org["KOTA-A"])

    office = browser.new_context(accept_downloads=True, locale="id-ID")
    hr = office.new_page()
    hr.set_default_timeout(15_000)
    log_in(hr, live_server, "bkpsdm")
    hr.get_by_role("link", name="SDM", exact=True).click()
    hr.get_by_role("link", name="Impor pegawai").click()

    # 1. A file with two bad rows: every error by row and column, nothing written.
    upload(hr, HEADER + BAD_ROWS)
    expect(hr.get_by_role("alert")).to_contain_text("2 kesalahan ditemukan")
    errors = hr.locator("table tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("nip")
    expect(errors.nth(0)).to_contain_text("angka ilmiah")
    expect(errors.nth(1)).to_contain_text("kode_unit")
    expect(errors.nth(1)).to_contain_text("PKM-B1")

    # 2. The fixed file: a preview, then the import.
    hr.get_by_role("link", name="Unggah berkas yang sudah diperbaiki").click()
    upload(hr, HEADER + GOOD_ROWS)
    expect(hr.get_by_text("3 pegawai baru")).to_be_visible()
    hr.get_by_role("button", name="Simpan impor").click()
    expect(hr.get_by_role("status").first).to_contain_text("3 pegawai baru")
    with hr.expect_download() as download_info:
        hr.get_by_role("link", name="Unduh kode aktivasi yang belum dipakai").click()
    codes_path = tmp_path / "kode.csv"
    download_info.value.save_as(codes_path)
    codes = {
        row["nip"]: row["kode_aktivasi"]
        for row in csv.DictReader(io.StringIO(codes_path.read_text(encoding="utf-8-sig")))
    }
    assert set(codes) == {"198609262015051001", "199203152019032004", "199507012023211003"}

    # 3. Assign the course to Puskesmas Anggrek Satu, due in two weeks.
    hr.get_by_role("link", name="Pelatihan wajib").click()
    hr.get_by_role("link", name="Tetapkan pelatihan wajib").click()
    hr.get_by_label("Kursus").select_option(label="Kursus Uji")
    hr.get_by_label("Unit kerja").select_option(value=str(org["PKM-A1"]))
    due = date.today() + timedelta(days=14)
    hr.get_by_label("Batas waktu").fill(due.isoformat())
    hr.get_by_role("button", name="Simpan").click()
    expect(hr.get_by_role("status").first).to_be_visible()

    # 4. Siti activates her account on a phone, sees the mandatory course and completes it.
    phone_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    phone = phone_context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(f"{live_server}/activate")
    phone.get_by_label("NIP", exact=True).fill("198609262015051001")
    phone.get_by_label("Kode aktivasi").fill(codes["198609262015051001"])
    phone.get_by_label("Kata sandi baru", exact=True).fill("sandi-siti-2026")
    phone.get_by_label("Ulangi kata sandi baru").fill("sandi-siti-2026")
    phone.get_by_role("button", name="Aktifkan akun").click()
    phone.goto(f"{live_server}/my")
    mandatory = phone.locator("section").filter(has_text="Pelatihan wajib").first
    expect(mandatory).to_contain_text("Kursus Uji")
    mandatory.get_by_role("link", name=re.compile("Kursus Uji")).first.click()
    phone.goto(f"{live_server}/courses/kursus-uji/pengantar")
    phone.get_by_role("button", name="Tandai selesai dibaca").click()
    phone.goto(f"{live_server}/courses/kursus-uji/lanjutan")
    phone.get_by_role("button", name="Tandai selesai dibaca").click()
    phone.goto(f"{live_server}/courses/kursus-uji/lanjutan")
    phone.get_by_role("link", name="Kerjakan kuis").click()
    phone.get_by_role("button", name="Mulai").click()
    phone.get_by_label("Empat").check()
    phone.get_by_role("button", name="Kirim jawaban").click()
    expect(phone.get_by_text("Selamat! Kursus ini selesai")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # 5. HR sees it in the matrix, drills down, and downloads the XLSX.
    hr.goto(f"{live_server}/hr/matrix?unit={org['DINKES-A']}")
    row = hr.get_by_role("row").filter(has_text="Puskesmas Anggrek Satu")
    expect(row.get_by_role("link", name=re.compile("1 dari 2 pegawai selesai"))).to_be_visible()
    with hr.expect_download() as download_info:
        hr.get_by_role("link", name="Unduh XLSX").click()
    xlsx_path = tmp_path / "matriks.xlsx"
    download_info.value.save_as(xlsx_path)
    sheet = load_workbook(xlsx_path, read_only=True).active
    rows = [[cell for cell in r] for r in sheet.iter_rows(values_only=True)]
    flat = [" ".join(str(c) for c in r if c is not None) for r in rows]
    satu = next(line for line in flat if "Puskesmas Anggrek Satu" in line)
    dua = next(line for line in flat if "Puskesmas Anggrek Dua" in line)
    assert "Kursus Uji" in " ".join(str(c) for c in rows[0] if c is not None) or any(
        "Kursus Uji" in line for line in flat
    )
    assert " 1 " in f" {satu} " and " 0 " in f" {dua} "

    row.get_by_role("link", name=re.compile("1 dari 2 pegawai selesai")).click()
    expect(hr.get_by_role("row").filter(has_text="Siti Rahmawati")).to_contain_text("Selesai")
    assert course_id
    for context in (office, phone_context):
        context.close()
