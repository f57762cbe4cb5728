"""Follow-up evaluation: `elearn reminders send` asks the learner and their unit head N days
after a completion, once; only the respondent answers, at /evaluasi/<id>, once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import Course, CourseVersion, FollowUp, Notice
from elearn.reporting.overseers import supervisor_of
from tests.helpers import count_queries, csrf_token, logged_in_client, minimal_course, publish
from tests.helpers.assignments import at, complete, employees, live_course
from tests.helpers.followup import created, follow_up_notices, follow_ups, send


@pytest.fixture
def world(org, make_user):
    """A course done on 1 March 2026 by a learner of PKM-A1, whose unit has a head; the
    agency above has one too."""
    course = live_course(title="Kursus Wajib")
    learner = make_user("peserta", unit_id=org["PKM-A1"], full_name="Budi Santoso")
    head = make_user("kapus", roles=("supervisor",), unit_id=org["PKM-A1"], full_name="Kapus")
    kadis = make_user("kadis", roles=("supervisor",), scope_unit_id=org["DINKES-A"])
    complete(learner, course, at(2026, 3, 1))
    return {"course": course, "learner": learner, "head": head, "kadis": kadis}


def test_sixty_days_after_completion_learner_and_unit_head_are_asked_once(runner, world):
    assert created(send(runner, "2026-04-29")) == (0, 0)  # 59 days: not yet
    assert follow_ups() == []

    output = send(runner, "2026-04-30")
    assert created(output) == (1, 1)
    learner, head = world["learner"].id, world["head"].id
    rows = {(f.role, f.respondent_id, f.learner_id, f.due_date) for f in follow_ups()}
    assert rows == {
        ("learner", learner, learner, date(2026, 4, 30)),
        ("supervisor", head, learner, date(2026, 4, 30)),
    }
    assert all(f.sent_at is not None and f.answered_at is None for f in follow_ups())
    notices = {(n.user_id, n.kind) for n in follow_up_notices()}
    assert notices == {(learner, "follow_up"), (head, "staff_follow_up")}

    for day in ("2026-04-30", "2026-05-01", "2026-06-15"):  # reruns and later days
        assert created(send(runner, day)) == (0, 0)
    assert len(follow_ups()) == 2 and len(follow_up_notices()) == 2


def test_the_unit_head_is_the_one_supervisor_of_chooses(runner, org, make_user, world):
    """A unit head's own follow-up goes to the head above; a unit without any head above
    has only the learner's; an inactive learner gets none."""
    course = world["course"]
    complete(world["head"], course, at(2026, 3, 1))
    [alone] = employees(org["PKM-B1"], 1, "z")
    [gone] = employees(org["PKM-A2"], 1, "g")
    gone.active = False
    complete(alone, course, at(2026, 3, 1))
    complete(gone, course, at(2026, 3, 1))
    assert created(send(runner, "2026-04-30")) == (3, 2)
    asked = {(f.learner_id, f.role): f.respondent_id for f in follow_ups()}
    for learner in (world["learner"], world["head"], alone):
        found = supervisor_of(learner)
        assert asked.get((learner.id, "supervisor")) == (found.id if found else None)
    assert asked[(world["head"].id, "supervisor")] == world["kadis"].id
    assert (alone.id, "supervisor") not in asked and gone.id not in {k[0] for k in asked}


def test_course_setting_decides_the_day_and_zero_means_none(runner, org, world):
    version = db.session.get(CourseVersion, world["course"].live_version_id)
    version.follow_up_days = 30
    db.session.commit()
    assert created(send(runner, "2026-03-30")) == (0, 0)
    assert created(send(runner, "2026-03-31")) == (1, 1)

    [other] = employees(org["PKM-A1"], 1, "x")
    complete(other, world["course"], at(2026, 3, 2))
    version.follow_up_days = 0
    db.session.commit()
    assert created(send(runner, "2026-04-01")) == (0, 0)


