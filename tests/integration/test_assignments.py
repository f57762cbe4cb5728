"""Mandatory training pages: states across due dates, forms, cancelling, scoping, /my."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import (
    Assignment,
    AuditLog,
    Course,
    Position,
    User,
)
from tests.helpers import count_queries, csrf_token, login, squeezed
from tests.helpers.assignments import assign, at, complete, employees, live_course, retake


@pytest.fixture
def on_day(monkeypatch):
    """Set the date the pages (and the form) take as today."""

    def set_day(day: date):
        monkeypatch.setattr("elearn.clock.today", lambda: day)

    return set_day


def plain(response) -> str:
    """The page's text without tags, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def table_rows(response) -> list[list[str]]:
    """The body rows of the page's table as plain cell texts."""
    html = response.get_data(as_text=True)
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append([re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in cells])
    return rows


def hr_officer(make_user, client, org, unit="KOTA-A", username="hr-a"):
    user = make_user(username, roles=("hr",), scope_unit_id=org[unit])
    assert login(client, username).status_code == 302
    return user


def assignment_audit() -> list[AuditLog]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditLog).where(AuditLog.target_type == "assignment").order_by(AuditLog.id)
        )
    )


def post_form(client, path, data, token_path=None):
    token = csrf_token(client, token_path or path)
    return client.post(path, data={**data, "csrf_token": token})


# --- a hand-computed fixture ---------------------------------------------------------


@pytest.fixture
def staff(org):
    """Seven employees of government A, one of B, one course, completions around DUE."""
    course = live_course()
    a1 = employees(org["PKM-A1"], 4, "a")  # a000..a003
    a2 = employees(org["PKM-A2"], 2, "b")  # b000, b001
    kel = employees(org["KEL-A1"], 1, "k")  # k000
    other = employees(org["PKM-B1"], 1, "z")  # z000, government B
    complete(a1[0], course, at(2026, 3, 31, 16))  # 23:00 WIB on the due date: in time
    complete(a1[1], course, at(2026, 3, 31, 17))  # 00:00 WIB on 1 April: late
    complete(a2[0], course, at(2026, 2, 1))  # in time
    complete(other[0], course, at(2026, 1, 1))
    return {"course": course, "a1": a1, "a2": a2, "kel": kel, "other": other}


def test_list_counts_states_before_and_after_the_due_date(client, make_user, org, staff, on_day):
    assign(staff["course"], org["KOTA-A"])
    assign(staff["course"], org["KOTA-B"])  # another government: never shown
    hr_officer(make_user, client, org)
    # hr-a has no unit: not an employee. Columns: course, unit, due, employees, done,
    # late, overdue, not yet.
    on_day(date(2026, 3, 31))
    [row] = table_rows(client.get("/hr/assignments"))
    assert row[0] == "Kursus Wajib"
    assert row[2].startswith("31 Maret 2026")
    assert row[3:] == ["7", "2", "0", "0", "5"]  # the 00:00 WIB completion is in the future
    on_day(date(2026, 4, 1))
    [row] = table_rows(client.get("/hr/assignments"))
    assert row[3:] == ["7", "2", "1", "4", "0"]
    on_day(date(2026, 3, 1))
    [row] = table_rows(client.get("/hr/assignments"))
    assert row[3:] == ["7", "1", "0", "0", "6"]  # only the February completion so far


def test_list_counts_only_staff_in_scope_and_filters_by_unit(client, make_user, org, staff, on_day):
    assign(staff["course"], org["KOTA-A"])
    assign(staff["course"], org["PKM-A2"], due=date(2026, 6, 30))
    on_day(date(2026, 4, 1))
    hr_officer(make_user, client, org, unit="DINKES-A", username="hr-dinkes")
    rows = table_rows(client.get("/hr/assignments"))
    # the government-wide one reaches DINKES-A: its 6 staff there (not KEL-A1's)
    assert [r[1] for r in rows] == ["Pemerintah Kota Anggrek", "Puskesmas Anggrek Dua"]
    assert rows[0][3:] == ["6", "2", "1", "3", "0"]
    assert rows[1][3:] == ["2", "1", "0", "0", "1"]
    rows = table_rows(client.get(f"/hr/assignments?unit={org['PKM-A1']}"))
    assert [r[1] for r in rows] == ["Pemerintah Kota Anggrek"]
    assert rows[0][3:] == ["4", "1", "1", "2", "0"]
    assert client.get(f"/hr/assignments?unit={org['KEC-A']}").status_code == 404
    assert client.get(f"/hr/assignments?unit={org['PKM-B1']}").status_code == 404


