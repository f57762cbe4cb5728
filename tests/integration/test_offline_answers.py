"""POST /attempts/<id>/offline: answers a device kept without signal (issue 19). Taken once and
in order, scored by the server, judged by the offline grace rule; every refusal in words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from elearn.domain.gates import GRACE, OFFLINE_GRACE
from elearn.extensions import db
from elearn.models import QuizAttempt
from elearn.models.base import utcnow
from tests.helpers import count_queries, csrf_token
from tests.helpers.quiz import (
    answers,
    attempt_row,
    publish_course,
    second_learner,
    send,
    start_id,
    timed_quiz,
)

HOUR = timedelta(hours=1)


def as_batch(fields: dict) -> list[list]:
    """Form fields of tests.helpers.quiz.answers() as a device's list of answers."""
    return [[name[2:], value] for name, value in fields.items()]


def ms(moment) -> int:
    return int(moment.timestamp() * 1000)


def post(client, attempt_id: int, body, token=None):
    token = token or csrf_token(client, "/my")
    return client.post(f"/attempts/{attempt_id}/offline", json=body, headers={"X-CSRFToken": token})


def batch(seq: int, given: list, submit=False, written=None) -> dict:
    return {"seq": seq, "written_at": ms(written or utcnow()), "answers": given, "submit": submit}


def past_deadline(attempt_id: int, ago: timedelta, limit: timedelta = HOUR) -> None:
    """Move the attempt so that its deadline was `ago` and its time limit `limit`."""
    deadline = utcnow() - ago
    db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt_id)
        .values(deadline_at=deadline, started_at=deadline - limit)
    )
    db.session.commit()


@pytest.fixture
def attempt_id(client, learner, make_course):
    publish_course(make_course)
    return start_id(client)


def test_answers_are_kept_then_a_batch_sent_twice_or_late_changes_nothing(client, attempt_id):
    right = as_batch(answers(attempt_row(attempt_id), right=True))
    first = post(client, attempt_id, batch(10, right[:2]))
    assert first.status_code == 200 and first.json["status"] == "saved"
    assert first.json["keep"] is False and first.json["done"] is False
    assert "sudah tersimpan di server" in first.json["message"]
    kept = attempt_row(attempt_id)
    assert set(kept.responses) == {right[0][0], right[1][0]} and kept.offline_seq == 10
    # Later answers replace earlier ones in the order given; null clears.
    changed = post(client, attempt_id, batch(12, [right[2], [right[2][0], None], right[2]]))
    assert changed.json["status"] == "saved"
    assert len(attempt_row(attempt_id).responses) == 3
    for seq in (12, 11):  # the same batch again, then an older one arriving after it
        again = post(client, attempt_id, batch(seq, [[right[0][0], None]]))
        assert again.status_code == 200 and again.json["status"] == "already"
    assert len(attempt_row(attempt_id).responses) == 3


def test_a_submitted_batch_is_scored_once_and_the_reply_says_the_result(client, attempt_id):
    right = as_batch(answers(attempt_row(attempt_id), right=True))
    sent = post(client, attempt_id, batch(5, right, submit=True))
    assert sent.status_code == 200 and sent.json["status"] == "submitted"
    assert sent.json["message"] == "Jawaban Kuis terkirim. Nilai Anda 100: lulus."
    assert sent.json["done"] is True and sent.json["url"] == f"/attempts/{attempt_id}"
    done = attempt_row(attempt_id)
    assert (done.score, done.passed, done.late) == (100, True, False)
    # Sent again from a second page: nothing changes, and the reply still gives the result.
    again = post(client, attempt_id, batch(5, [right[0]], submit=True))
    assert again.json["status"] == "already" and "Nilai Anda 100: lulus" in again.json["message"]
    assert attempt_row(attempt_id).submitted_at == done.submitted_at


def test_answers_after_an_online_submission_are_refused_with_409(client, attempt_id):
    wrong = answers(attempt_row(attempt_id), right=False)
    assert send(client, attempt_id, wrong).status_code == 302
    right = as_batch(answers(attempt_row(attempt_id), right=True))
    reply = post(client, attempt_id, batch(7, right, submit=True))
    assert reply.status_code == 409 and reply.json["status"] == "closed"
    assert reply.json["keep"] is False and "tidak dipakai" in reply.json["message"]
    assert attempt_row(attempt_id).score == 0


@pytest.fixture
def timed_attempt(client, learner, make_course):
    publish_course(make_course, quiz=timed_quiz(60))
    return start_id(client)


def test_answers_written_in_time_count_when_the_signal_returns_within_the_grace(
    client, timed_attempt
):
    right = as_batch(answers(attempt_row(timed_attempt), right=True))
    past_deadline(timed_attempt, GRACE + OFFLINE_GRACE - timedelta(minutes=1))
    written = attempt_row(timed_attempt).deadline_at - timedelta(minutes=2)
    reply = post(client, timed_attempt, batch(3, right, submit=True, written=written))
    assert reply.json["status"] == "submitted"
    assert (attempt_row(timed_attempt).passed, attempt_row(timed_attempt).late) == (True, False)