def test_follow_up_days_written_in_course_md_are_used(runner, make_course, make_user, org):
    files = minimal_course()
    files["course.md"] = files["course.md"].replace("jp: 2\n", "jp: 2\nfollow_up_days: 14\n")
    publish(make_course, "cepat", files)
    course = db.session.scalar(select(Course).where(Course.slug == "cepat"))
    learner = make_user("peserta", unit_id=org["PKM-A1"])
    complete(learner, course, at(2026, 3, 1))
    assert created(send(runner, "2026-03-14")) == (0, 0)
    assert created(send(runner, "2026-03-15")) == (1, 0)  # no unit head in PKM-A1


def test_old_completions_are_not_asked_after_an_upgrade(runner, world):
    """Only follow-ups at most CATCH_UP_DAYS late are sent: not for last year's courses."""
    assert created(send(runner, "2026-05-30")) == (1, 1)  # 30 days late: still sent
    [late] = employees(world["learner"].unit_id, 1, "l")
    complete(late, world["course"], at(2025, 1, 10))
    assert created(send(runner, "2026-05-31")) == (0, 0)


def test_completion_late_in_the_evening_counts_on_its_local_day(runner, org, world):
    """23:30 WIB on 1 March is 16:30 UTC: due 60 local days later, on 30 April."""
    [evening] = employees(org["PKM-A1"], 1, "e")
    complete(evening, world["course"], at(2026, 3, 1, hour=16))
    [night] = employees(org["PKM-A1"], 1, "n")
    complete(night, world["course"], at(2026, 3, 1, hour=18))  # 01:00 WIB on 2 March
    send(runner, "2026-04-30")
    due = {f.learner_id: f.due_date for f in follow_ups() if f.role == "learner"}
    assert due[evening.id] == date(2026, 4, 30)
    assert night.id not in due
    send(runner, "2026-05-01")
    assert {f.due_date for f in follow_ups() if f.learner_id == night.id} == {date(2026, 5, 1)}


def test_query_count_does_not_grow_with_learners(runner, org, world):
    course_id = world["course"].id
    with count_queries() as few:
        send(runner, "2026-04-30")
    course = db.session.get(Course, course_id)
    for learner in employees(org["PKM-A1"], 30, "b"):
        complete(learner, course, at(2026, 3, 2))
    with count_queries() as many:
        assert created(send(runner, "2026-05-01")) == (30, 30)
    assert few and len(few) == len(many)


# --- answering -----------------------------------------------------------------------


def _asked(runner, role: str) -> FollowUp:
    send(runner, "2026-04-30")
    return next(f for f in follow_ups() if f.role == role)


ANSWER = {"applied": "sebagian", "frequency": "3", "obstacles": ["waktu", "sarana"]}


def test_learner_answers_once_and_then_reads_the_answers(app, runner, world):
    item = _asked(runner, "learner")
    client = logged_in_client(app, "peserta")
    path = f"/evaluasi/{item.id}"
    page = client.get(path).get_data(as_text=True)
    assert "Apakah Anda menerapkan materi ini di pekerjaan?" in page
    assert "Seberapa sering?" in page and "Apa yang menghambat?" in page
    assert "Kursus Wajib" in page

    data = {
        **ANSWER,
        "obstacle_note": "Aplikasi belum tersedia.",
        "csrf_token": csrf_token(client, path),
    }
    response = client.post(path, data=data)
    assert response.status_code == 302 and response.location.endswith(path)
    db.session.expire_all()
    row = db.session.get(FollowUp, item.id)
    assert (row.applied, row.frequency, row.obstacles) == ("sebagian", 3, ["sarana", "waktu"])
    assert row.obstacle_note == "Aplikasi belum tersedia." and row.answered_at is not None
    assert all(n.read_at is not None for n in follow_up_notices() if n.follow_up_id == item.id)

    page = client.get(path).get_data(as_text=True)
    assert "Jawaban sudah dikirim" in page and "Sebagian" in page
    assert (
        "Aplikasi belum tersedia." in page and '<form method="post" action="/evaluasi' not in page
    )

    again = {"applied": "ya", "frequency": "5", "csrf_token": data["csrf_token"]}
    response = client.post(path, data=again, follow_redirects=True)
    assert "sudah dijawab dan tidak dapat diubah" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(FollowUp, item.id).applied == "sebagian"