def test_list_filters_status_course_and_sorts(client, make_user, org, staff, on_day):
    other = live_course("lain", "Another Course")
    assign(staff["course"], org["KOTA-A"], due=date(2026, 5, 1))
    assign(other, org["KOTA-A"], due=date(2026, 4, 15))
    assign(other, org["DINKES-A"], cancelled=True)
    on_day(date(2026, 4, 1))
    hr_officer(make_user, client, org)
    titles = [r[0] for r in table_rows(client.get("/hr/assignments"))]
    assert titles == ["Another Course", "Kursus Wajib"]  # due date ascending
    titles = [r[0] for r in table_rows(client.get("/hr/assignments?sort=due&dir=desc"))]
    assert titles == ["Kursus Wajib", "Another Course"]
    rows = table_rows(client.get("/hr/assignments?status=cancelled"))
    assert len(rows) == 1 and "Dibatalkan" in rows[0][0]
    assert len(table_rows(client.get("/hr/assignments?status=all"))) == 3
    assert len(table_rows(client.get("/hr/assignments?status=nonsense"))) == 2
    rows = table_rows(client.get(f"/hr/assignments?course={other.id}&status=all"))
    assert [r[0].split(" Dibatalkan")[0] for r in rows] == ["Another Course"] * 2
    assert len(table_rows(client.get("/hr/assignments?q=wajib"))) == 1
    page = squeezed(client.get("/hr/assignments?course=999999"))
    assert "Kursus yang dipilih tidak ada" in page


def test_list_pages(client, make_user, org, on_day):
    course = live_course()
    for day in range(1, 53):
        assign(course, org["KOTA-A"], due=date(2026, 1, 1).replace(day=1 + day % 28, month=5))
    on_day(date(2026, 4, 1))
    hr_officer(make_user, client, org)
    first = client.get("/hr/assignments")
    assert len(table_rows(first)) == 50 and "Halaman 1 dari 2" in squeezed(first)
    assert len(table_rows(client.get("/hr/assignments?page=2"))) == 2


# --- the detail page -----------------------------------------------------------------


def test_detail_shows_each_employee_with_state(client, make_user, org, staff, on_day):
    row = assign(staff["course"], org["KOTA-A"])
    on_day(date(2026, 4, 1))
    hr_officer(make_user, client, org)
    response = client.get(f"/hr/assignments/{row.id}")
    page = squeezed(response)
    assert "Lewat batas waktu: 4" in page and "Selesai tepat waktu: 2" in page
    assert "Selesai terlambat: 1" in page and "Semua: 7" in page
    rows = table_rows(response)
    # worst first: the four overdue, then the late one, then those done in time
    states = [r[3] for r in rows]
    assert (
        states
        == ["⚠ Lewat batas waktu"] * 4 + ["✓ Selesai terlambat"] + ["✓ Selesai tepat waktu"] * 2
    )
    by_nip = {r[1]: r for r in rows}
    assert by_nip["a000"][4] == "31 Maret 2026"
    assert by_nip["a001"][4] == "1 April 2026"  # 00:00 WIB
    assert by_nip["k000"][2] == "Kelurahan Melati" and by_nip["k000"][4] == ""
    assert "z000" not in by_nip


