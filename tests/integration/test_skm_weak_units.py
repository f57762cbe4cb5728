"""/hr/skm (issue 18 item 3): each unit's SKM result in a period with its weak elements and
the courses mapped to them, scoped like every HR page, and the one-step mandatory assignment
of a recommended course to the unit's front-line staff."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from elearn import clock
from elearn.extensions import db
from elearn.models import Assignment, AuditLog, SkmResponse
from elearn.skm import mapping
from tests.helpers import count_queries, csrf_token, logged_in_client
from tests.helpers import skm as rows
from tests.helpers.assignments import assign as assign_row
from tests.helpers.reports import text, viewer
from tests.helpers.skm_weak import EARLIER, FOREIGN_COMMENT, PERIOD, build

OVERVIEW = "/hr/skm"


@pytest.fixture
def world(app, org):
    return build(org)


@pytest.fixture
def hr(client, make_user, org):
    viewer(make_user, client, org, name="hr-anggrek", scope="KOTA-A")
    return client


def assign_path(org, world, unit="KEL-A1", course="prima") -> str:
    return f"/hr/skm/unit/{org[unit]}/wajibkan/{world[course]}?period={PERIOD}"


def section(page: str, unit_name: str) -> str:
    """The overview's card of one unit."""
    start = page.index(f">{unit_name}</a></h3>")
    return page[start : page.index("</section>", start)]


def assignments() -> list[Assignment]:
    db.session.expire_all()
    return list(db.session.scalars(select(Assignment).order_by(Assignment.id)))


def test_weak_units_and_elements_with_their_recommended_courses(hr, world, org):
    rows.service(org["KEL-A1"], population=100)  # 80 respondents needed; 10 answered
    page = text(hr.get(OVERVIEW))
    assert f'<option value="{PERIOD}" selected>' in page  # the latest period by default
    assert "Kelurahan Melati" in page and "Puskesmas Anggrek Satu" in page
    assert "Puskesmas Bakung Satu" not in page and FOREIGN_COMMENT not in page
    # Weakest first: Puskesmas Anggrek Dua (IKM 50) before Kelurahan Melati (83,33).
    assert page.index("Puskesmas Anggrek Dua") < page.index("Kelurahan Melati")
    assert "IKM 50,00" in page and "mutu D (Tidak Baik)" in page
    melati = section(page, "Kelurahan Melati")
    assert "IKM 83,33" in melati and "mutu B (Baik)" in melati
    assert "U3 Waktu penyelesaian: rata-rata 2,00 (50,00 pada skala IKM)" in melati
    assert "U7 Perilaku pelaksana" in melati and "U8 Penanganan pengaduan" in melati
    assert "U1 Persyaratan:" not in melati  # good elements are not listed as weak
    assert "Responden baru 10 dari minimal 80" in melati
    assert "Pelayanan Prima</strong> · untuk U7, U8" in melati  # whole course: no module named
    assert "Manajemen Waktu</strong> · untuk U3" in melati
    assert f'href="{assign_path(org, world)}"' in melati.replace("&amp;", "&")
    # Puskesmas Anggrek Dua has nobody front-line: said plainly, with where to flag positions.
    dua = section(page, "Puskesmas Anggrek Dua")
    assert "Unit ini belum punya petugas layanan" in dua and 'href="/admin/positions"' in dua
    assert "/wajibkan/" not in dua
    # U4 (biaya) and U9 (sarana) map to nothing: weak, without a course.
    assert "U9 Sarana dan prasarana: rata-rata 2,00 (50,00 pada skala IKM) · " in dua
    assert "tidak ada kursus yang dipetakan ke unsur ini" in dua


def test_a_module_is_named_when_only_a_module_is_mapped(hr, world, org):
    mapping.save_element(7, [], [], actor_id=None)  # U7 maps to nothing now
    page = text(hr.get(OVERVIEW))
    assert "Pelayanan Prima</strong> (modul menangani-pengaduan) · untuk U8" in page


def test_the_period_can_be_chosen_and_an_unknown_one_says_so(hr, world, org):
    earlier = text(hr.get(f"{OVERVIEW}?period={EARLIER}"))
    assert "Tidak ada unsur di bawah ambang batas." in earlier
    assert "Puskesmas Anggrek Dua" not in earlier  # no results in that period
    unknown = text(hr.get(f"{OVERVIEW}?period=2031-Q9"))
    assert "Periode itu tidak punya hasil SKM" in unknown
    assert f'<option value="{PERIOD}" selected>' in unknown


