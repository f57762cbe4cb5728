"""/hr/penghargaan (issue 18 item 5): the year's lists in the officer's scope, their
statement budget, downloads, the print page's privacy rule, who may look, and the
recognition certificate (enabled or not, once, verifiable like a course certificate)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import AuditLog, Certificate, Course, User
from tests.helpers import count_queries, csrf_token, login
from tests.helpers.assignments import assign, at, retake
from tests.helpers.recognition import RECOGNITION_BUDGETS, build
from tests.helpers.reports import (
    LAST_YEAR,
    YEAR,
    add_course,
    add_learner,
    complete,
    text,
    viewer,
)

PAGE = "/hr/penghargaan"
PRINT = "/hr/penghargaan/cetak"
BUDGETS = RECOGNITION_BUDGETS
QUALIFIED_A = ("Ani Lestari", "Dewi Kartika", "Eko Prasetyo", "Fitri Handayani", "Hana Pertiwi")


@pytest.fixture
def world(org):
    return build(org)


@pytest.fixture
def hr(make_user, client, org, world):
    """An HR officer of Dinas Kesehatan Kota Anggrek, logged in."""
    viewer(make_user, client, org)
    return client


def rows_of(csv_bytes: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig"))))


def test_hr_sees_the_last_complete_year_in_scope_with_every_name(hr, org):
    page = text(hr.get(PAGE))
    assert f"Penghargaan tahun {LAST_YEAR}" in page
    for name in QUALIFIED_A:
        assert name in page
    # Budi missed the mandatory course; Citra is short of JP; Fajar and Gita are outside.
    for name in ("Budi Santoso", "Citra Wulandari", "Fajar Nugroho", "Gita Savitri"):
        assert name not in page
    assert "5 pegawai memenuhi syarat." in page
    # Units: PKM-A2 (3 of 5) before PKM-A1 (2 of 5); Dinkes (one employee) is not ranked.
    units = page.split('id="unit-jp"')[1].split('id="unit-ikm"')[0]
    assert units.index("Puskesmas Anggrek Dua") < units.index("Puskesmas Anggrek Satu")
    assert "60%" in units and "40%" in units and "Dinas Kesehatan" not in units
    assert "sekurang-kurangnya 5 pegawai" in units
    # IKM: PKM-A1 rose 75 -> 100; PKM-A2 had too few respondents; others are not in scope.
    ikm = page.split('id="unit-ikm"')[1]
    assert "Puskesmas Anggrek Satu" in ikm and "+25" in ikm and "12 responden" in ikm
    assert f"{LAST_YEAR - 1}" in ikm and f"{LAST_YEAR}-S2" in ikm
    for name in ("Puskesmas Anggrek Dua", "Bakung", "Kelurahan Melati"):
        assert name not in ikm


def test_another_government_sees_only_its_own(make_user, client, org, world):
    viewer(make_user, client, org, name="hr-bakung", scope="KOTA-B")
    page = text(client.get(PAGE))
    assert "Gita Savitri" in page and "Puskesmas Bakung Satu" in page
    assert not any(name in page for name in QUALIFIED_A)
    assert "Anggrek" not in page


def test_an_admin_sees_every_government(make_user, client, org, world):
    viewer(make_user, client, org, name="admin", roles=("admin",), scope=None)
    page = text(client.get(f"{PAGE}?semua=1"))
    for name in (*QUALIFIED_A, "Fajar Nugroho", "Gita Savitri"):
        assert name in page


def test_the_pages_keep_their_statement_budget_whatever_the_size(hr, org, world):
    def counts() -> dict[str, int]:
        found = {}
        for path in BUDGETS:
            with count_queries() as statements:
                assert hr.get(path).status_code == 200
            found[path] = len(statements)
        return found

    before = counts()
    assert all(before[path] <= BUDGETS[path] for path in BUDGETS), before
    for i in range(25):
        person = add_learner(f"Tambahan {i:02d}", org["PKM-A1" if i % 2 else "PKM-A2"])
        complete(person, world["courses"]["k20"], LAST_YEAR)
    assert counts() == before


def test_the_three_lists_download_as_csv_and_xlsx(hr):
    asn = rows_of(hr.get(f"{PAGE}/asn.csv?tahun={LAST_YEAR}").data)
    assert [r["nama"] for r in asn][:1] == ["Ani Lestari"]  # 22 JP: first place
    assert {r["nama"] for r in asn} == set(QUALIFIED_A)
    assert {r["peringkat"] for r in asn[1:]} == {"2"}  # four tied at 20 JP
    dewi = next(r for r in asn if r["nama"] == "Dewi Kartika")
    assert dewi["nama_boleh_ditampilkan"] == "ya" and dewi["jp"] == "20"
    units = rows_of(hr.get(f"{PAGE}/unit-jp.csv").data)
    assert [(r["peringkat"], r["kode_unit"], r["kepatuhan_jp_persen"]) for r in units] == [
        ("1", "PKM-A2", "60.0"),
        ("2", "PKM-A1", "40.0"),
    ]
    ikm = rows_of(hr.get(f"{PAGE}/unit-ikm.csv").data)
    assert [
        (r["kode_unit"], r["ikm_sebelum"], r["ikm_sesudah"], r["perubahan_ikm"]) for r in ikm
    ] == [("PKM-A1", "75.0", "100.0", "25.0")]
    response = hr.get(f"{PAGE}/asn.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [c.value for c in sheet[1]][:3] == ["peringkat", "nip", "nama"]
    assert sheet.max_row == 1 + len(QUALIFIED_A)
    assert hr.get(f"{PAGE}/asn.pdf").status_code == 404


def test_the_print_page_names_only_those_who_agreed_and_keeps_the_unit(hr):
    page = text(hr.get(f"{PRINT}?tahun={LAST_YEAR}"))
    assert "Dewi Kartika" in page  # she agreed on her account page
    for name in ("Ani Lestari", "Eko Prasetyo", "Fitri Handayani", "Hana Pertiwi"):
        assert name not in page
    assert page.count("(nama tidak ditampilkan)") == 4
    assert "Puskesmas Anggrek Satu" in page and "Dinas Kesehatan Kota Anggrek" in page
    assert "BKPSDM Pemerintah Daerah" in page  # the institution, as on certificates
    assert "Kepala Daerah" in page and "Kepala BKPSDM" in page  # room to sign
    assert 'class="subnav"' not in page and '<header class="site"' not in page
    # The NIP shows nowhere on paper, not even of those who agreed.
    dewi = db.session.scalar(select(User.username).where(User.full_name == "Dewi Kartika"))
    assert dewi not in page


def test_a_bad_year_falls_back_with_a_message_and_this_year_is_provisional(hr):
    page = text(hr.get(f"{PAGE}?tahun=dua-ribu"))
    assert f"ditampilkan tahun {LAST_YEAR}" in page
    assert f"ditampilkan tahun {LAST_YEAR}" in text(hr.get(f"{PAGE}?tahun={YEAR + 1}"))
    now = text(hr.get(f"{PAGE}?tahun={YEAR}"))
    assert f"Tahun {YEAR} masih berjalan" in now
    assert "Belum ada pegawai yang memenuhi syarat" in now
    assert hr.get(f"{PRINT}?tahun=%00").status_code == 200


@pytest.mark.parametrize("roles", [("learner",), ("supervisor",), ("trainer",)])
def test_only_hr_and_admins_may_look(make_user, client, org, world, roles):
    make_user("orang", roles=roles, unit_id=org["PKM-A1"], scope_unit_id=org["DINKES-A"])
    assert login(client, "orang").status_code == 302
    for path in (PAGE, PRINT, f"{PAGE}/asn.csv", f"{PAGE}/unit-jp.xlsx", f"{PAGE}/unit-ikm.csv"):
        assert client.get(path).status_code == 403, path
    token = csrf_token(client, "/account")
    response = client.post(
        f"{PAGE}/sertifikat", data={"csrf_token": token, "user_id": 1, "year": LAST_YEAR}
    )
    assert response.status_code == 403
    assert client.get("/admin/penghargaan").status_code == 403


def test_visitors_are_sent_to_log_in(client, world):
    assert client.get(PAGE).status_code == 302


# --- the mandatory-course rule on real rows ----------------------------------------


def test_a_yearly_course_needs_this_years_cycle_met_a_retake_counting(hr, org, world):
    """Due every 1 September since the year before last: last year's cycle is met from
    2 September of the year before to 31 December. Dewi completed before it and passed
    the exam again inside it; Eko only completed before it; Fitri never did."""
    course = db.session.get(Course, world["courses"]["k8"])
    assign(course, org["PKM-A2"], due=date(LAST_YEAR - 1, 9, 1), recurrence="yearly")
    people = world["people"]
    for name in ("Dewi Kartika", "Eko Prasetyo"):
        complete(people[name], course.id, LAST_YEAR - 1)  # 15 March: before the cycle
    retake(db.session.get(User, people["Dewi Kartika"]), course, at(LAST_YEAR, 10, 2))
    page = text(hr.get(PAGE))
    assert "Dewi Kartika" in page
    assert "Eko Prasetyo" not in page and "Fitri Handayani" not in page


def test_an_assignment_cancelled_before_its_due_date_asks_nothing(hr, org, world):
    course = db.session.get(Course, world["courses"]["k12"])
    row = assign(course, org["PKM-A2"], due=date(LAST_YEAR, 11, 30))
    assert "Eko Prasetyo" not in text(hr.get(PAGE))
    row.cancelled_at = at(LAST_YEAR, 12, 5)  # after the due date: it still asked
    db.session.commit()
    assert "Eko Prasetyo" not in text(hr.get(PAGE))
    row.cancelled_at = at(LAST_YEAR, 11, 1)
    db.session.commit()
    assert "Eko Prasetyo" in text(hr.get(PAGE))


# --- recognition certificates ------------------------------------------------------


def issue(client, name: str, year: int = LAST_YEAR):
    user_id = db.session.scalar(select(User.id).where(User.full_name == name))
    token = csrf_token(client, f"{PAGE}?tahun={year}")
    return client.post(
        f"{PAGE}/sertifikat",
        data={"csrf_token": token, "user_id": user_id, "year": year},
        follow_redirects=True,
    )


def recognitions() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Certificate).where(Certificate.kind == "penghargaan")
    )


def enable(app, make_user) -> None:
    make_user("admin", roles=("admin",))
    admin = app.test_client()
    assert login(admin, "admin").status_code == 302
    token = csrf_token(admin, "/admin/penghargaan")
    response = admin.post("/admin/penghargaan", data={"csrf_token": token, "enabled": "y"})
    assert response.status_code == 302
    assert "checked" in admin.get("/admin/penghargaan").get_data(as_text=True)


def test_no_certificate_until_an_admin_enables_them(hr):
    page = text(hr.get(PAGE))
    assert "Sertifikat penghargaan belum diaktifkan oleh admin." in page
    assert "Terbitkan" not in page
    assert "belum diaktifkan" in text(issue(hr, "Ani Lestari"))
    assert recognitions() == 0


def test_hr_issues_one_verifiable_certificate_per_person_and_year(app, hr, make_user, client):
    enable(app, make_user)
    assert "Terbitkan" in text(hr.get(PAGE))
    page = text(issue(hr, "Ani Lestari"))
    assert "Sertifikat penghargaan" in page and "diterbitkan untuk Ani Lestari" in page
    assert "Terbit: lihat verifikasi" in page
    assert "sudah diterbitkan" in text(issue(hr, "Ani Lestari"))
    assert recognitions() == 1
    certificate = db.session.scalar(select(Certificate).where(Certificate.kind == "penghargaan"))
    assert (certificate.award_year, certificate.year) == (LAST_YEAR, LAST_YEAR)
    assert certificate.course_id is None and certificate.completion_id is None
    assert db.session.scalar(
        select(AuditLog.action).where(AuditLog.target_id == certificate.id)
    ) == ("recognition.certificate.issue")

    body = client.get(f"/verify/{certificate.code}.json").get_json()
    assert body["status"] == "valid" and body["signature_valid"] is True
    record = body["record"]
    assert record["kind"] == "penghargaan" and record["recognition"]["year"] == LAST_YEAR
    assert record["recognition"]["reason"] == (
        f"Mencapai target 20 JP dan menyelesaikan semua pelatihan wajib tahun {LAST_YEAR}"
    )
    assert "jp" not in record and "course" not in record and "competencies" not in record
    page = text(client.get(f"/verify/{certificate.code}"))
    assert f"Sertifikat penghargaan tahun {LAST_YEAR}" in page and "Ani Lestari" in page
    assert "Jam Pelajaran" not in page


def test_only_people_on_the_list_of_a_complete_year_in_scope(app, hr, make_user):
    enable(app, make_user)
    assert "tidak ada dalam daftar" in text(issue(hr, "Budi Santoso"))  # missed a course
    gita = db.session.scalar(select(User.id).where(User.full_name == "Gita Savitri"))
    token = csrf_token(hr, PAGE)
    response = hr.post(
        f"{PAGE}/sertifikat", data={"csrf_token": token, "user_id": gita, "year": LAST_YEAR}
    )
    assert response.status_code == 404  # another government's employee
    ani = db.session.scalar(select(User.id).where(User.full_name == "Ani Lestari"))
    complete(ani, add_course("kursus-baru", "Kursus Tahun Ini", 20), YEAR)
    assert "tahun yang sudah selesai" in text(issue(hr, "Ani Lestari", YEAR))
    bad = hr.post(f"{PAGE}/sertifikat", data={"csrf_token": token, "user_id": "x", "year": 1})
    assert bad.status_code == 302
    assert recognitions() == 0


def test_the_learner_finds_it_among_their_certificates_with_a_pdf(app, hr, make_user):
    enable(app, make_user)
    issue(hr, "Ani Lestari")
    certificate = db.session.scalar(select(Certificate).where(Certificate.kind == "penghargaan"))
    ani = db.session.get(User, certificate.user_id)
    ani.set_password("kata sandi peserta uji")
    db.session.commit()
    learner = app.test_client()
    assert login(learner, ani.username, "kata sandi peserta uji").status_code == 302
    mine = text(learner.get("/my/certificates"))
    assert f"Penghargaan tahun {LAST_YEAR}" in mine and certificate.number in mine
    assert "Open Badge" not in mine.split(certificate.number)[1].split("</li>")[0]
    data = learner.get(f"/my/certificates/{certificate.id}.pdf").data
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    words = " ".join(words.split())
    assert "PIAGAM PENGHARGAAN" in words and "Ani Lestari" in words
    assert "menyelesaikan semua pelatihan wajib" in words and "JP)" not in words
    badge = learner.get(f"/my/certificates/{certificate.id}/open-badge")
    assert badge.status_code == 404


# --- the learner's consent -----------------------------------------------------------


def test_a_learner_agrees_to_be_named_on_their_account_page(client, make_user, org):
    make_user("peserta", unit_id=org["PKM-A1"])
    assert login(client).status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert 'name="shown"' in page and "checked" not in page.split('name="shown"')[1][:40]
    token = csrf_token(client, "/account")
    response = client.post("/account/penghargaan", data={"csrf_token": token, "shown": "y"})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "peserta"))
    assert user.recognition_public is True
    assert db.session.scalar(
        select(AuditLog.details).where(AuditLog.action == "account.recognition_name")
    ) == {"shown": True}
    client.post("/account/penghargaan", data={"csrf_token": token})  # unticked
    db.session.expire_all()
    assert user.recognition_public is False
    assert client.post("/account/penghargaan", data={}).status_code == 400  # no CSRF token