def test_detail_filters_searches_sorts_and_pages(client, make_user, org, on_day):
    course = live_course()
    staff = employees(org["PKM-A1"], 53, "a")
    for user in staff[:3]:
        complete(user, course, at(2026, 3, 1))
    row = assign(course, org["DINKES-A"])
    on_day(date(2026, 4, 1))
    hr_officer(make_user, client, org)
    path = f"/hr/assignments/{row.id}"
    first = client.get(path)
    assert len(table_rows(first)) == 50 and "Halaman 1 dari 2" in squeezed(first)
    assert len(table_rows(client.get(path + "?page=2"))) == 3
    done = table_rows(client.get(path + "?state=done"))
    assert sorted(r[1] for r in done) == ["a000", "a001", "a002"]
    assert [r[1] for r in table_rows(client.get(path + "?state=overdue&sort=nip&dir=desc"))][
        :2
    ] == ["a052", "a051"]
    assert [r[1] for r in table_rows(client.get(path + "?q=a05"))] == ["a050", "a051", "a052"]
    assert [r[1] for r in table_rows(client.get(path + "?q=pegawai a 007"))] == ["a007"]
    completed = table_rows(client.get(path + "?sort=completed&dir=desc"))
    assert {r[1] for r in completed[:3]} == {"a000", "a001", "a002"}
    response = client.get(path + "?state=bogus")
    assert response.status_code == 200 and "Status itu tidak dikenal" in squeezed(response)
    assert len(table_rows(response)) == 50
    assert client.get(path + f"?unit={org['PKM-B1']}").status_code == 404


def test_detail_position_and_yearly_retake(client, make_user, org, on_day):
    course = live_course()
    nurse = Position(code="PRW", name="Perawat", type="fungsional")
    db.session.add(nurse)
    db.session.commit()
    nurses = employees(org["PKM-A1"], 3, "n", position_id=nurse.id)
    employees(org["PKM-A1"], 2, "x")  # another position: not asked
    complete(nurses[0], course, at(2025, 3, 1))
    retake(nurses[0], course, at(2026, 3, 10))
    complete(nurses[1], course, at(2025, 3, 1))
    retake(nurses[1], course, at(2026, 3, 10), passed=False)
    row = assign(course, org["KOTA-A"], due=date(2025, 3, 31), recurrence="yearly",
                 position_id=nurse.id)  # fmt: skip
    on_day(date(2026, 4, 1))
    hr_officer(make_user, client, org)
    response = client.get(f"/hr/assignments/{row.id}")
    states = {r[1]: r[3] for r in table_rows(response)}
    assert set(states) == {"n000", "n001", "n002"}
    assert states["n000"] == "Belum selesai"  # met 2025 and 2026 (retake): waits for 2027
    assert states["n001"] == "⚠ Lewat batas waktu"  # the retake failed
    assert states["n002"] == "⚠ Lewat batas waktu"
    page = plain(response)
    assert "Batas waktu berikutnya 31 Maret 2027" in page and "Perawat" in page
    assert "ujian ulang 10 Maret 2026" in page