def test_answers_arriving_after_the_offline_grace_are_recorded_late(client, timed_attempt):
    right = as_batch(answers(attempt_row(timed_attempt), right=True))
    past_deadline(timed_attempt, GRACE + OFFLINE_GRACE + timedelta(minutes=1))
    written = attempt_row(timed_attempt).deadline_at - timedelta(minutes=2)
    reply = post(client, timed_attempt, batch(3, right, submit=False, written=written))
    assert reply.status_code == 200 and reply.json["status"] == "late"
    assert "tanpa kelulusan" in reply.json["message"] and reply.json["done"] is True
    late = attempt_row(timed_attempt)
    assert (late.score, late.passed, late.late) == (100, False, True)  # nothing lost, no pass


def test_answers_the_device_wrote_after_the_deadline_are_late(client, timed_attempt):
    right = as_batch(answers(attempt_row(timed_attempt), right=True))
    past_deadline(timed_attempt, timedelta(minutes=5))
    reply = post(client, timed_attempt, batch(3, right, submit=True, written=utcnow()))
    assert reply.json["status"] == "late" and attempt_row(timed_attempt).late is True


def test_a_short_time_limit_gets_no_more_offline_grace_than_itself(client, timed_attempt):
    right = as_batch(answers(attempt_row(timed_attempt), right=True))
    past_deadline(timed_attempt, GRACE + timedelta(minutes=6), limit=timedelta(minutes=5))
    written = attempt_row(timed_attempt).deadline_at - timedelta(minutes=1)
    reply = post(client, timed_attempt, batch(3, right, submit=True, written=written))
    assert reply.json["status"] == "late"


BAD_BODIES = [
    None,
    [],
    {"seq": 0, "written_at": 1_700_000_000_000},
    {"seq": "1", "written_at": 1_700_000_000_000},
    {"seq": 1, "written_at": 5},
    {"seq": 1, "written_at": 1_700_000_000_000, "answers": "dua"},
    {"seq": 1, "written_at": 1_700_000_000_000, "answers": [["dua"]]},
    {"seq": 1, "written_at": 1_700_000_000_000, "answers": [["dua", 3]]},
    {"seq": 1, "written_at": 1_700_000_000_000, "answers": [["dua", None]] * 2001},
    {"seq": 1, "written_at": 1_700_000_000_000, "submit": "ya"},
]


@pytest.mark.parametrize("body", BAD_BODIES)
def test_a_batch_no_device_sends_is_refused_in_words(client, attempt_id, body):
    reply = post(client, attempt_id, body)
    assert reply.status_code == 422 and reply.json["message"] == "Kiriman jawaban tidak terbaca."
    assert reply.json["keep"] is False
    assert attempt_row(attempt_id).offline_seq is None


def test_an_answer_to_no_question_of_the_attempt_is_refused(client, attempt_id):
    unknown = post(client, attempt_id, batch(1, [["soal-lain", "a"]]))
    assert unknown.status_code == 422 and "soal yang tidak ada" in unknown.json["message"]
    fields = answers(attempt_row(attempt_id), right=True)
    qid = next(name[2:] for name, value in fields.items() if isinstance(value, str))
    choice = post(client, attempt_id, batch(1, [[qid, "bukan-pilihan"]]))
    assert choice.status_code in (422,) and attempt_row(attempt_id).responses == {}


def test_only_the_owner_sends_with_a_token_while_logged_in(app, client, attempt_id):
    other_client = second_learner(app)
    stranger = post(other_client, attempt_id, batch(1, []))
    assert stranger.status_code == 404 and stranger.json["message"] == "Percobaan tidak ditemukan."
    no_token = client.post(f"/attempts/{attempt_id}/offline", json=batch(1, []))
    assert no_token.status_code == 400
    client.post("/logout", data={"csrf_token": csrf_token(client, "/my")})
    gone = client.post(f"/attempts/{attempt_id}/offline", json=batch(1, []))
    assert gone.status_code in (302, 400)
    assert attempt_row(attempt_id).offline_seq is None


def test_a_batch_costs_the_same_statements_however_many_answers_it_holds(client, attempt_id):
    right = as_batch(answers(attempt_row(attempt_id), right=True))
    token = csrf_token(client, "/my")
    with count_queries() as small:
        post(client, attempt_id, batch(1, right[:1]), token)
    with count_queries() as large:
        post(client, attempt_id, batch(2, right * 300, submit=True), token)
    assert len(small) <= 5, small  # the user, the attempt, the guarded UPDATE, the commit
    assert len(large) <= 11, large  # and the submission, its metrics, xAPI and completion


def test_an_open_attempt_page_may_be_kept_offline_and_its_result_may_not(client, attempt_id):
    page = client.get(f"/attempts/{attempt_id}")
    assert page.headers["X-Elearn-Offline"] == "/courses/kursus-kuis/quiz/kuis"
    html = page.get_data(as_text=True)
    assert f'data-offline="/attempts/{attempt_id}/offline"' in html and "data-server-ms=" in html
    start_form = client.get("/courses/kursus-kuis/quiz/kuis").get_data(as_text=True)
    assert "data-online-only=" in start_form
    send(client, attempt_id, answers(attempt_row(attempt_id), right=True))
    assert "X-Elearn-Offline" not in client.get(f"/attempts/{attempt_id}").headers