def test_the_threshold_moves_what_is_weak(hr, world, org):
    mapping.set_threshold(50.0, None)  # elements below 2,0; units below 50
    page = text(hr.get(OVERVIEW))
    assert "Tidak ada unsur di bawah ambang batas." in page
    assert "Wajibkan untuk petugas layanan" not in page
    mapping.set_threshold(90.0, None)
    page = text(hr.get(OVERVIEW))
    assert "IKM 83,33</strong> · mutu B (Baik) · 10 responden · <strong>di bawah ambang" in page


def test_another_governments_units_are_not_found(client, make_user, world, org):
    viewer(make_user, client, org, name="hr-bakung", scope="KOTA-B")
    page = text(client.get(OVERVIEW))
    assert "Puskesmas Bakung Satu" in page and "Kelurahan Melati" not in page
    unit = org["KEL-A1"]
    assert client.get(f"/hr/skm/unit/{unit}").status_code == 404
    assert client.get(assign_path(org, world)).status_code == 404
    token = csrf_token(client, OVERVIEW)
    data = {"csrf_token": token, "due_date": "2099-01-01"}
    assert client.post(assign_path(org, world), data=data).status_code == 404
    assert assignments() == []


def test_learners_and_unit_heads_are_refused(app, make_user, world, org):
    make_user("peserta", unit_id=org["KEL-A1"])
    make_user("kepala", ("supervisor",), scope_unit_id=org["KEL-A1"])
    for username in ("peserta", "kepala"):
        client = logged_in_client(app, username)
        for path in (OVERVIEW, f"/hr/skm/unit/{org['KEL-A1']}", assign_path(org, world)):
            assert client.get(path).status_code == 403, (username, path)


def test_empty_state_explains_how_data_gets_in(hr, org):
    page = text(hr.get(OVERVIEW))
    assert "Belum ada hasil SKM untuk unit kerja Anda." in page
    assert "kuesioner daring" in page and "impor berkas" in page


def test_the_confirmation_shows_what_will_be_created(hr, world, org):
    page = text(hr.get(assign_path(org, world)))
    due = (clock.today() + timedelta(days=90)).isoformat()
    assert f'value="{due}"' in page
    assert "Pelayanan Prima" in page and "Kelurahan Melati dan unit di bawahnya" in page
    assert 'Petugas Loket</th><td class="num">2</td> <td>Akan dibuat' in page
    assert "Staf Arsip" not in page  # not front-line
    assert "Direkomendasikan untuk unsur yang lemah pada periode 2026-S1: U7, U8." in page
    assert "menekan tombol dua kali tidak menggandakan" in page
    assert assignments() == []  # a GET creates nothing


def test_one_step_creates_one_assignment_per_front_line_position_once(hr, world, org):
    path = assign_path(org, world)
    due = date.today() + timedelta(days=60)
    data = {"csrf_token": csrf_token(hr, path), "due_date": due.isoformat()}
    response = hr.post(path, data=data)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/hr/skm/unit/{org['KEL-A1']}")
    (row,) = assignments()
    assert (row.course_id, row.unit_id, row.position_id) == (
        world["prima"],
        org["KEL-A1"],
        world["loket"],
    )
    assert (row.due_date, row.recurrence) == (due, "none")
    assert (
        row.note == "Rekomendasi SKM 2026-S1: U7 Perilaku pelaksana, U8 Penanganan pengaduan, "
        "saran dan masukan"
    )
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "assignment.create"))
    assert audit.details["source"] == "skm" and audit.details["period"] == PERIOD
    shown = text(hr.get(response.headers["Location"]))
    assert "1 pelatihan wajib dibuat untuk petugas layanan: Petugas Loket." in shown
    assert f'href="/hr/assignments/{row.id}"' in shown and "Sudah diwajibkan" in shown

    again = hr.post(path, data=data)  # twice: nothing new, and it says so
    assert again.status_code == 302 and len(assignments()) == 1
    assert f"Tidak dibuat lagi karena sudah diwajibkan: Petugas Loket (#{row.id})." in text(
        hr.get(again.headers["Location"])
    )
    page = text(hr.get(path))
    assert "Semua jabatan garis depan unit ini sudah mewajibkan kursus ini" in page
    assert "Buat pelatihan wajib" not in page