def test_export_csv_and_xlsx(client, make_user, org, staff, on_day):
    row = assign(staff["course"], org["KOTA-A"])
    on_day(date(2026, 4, 1))
    hr_officer(make_user, client, org)
    response = client.get(f"/hr/assignments/{row.id}.csv?state=done")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "NIP,Nama,Unit kerja,Jabatan,Status,Tanggal selesai,Ujian ulang terakhir"
    assert sorted(lines[1:]) == [
        "a000,Pegawai A 000,Puskesmas Anggrek Satu,,Selesai tepat waktu,2026-03-31,",
        "b000,Pegawai B 000,Puskesmas Anggrek Dua,,Selesai tepat waktu,2026-02-01,",
    ]
    response = client.get(f"/hr/assignments/{row.id}.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.max_row == 8  # header and every employee, no paging
    assert client.get(f"/hr/assignments/{row.id}.pdf").status_code == 404
    page = client.get(f"/hr/assignments/{row.id}?state=done").get_data(as_text=True)
    assert f"/hr/assignments/{row.id}.csv?state=done" in page.replace("&amp;", "&")


# --- creating and cancelling -----------------------------------------------------------


def test_new_assignment_is_saved_audited_and_shown(client, make_user, org, staff, on_day):
    on_day(date(2026, 3, 1))
    officer = hr_officer(make_user, client, org)
    page = squeezed(client.get("/hr/assignments/new"))
    assert "Kursus Wajib" in page and "Kelurahan Melati" in page
    assert "Pemerintah Kota Bakung" not in page  # the picker offers units in scope only
    response = post_form(
        client,
        "/hr/assignments/new",
        {
            "course": staff["course"].id,
            "unit": org["DINKES-A"],
            "due_date": "2026-03-01",  # today is allowed
            "recurrence": "yearly",
            "note": "  Untuk akreditasi puskesmas. ",
        },
    )
    assert response.status_code == 302
    [row] = db.session.scalars(select(Assignment)).all()
    assert (row.unit_id, row.position_id, row.due_date, row.recurrence, row.note) == (
        org["DINKES-A"],
        None,
        date(2026, 3, 1),
        "yearly",
        "Untuk akreditasi puskesmas.",
    )
    assert row.created_by == officer.id
    assert response.headers["Location"].endswith(f"/hr/assignments/{row.id}")
    [entry] = assignment_audit()
    assert (entry.actor_id, entry.action, entry.target_type, entry.target_id) == (
        officer.id,
        "assignment.create",
        "assignment",
        row.id,
    )
    assert entry.details["due_date"] == "2026-03-01"
    assert "Pelatihan wajib disimpan." in squeezed(client.get(response.headers["Location"]))


@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"course": ""}, "Pilih kursus yang diwajibkan."),
        ({"course": "999999"}, "Kursus ini tidak ada atau belum terbit"),
        ({"course": "abc"}, "Kursus ini tidak ada atau belum terbit"),
        ({"unit": ""}, "Pilih unit kerja yang mendapat pelatihan wajib ini."),
        ({"unit": "KOTA-B"}, "Unit kerja ini di luar cakupan Anda"),
        ({"unit": "KEC-A"}, "Unit kerja ini di luar cakupan Anda"),  # HR of DINKES-A
        ({"unit": "99999999"}, "Unit kerja ini di luar cakupan Anda"),
        ({"position": "999999"}, "Jabatan ini tidak ada"),
        ({"due_date": ""}, "Isi batas waktu."),
        ({"due_date": "31/03/2026"}, "Tanggal tidak dikenali; tulis sebagai TTTT-BB-HH"),
        ({"due_date": "2026-02-30"}, "Tanggal tidak dikenali"),
        ({"due_date": "2026-02-28"}, "Batas waktu tidak boleh sebelum hari ini."),
        ({"recurrence": "monthly"}, "Pilih Sekali atau Setiap tahun."),
        ({"note": "x" * 501}, "Catatan paling panjang 500 karakter; yang diisi 501."),
    ],
)
def test_new_assignment_validation(client, make_user, org, staff, on_day, change, field_message):
    on_day(date(2026, 3, 1))
    hr_officer(make_user, client, org, unit="DINKES-A", username="hr-dinkes")
    data = {
        "course": staff["course"].id,
        "unit": org["PKM-A1"],
        "due_date": "2026-04-30",
        "recurrence": "none",
    }
    if change.get("unit") in org:
        change = {"unit": org[change["unit"]]}
    response = post_form(client, "/hr/assignments/new", {**data, **change})
    assert response.status_code == 422
    page = squeezed(response)
    assert field_message in page and "Periksa isian yang ditandai" in page
    assert db.session.scalars(select(Assignment)).all() == []
    assert assignment_audit() == []


def test_duplicate_assignment_is_refused(client, make_user, org, staff, on_day):
    existing = assign(staff["course"], org["DINKES-A"], due=date(2026, 4, 30))
    on_day(date(2026, 3, 1))
    hr_officer(make_user, client, org)
    data = {"course": staff["course"].id, "unit": org["DINKES-A"], "due_date": "2026-05-30"}
    response = post_form(client, "/hr/assignments/new", data)
    assert response.status_code == 422
    assert f"sudah diwajibkan untuk unit dan jabatan yang sama (penugasan #{existing.id})" in (
        squeezed(response)
    )
    assert len(db.session.scalars(select(Assignment)).all()) == 1


