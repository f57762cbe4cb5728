"""Every gate of a course holds against a direct POST (no course page visited first) from a
learner who has not met its precondition: refused with a clear message, nothing scored,
no JP, no certificate. The rules are elearn/domain/gates.py (tests/unit/test_gates.py)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import Certificate, CourseCompletion, QuizAttempt, SurveyResponse
from tests.helpers import csrf_token, quiz
from tests.helpers.quiz import (
    SLUG,
    answers,
    attempt_row,
    publish_course,
    send,
    start,
    start_id,
    take,
)

EXAM = f"/courses/{SLUG}/exam"
PRETEST = f"/courses/{SLUG}/pretest"


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def read_directly(client, module: str):
    """Mark a module read by its form's POST alone, without opening the module."""
    token = csrf_token(client, "/my")
    response = client.post(f"/courses/{SLUG}/{module}/read", data={"csrf_token": token})
    assert response.status_code == 302
    return response


def assert_nothing_earned() -> None:
    assert count(CourseCompletion) == 0  # no JP: JP are credited by the completion
    assert count(Certificate) == 0


def test_the_exam_cannot_start_before_any_module_is_done(client, learner, make_course):
    publish_course(make_course)
    response = start(client, module=None)
    assert response.status_code == 409
    assert "Ujian Akhir dibuka setelah semua modul selesai." in response.get_data(as_text=True)
    assert count(QuizAttempt) == 0
    assert_nothing_earned()
    landing = client.get(EXAM).get_data(as_text=True)  # the page says so, without a button
    assert "Ujian Akhir dibuka setelah semua modul selesai." in landing
    assert "Mulai</button>" not in landing


def test_the_exam_waits_for_the_last_module_quiz(client, learner, make_course):
    publish_course(make_course)
    read_directly(client, "pengantar")
    read_directly(client, "kuis")  # read, but its quiz is what completes it
    assert take(client, right=False).passed is False
    assert start(client, module=None).status_code == 409
    assert count(QuizAttempt) == 1
    assert take(client, right=True).passed
    exam = take(client, right=True, module=None)  # every module done: the exam opens
    assert exam.kind == "exam" and exam.passed
    assert count(CourseCompletion) == 1 and count(Certificate) == 1


def test_the_exam_waits_for_a_running_pretest(client, learner, make_course):
    publish_course(make_course, pretest=True)
    pretest_id = start_id(client, path=PRETEST)
    read_directly(client, "pengantar")
    assert take(client, right=True).passed
    response = start(client, module=None)
    assert response.status_code == 409
    assert "Kirim dulu jawaban Prates Anda" in response.get_data(as_text=True)
    send(client, pretest_id, answers(attempt_row(pretest_id), False))
    assert take(client, right=True, module=None).passed
    assert count(CourseCompletion) == 1


def test_the_pretest_cannot_start_after_reading_a_module(client, learner, make_course):
    publish_course(make_course, pretest=True)
    read_directly(client, "pengantar")
    response = start(client, path=PRETEST)
    assert response.status_code == 409
    assert "Prates hanya dapat dikerjakan sebelum mulai belajar" in response.get_data(as_text=True)
    assert count(QuizAttempt) == 0
    # studying ended the offer: the course no longer sends the learner to the pre-test
    assert client.get(f"/courses/{SLUG}").status_code == 200
    assert "Mulai Prates" not in client.get(PRETEST).get_data(as_text=True)


def test_the_pretest_cannot_start_after_a_module_quiz(client, learner, make_course):
    publish_course(make_course, pretest=True)
    take(client, right=False)
    assert start(client, path=PRETEST).status_code == 409
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(QuizAttempt.kind == "pretest")) == 0


def test_the_pretest_is_taken_once(client, learner, make_course):
    publish_course(make_course, pretest=True)
    take(client, path=PRETEST)
    response = start(client, path=PRETEST)
    assert response.status_code == 409
    assert "percobaan sudah habis" in response.get_data(as_text=True)
    assert count(QuizAttempt) == 1


def test_the_survey_waits_for_the_exam(client, learner, make_course):
    publish_course(make_course)
    read_directly(client, "pengantar")
    assert take(client, right=True).passed  # every module done, the exam not passed yet
    data = {**dict.fromkeys(("relevance", "clarity", "usefulness", "ease", "recommend"), "5")}
    token = csrf_token(client, "/my")
    response = client.post(f"/courses/{SLUG}/survey", data={**data, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/courses/{SLUG}")
    page = client.get(f"/courses/{SLUG}").get_data(as_text=True)
    assert "Survei kepuasan dibuka setelah kursus selesai." in page
    assert count(SurveyResponse) == 0


def test_answers_after_the_time_limit_are_neither_saved_nor_scored(client, learner, make_course):
    publish_course(make_course, quiz=quiz.timed_quiz())
    attempt_id = start_id(client)
    attempt = attempt_row(attempt_id)
    quiz.set_deadline(attempt_id, -timedelta(minutes=2))
    token = csrf_token(client, "/my")
    data = {**answers(attempt, True), "csrf_token": token}
    saved = client.post(f"/attempts/{attempt_id}/save", data=data)
    assert saved.status_code == 409
    assert "Waktu pengerjaan sudah habis." in saved.get_json()["reason"]
    assert attempt_row(attempt_id).responses == {}
    response = send(client, attempt_id, answers(attempt, True), action="save", token=token)
    assert response.status_code == 302
    stored = attempt_row(attempt_id)
    assert stored.late is True and stored.responses == {}
    assert stored.score == 0 and stored.passed is False
    assert_nothing_earned()


def test_answers_for_a_closed_or_someone_elses_attempt_change_nothing(
    app, client, learner, make_course
):
    publish_course(make_course)
    wrong = take(client, right=False)
    right = answers(wrong, True)
    assert send(client, wrong.id, right).status_code == 302
    token = csrf_token(client, "/my")
    saved = client.post(f"/attempts/{wrong.id}/save", data={**right, "csrf_token": token})
    assert saved.status_code == 409
    stored = attempt_row(wrong.id)
    assert (stored.score, stored.passed, stored.responses) == (wrong.score, False, wrong.responses)

    other = quiz.second_learner(app)
    open_id = start_id(client)
    other_token = csrf_token(other, "/my")
    for path in (f"/attempts/{open_id}", f"/attempts/{open_id}/save"):
        data = {**answers(attempt_row(open_id), True), "csrf_token": other_token}
        assert other.post(path, data={**data, "action": "submit"}).status_code == 404
    stored = attempt_row(open_id)
    assert stored.submitted_at is None and stored.responses == {}