def test_an_assignment_of_a_unit_above_for_everyone_already_covers_the_staff(hr, world, org):
    from elearn.models import Course

    existing = assign_row(db.session.get(Course, world["prima"]), org["KOTA-A"])
    page = text(hr.get(assign_path(org, world)))
    assert f'Sudah diwajibkan (<a href="/hr/assignments/{existing.id}">' in page
    data = {"csrf_token": csrf_token(hr, OVERVIEW), "due_date": "2099-12-31"}
    hr.post(assign_path(org, world), data=data)
    assert [a.id for a in assignments()] == [existing.id]


@pytest.mark.parametrize(
    "due, message",
    [
        ("", "Isi batas waktu."),
        ("31-12-2099", "Tanggal tidak dikenali"),
        ("2000-01-01", "Batas waktu tidak boleh sebelum hari ini."),
    ],
)
def test_a_bad_due_date_is_refused_with_a_message(hr, world, org, due, message):
    path = assign_path(org, world)
    response = hr.post(path, data={"csrf_token": csrf_token(hr, path), "due_date": due})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert assignments() == []


def test_a_unit_without_front_line_staff_is_told_so(hr, world, org):
    path = assign_path(org, world, unit="PKM-A2")
    page = text(hr.get(path))
    assert "Ada 1 jabatan bertanda garis depan di pemerintah daerah ini" in page
    assert 'href="/admin/positions"' in page and "Buat pelatihan wajib" not in page
    response = hr.post(path, data={"csrf_token": csrf_token(hr, path), "due_date": "2099-01-01"})
    assert response.status_code == 302 and assignments() == []
    assert "Tidak ada petugas layanan di unit ini" in text(hr.get(response.headers["Location"]))


def test_a_course_that_is_not_published_answers_404(hr, world, org):
    path = f"/hr/skm/unit/{org['KEL-A1']}/wajibkan/{world['waktu'] + 100}"
    assert hr.get(path).status_code == 404


def test_comments_are_escaped_newest_first_and_paged(hr, world, org):
    unit = org["KEL-A1"]
    start = date(2026, 1, 1)
    db.session.add_all(
        SkmResponse(
            unit_id=unit,
            period=PERIOD,
            answered_on=start + timedelta(days=day),
            comment=f"Komentar hari {day:02d}",
            source="daring",
            **{f"u{n}": 3 for n in range(1, 10)},
        )
        for day in range(1, 26)
    )
    db.session.commit()
    first = text(hr.get(f"/hr/skm/unit/{unit}?period={PERIOD}"))
    assert "Komentar warga (35)" in first
    assert first.index("Komentar hari 25") < first.index("Komentar hari 24")
    assert "Komentar hari 06" in first and "Komentar hari 05" not in first  # 20 a page
    second = text(hr.get(f"/hr/skm/unit/{unit}?period={PERIOD}&page=2"))
    assert "Komentar hari 05" in second and "&lt;script&gt;alert(1)&lt;/script&gt;" in second
    assert "<script>alert(1)" not in second


def test_the_unit_page_lists_the_nine_elements(hr, world, org):
    page = text(hr.get(f"/hr/skm/unit/{org['KEL-A1']}"))
    assert 'U9 Sarana dan prasarana</th> <td class="num">4,00</td>' in page
    assert page.count("<strong>di bawah ambang</strong>") == 3


def test_pages_read_within_a_budget_that_does_not_grow(hr, world, org):
    def measure() -> dict[str, int]:
        found = {}
        for path in (OVERVIEW, f"/hr/skm/unit/{org['KEL-A1']}", assign_path(org, world)):
            with count_queries() as statements:
                assert hr.get(path).status_code == 200, path
            found[path] = len(statements)
        return found

    before = measure()
    for code in ("DINKES-A", "KEC-A", "KOTA-A"):
        rows.responses(org[code], PERIOD, (2,) * 9, count=15, comment="Lambat.")
    rows.responses(org["KEL-A1"], PERIOD, (3,) * 9, count=40, comment="Lumayan.")
    after = measure()
    assert after == before
    total = db.session.scalar(select(func.count()).select_from(SkmResponse))
    assert total > 80