def test_cancel_keeps_the_row_and_is_audited(client, make_user, org, staff, on_day):
    row = assign(staff["course"], org["DINKES-A"])
    on_day(date(2026, 3, 1))
    officer = hr_officer(make_user, client, org)
    path = f"/hr/assignments/{row.id}"
    assert "Batalkan pelatihan wajib ini" in squeezed(client.get(path))
    response = post_form(client, path + "/cancel", {}, token_path=path)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Assignment, row.id).cancelled_at is not None
    [entry] = assignment_audit()
    assert (entry.actor_id, entry.action, entry.target_id) == (
        officer.id,
        "assignment.cancel",
        row.id,
    )
    page = squeezed(client.get(path))
    assert "Dibatalkan" in page and "Batalkan pelatihan wajib ini" not in page
    response = post_form(client, path + "/cancel", {}, token_path="/hr/assignments/new")
    assert response.status_code == 302
    assert "sudah dibatalkan sebelumnya" in squeezed(client.get(path))
    assert len(assignment_audit()) == 1  # cancelling twice: once
    assert "Belum ada pelatihan wajib" in squeezed(client.get("/hr/assignments"))


# --- CSRF --------------------------------------------------------------------------------


def test_posts_need_a_csrf_token(client, make_user, org, staff, on_day):
    row = assign(staff["course"], org["DINKES-A"])
    on_day(date(2026, 3, 1))
    hr_officer(make_user, client, org)
    data = {"course": staff["course"].id, "unit": org["DINKES-A"], "due_date": "2026-05-30"}
    response = client.post("/hr/assignments/new", data=data)
    assert response.status_code == 400 and "Formulir sudah kedaluwarsa" in squeezed(response)
    response = client.post("/hr/assignments/new", data={**data, "csrf_token": "palsu"})
    assert response.status_code == 400
    assert client.post(f"/hr/assignments/{row.id}/cancel").status_code == 400
    db.session.expire_all()
    assert db.session.get(Assignment, row.id).cancelled_at is None
    assert len(db.session.scalars(select(Assignment)).all()) == 1


# --- scoping on every route ------------------------------------------------------------


def routes(assignment_id: int) -> list[tuple[str, str]]:
    return [
        ("get", f"/hr/assignments/{assignment_id}"),
        ("get", f"/hr/assignments/{assignment_id}.csv"),
        ("get", f"/hr/assignments/{assignment_id}.xlsx"),
        ("post", f"/hr/assignments/{assignment_id}/cancel"),
    ]


def test_another_governments_assignment_is_404_everywhere(client, make_user, org, staff):
    theirs = assign(staff["course"], org["DINKES-B"])
    hr_officer(make_user, client, org, unit="DINKES-A", username="hr-dinkes")
    token = csrf_token(client, "/hr/assignments/new")
    for method, path in routes(theirs.id):
        response = getattr(client, method)(path, data={"csrf_token": token})
        assert response.status_code == 404, path
    assert client.get("/hr/assignments/2147483647").status_code == 404
    assert client.get("/hr/assignments/99999999999").status_code == 404
    page = squeezed(client.get("/hr/assignments?status=all"))
    assert "Belum ada pelatihan wajib" in page
    db.session.expire_all()
    assert db.session.get(Assignment, theirs.id).cancelled_at is None


def test_assignment_of_a_sibling_unit_is_404(client, make_user, org, staff):
    sibling = assign(staff["course"], org["KEC-A"])
    hr_officer(make_user, client, org, unit="DINKES-A", username="hr-dinkes")
    token = csrf_token(client, "/hr/assignments/new")
    for method, path in routes(sibling.id):
        assert getattr(client, method)(path, data={"csrf_token": token}).status_code == 404


def test_assignment_from_above_is_visible_but_not_cancellable(client, make_user, org, staff):
    above = assign(staff["course"], org["KOTA-A"])
    hr_officer(make_user, client, org, unit="DINKES-A", username="hr-dinkes")
    path = f"/hr/assignments/{above.id}"
    page = client.get(path)
    assert page.status_code == 200 and "Batalkan pelatihan wajib ini" not in squeezed(page)
    assert {r[1] for r in table_rows(page)} == {"a000", "a001", "a002", "a003", "b000", "b001"}
    response = post_form(client, path + "/cancel", {}, token_path=path)
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Assignment, above.id).cancelled_at is None