def test_unanswered_questions_are_explained_and_the_text_kept(app, runner, world):
    item = _asked(runner, "learner")
    client = logged_in_client(app, "peserta")
    path = f"/evaluasi/{item.id}"
    token = csrf_token(client, path)
    response = client.post(path, data={"obstacle_note": "Catatan saya", "csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Pilih salah satu: ya, sebagian, atau belum." in page
    assert "Pilih seberapa sering." in page and "Catatan saya" in page
    bad = {"applied": "mungkin", "frequency": "9", "obstacles": ["x"], "csrf_token": token}
    page = client.post(path, data=bad).get_data(as_text=True)
    assert "Pilih hambatan dari daftar." in page
    assert client.post(path, data=ANSWER).status_code == 400  # no CSRF token
    db.session.expire_all()
    assert db.session.get(FollowUp, item.id).answered_at is None


def test_unit_head_answers_about_the_employee(app, runner, world):
    item = _asked(runner, "supervisor")
    client = logged_in_client(app, "kapus")
    page = client.get(f"/evaluasi/{item.id}").get_data(as_text=True)
    assert "Apakah pegawai ini menerapkan materi pelatihan ini di pekerjaannya?" in page
    assert "Budi Santoso" in page
    listing = client.get("/evaluasi").get_data(as_text=True)
    assert "Tentang pegawai Anda: Budi Santoso" in listing
    my = client.get("/my").get_data(as_text=True)
    assert "Evaluasi pasca-pelatihan menunggu jawaban Anda" in my and f"/evaluasi/{item.id}" in my
    data = {**ANSWER, "applied": "ya", "csrf_token": csrf_token(client, f"/evaluasi/{item.id}")}
    client.post(f"/evaluasi/{item.id}", data=data)
    assert "Tidak ada evaluasi yang menunggu" in client.get("/evaluasi").get_data(as_text=True)
    assert "menunggu jawaban Anda" not in client.get("/my").get_data(as_text=True)


@pytest.mark.parametrize("who", ["kadis", "hr", "admin", "other"])
def test_only_the_respondent_may_open_a_follow_up(app, runner, make_user, org, world, who):
    roles = {"kadis": None, "hr": ("hr",), "admin": ("admin",), "other": ("learner",)}[who]
    if roles:
        make_user(who, roles=roles, scope_unit_id=org["KOTA-A"], unit_id=org["PKM-A1"])
    item = _asked(runner, "learner")
    client = logged_in_client(app, who)
    assert client.get(f"/evaluasi/{item.id}").status_code == 404
    assert client.get("/evaluasi/999999").status_code == 404
    learner = logged_in_client(app, "peserta")
    supervisor_item = next(f for f in follow_ups() if f.role == "supervisor")
    assert learner.get(f"/evaluasi/{supervisor_item.id}").status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, runner, world):
    item = _asked(runner, "learner")
    for path in ("/evaluasi", f"/evaluasi/{item.id}"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.location
    assert client.post(f"/evaluasi/{item.id}", data=ANSWER).status_code in (302, 400)


def test_the_notice_links_to_the_questionnaire(app, runner, world):
    item = _asked(runner, "learner")
    client = logged_in_client(app, "peserta")
    page = client.get("/notices").get_data(as_text=True)
    assert "Evaluasi pasca-pelatihan: apakah materi “Kursus Wajib” Anda terapkan" in page
    assert f'href="/evaluasi/{item.id}"' in page
    head = logged_in_client(app, "kapus").get("/notices").get_data(as_text=True)
    assert "apakah pegawai Anda menerapkan materi “Kursus Wajib”" in head
    assert db.session.query(Notice).count() == 2