def test_hr_without_scope_sees_nothing(client, make_user, org, staff):
    row = assign(staff["course"], org["KOTA-A"])
    make_user("hr-none", roles=("hr",))
    login(client, "hr-none")
    assert "Belum ada pelatihan wajib" in squeezed(client.get("/hr/assignments"))
    assert client.get(f"/hr/assignments/{row.id}").status_code == 404


def test_supervisor_reads_only(client, make_user, org, staff, on_day):
    row = assign(staff["course"], org["DINKES-A"])
    theirs = assign(staff["course"], org["PKM-A2"])
    on_day(date(2026, 4, 1))
    make_user("kapus", roles=("supervisor",), unit_id=org["PKM-A1"])
    login(client, "kapus")
    listing = client.get("/hr/assignments")
    assert listing.status_code == 200
    assert "Tetapkan pelatihan wajib" not in squeezed(listing)
    rows = table_rows(listing)
    assert [r[1] for r in rows] == ["Dinas Kesehatan Kota Anggrek"]  # not PKM-A2's
    assert rows[0][3:] == ["5", "1", "1", "3", "0"]  # the head is an employee too
    page = client.get(f"/hr/assignments/{row.id}")
    assert page.status_code == 200 and "Batalkan" not in squeezed(page)
    assert client.get(f"/hr/assignments/{row.id}.csv").status_code == 200
    token = csrf_token(client, "/my")
    assert (
        client.post(f"/hr/assignments/{row.id}/cancel", data={"csrf_token": token}).status_code
        == 403
    )
    assert client.get("/hr/assignments/new").status_code == 403
    data = {"course": staff["course"].id, "unit": org["PKM-A1"], "due_date": "2026-05-30"}
    assert client.post("/hr/assignments/new", data={**data, "csrf_token": token}).status_code == 403
    assert client.get(f"/hr/assignments/{theirs.id}").status_code == 404
    assert len(db.session.scalars(select(Assignment)).all()) == 2
    db.session.expire_all()
    assert db.session.get(Assignment, row.id).cancelled_at is None


def test_learners_and_strangers_are_kept_out(client, make_user, org, staff):
    row = assign(staff["course"], org["KOTA-A"])
    paths = ["/hr/assignments", "/hr/assignments/new", *(p for _m, p in routes(row.id))]
    for path in paths:
        assert client.get(path).status_code in (302, 405), path
    make_user("peserta", unit_id=org["PKM-A1"])
    login(client, "peserta")
    token = csrf_token(client, "/my")
    for path in paths:
        assert client.get(path).status_code in (403, 405), path
    assert (
        client.post(f"/hr/assignments/{row.id}/cancel", data={"csrf_token": token}).status_code
        == 403
    )
    assert client.post("/hr/assignments/new", data={"csrf_token": token}).status_code == 403


# --- the learner's /my -----------------------------------------------------------------


def test_my_shows_mandatory_courses_first(client, make_user, org, on_day):
    course = live_course("wajib", "Kursus Wajib")
    later = live_course("etika", "Etika ASN")
    done = live_course("selesai", "Sudah Selesai")
    learner = make_user("peserta", unit_id=org["PKM-A1"])
    complete(learner, done, at(2026, 1, 5))
    assign(course, org["KOTA-A"], due=date(2026, 3, 31))
    assign(later, org["DINKES-A"], due=date(2026, 6, 30), recurrence="yearly")
    assign(done, org["PKM-A1"], due=date(2026, 2, 1))
    assign(later, org["KOTA-B"], due=date(2026, 1, 1))  # elsewhere: not theirs
    assign(course, org["PKM-A2"], due=date(2026, 1, 1))  # a sibling unit: not theirs
    on_day(date(2026, 4, 1))
    login(client, "peserta")
    page = squeezed(client.get("/my"))
    section = page.split("Pelatihan wajib", 1)[1].split("Jam Pelajaran", 1)[0]
    assert page.index("Pelatihan wajib") < page.index("Jam Pelajaran (JP)")
    titles = re.findall(r"<h3><a href=\"/courses/([a-z-]+)\">", section)
    assert titles == ["wajib", "etika", "selesai"]  # overdue, then pending, then done
    assert 'class="card notice error"' in section  # overdue highlighted
    assert "Batas waktu: <strong>31 Maret 2026</strong>" in section
    assert "Batas waktu: <strong>30 Juni 2026</strong> · setiap tahun" in section
    assert "Lewat batas waktu" in section and "Selesai tepat waktu" in section


def test_my_query_count_does_not_grow_with_assignments(client, make_user, org, on_day):
    learner = make_user("peserta", unit_id=org["PKM-A1"])
    on_day(date(2026, 4, 1))
    login(client, "peserta")
    first = live_course("c0", "Kursus 0")
    assign(first, org["KOTA-A"])
    learner_id = learner.id
    with count_queries() as few:
        assert client.get("/my").status_code == 200
    learner = db.session.get(User, learner_id)
    for i in range(1, 6):
        course = live_course(f"c{i}", f"Kursus {i}")
        complete(learner, course, at(2026, 1, i))
        retake(learner, course, at(2026, 2, i))
        assign(course, org["DINKES-A"], recurrence="yearly", due=date(2025, 5, i))
    with count_queries() as many:
        assert client.get("/my").status_code == 200
    assert few and len(few) == len(many)
    assert squeezed(client.get("/my")).count('<li class="card') >= 6


# --- query counts ------------------------------------------------------------------------


def test_list_and_detail_query_counts_do_not_grow(client, make_user, org, on_day):
    on_day(date(2026, 4, 1))
    hr_officer(make_user, client, org)
    course_id = live_course().id
    row_id = assign(db.session.get(Course, course_id), org["KOTA-A"]).id
    employees(org["PKM-A1"], 2, "a")
    with count_queries() as list_few:
        assert client.get("/hr/assignments").status_code == 200
    with count_queries() as detail_few:
        assert client.get(f"/hr/assignments/{row_id}").status_code == 200
    course = db.session.get(Course, course_id)
    many = employees(org["PKM-A2"], 60, "b")
    for user in many[:20]:
        complete(user, course, at(2026, 3, 1))
    for i in range(8):
        other = live_course(f"k{i}", f"Kursus {i}")
        assign(other, org["DINKES-A"], recurrence="yearly", due=date(2025, 1, 1 + i))
    with count_queries() as list_many:
        assert client.get("/hr/assignments").status_code == 200
    with count_queries() as detail_many:
        assert client.get(f"/hr/assignments/{row_id}").status_code == 200
    assert list_few and len(list_few) == len(list_many)
    assert detail_few and len(detail_few) == len(detail_many)


def test_retake_opens_for_a_new_yearly_cycle(app, org, make_user):
    from elearn.assignments.pages import retake_opens_at

    course = live_course()
    other = live_course("lain", "Lain")
    learner = make_user("peserta", unit_id=org["PKM-A1"])
    fresh = make_user("baru", unit_id=org["PKM-A1"])
    complete(learner, course, at(2025, 3, 1))
    assign(course, org["DINKES-A"], due=date(2025, 3, 31), recurrence="yearly")
    assign(other, org["DINKES-A"], due=date(2025, 3, 31))
    with app.test_request_context():
        assert retake_opens_at(learner, course.id, date(2025, 3, 31)) is None  # cycle 0 met
        # the 2026 cycle: window from 1 April 2025 00:00 WIB
        opens = retake_opens_at(learner, course.id, date(2025, 4, 1))
        assert opens == datetime(2025, 3, 31, 17, tzinfo=UTC)
        retake(learner, course, at(2025, 9, 1))
        assert retake_opens_at(learner, course.id, date(2026, 3, 31)) is None  # met again
        assert retake_opens_at(learner, course.id, date(2026, 4, 1)) == datetime(
            2026, 3, 31, 17, tzinfo=UTC
        )
        assert retake_opens_at(fresh, course.id, date(2026, 4, 1)) is None  # never completed
        assert retake_opens_at(learner, other.id, date(2026, 4, 1)) is None  # one-off
