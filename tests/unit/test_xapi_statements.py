"""elearn/domain/xapi.py: the statements' shape, their stable ids, and the actor's privacy."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime

from elearn.domain import xapi

SITE = xapi.Site("https://elearn.example.go.id", "https://elearn.example.go.id")
LEARNER = xapi.Learner(7, "siti@example.go.id")
COURSE = xapi.CourseRef(3, "Etika ASN")
WHEN = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)


def test_the_actor_is_an_account_named_by_the_user_id_never_the_email():
    built = xapi.module_statement(
        SITE, LEARNER, COURSE, ("pengantar", "Pengantar"), "launched", WHEN
    )
    assert built["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "https://elearn.example.go.id", "name": "7"},
    }
    assert "siti" not in repr(built)


def test_mbox_mode_sends_only_the_sha1_of_the_mailto():
    site = xapi.Site(SITE.base_url, SITE.home_page, "mbox")
    agent = xapi.actor(site, xapi.Learner(7, " Siti@Example.go.id "))
    digest = hashlib.sha1(b"mailto:siti@example.go.id", usedforsecurity=False).hexdigest()
    assert agent == {"objectType": "Agent", "mbox_sha1sum": digest}
    # No e-mail on the account: back to the account, never an empty mbox.
    assert "account" in xapi.actor(site, xapi.Learner(7, None))


def test_a_module_statement_names_its_course_as_parent_and_grouping_in_indonesian():
    built = xapi.module_statement(
        SITE, LEARNER, COURSE, ("pengantar", "Pengantar"), "experienced", WHEN
    )
    assert built["verb"]["id"] == "http://adlnet.gov/expapi/verbs/experienced"
    assert built["object"]["id"] == "https://elearn.example.go.id/xapi/course/3/module/pengantar"
    assert built["object"]["definition"]["name"] == {"id-ID": "Pengantar"}
    parent = built["context"]["contextActivities"]["parent"][0]
    assert parent["id"] == "https://elearn.example.go.id/xapi/course/3"
    assert built["context"]["contextActivities"]["grouping"] == [parent]
    assert built["context"]["language"] == "id-ID" and built["context"]["platform"]
    assert built["timestamp"] == "2026-12-02T08:30:00+00:00"
    uuid.UUID(built["id"])


def test_the_same_event_gives_the_same_id_and_another_event_another():
    def make(when=WHEN, learner=LEARNER, slug="pengantar"):
        return xapi.module_statement(SITE, learner, COURSE, (slug, "x"), "experienced", when)["id"]

    assert make() == make()
    assert len({make(), make(when=datetime(2026, 12, 3, tzinfo=UTC)), make(slug="lain")}) == 3
    assert make() != make(learner=xapi.Learner(8))


def test_a_graded_quiz_is_attempted_then_passed_or_failed_with_its_score():
    quiz = {"section": "", "kind": "exam", "title": ""}
    attempt = {"id": 11, "correct": 3, "total": 4, "passed": False}
    attempted, failed = xapi.quiz_statements(SITE, LEARNER, COURSE, quiz, attempt, WHEN)
    assert attempted["verb"]["id"].endswith("/attempted") and failed["verb"]["id"].endswith(
        "/failed"
    )
    assert failed["result"]["score"] == {"scaled": 0.75, "raw": 3, "min": 0, "max": 4}
    assert failed["result"]["success"] is False
    assert failed["object"]["id"].endswith("/course/3/quiz/exam")
    assert failed["object"]["definition"]["name"] == {"id-ID": "Kuis: Ujian Akhir"}
    assert attempted["id"] != failed["id"]


def test_a_pretest_is_only_attempted():
    quiz = {"section": "", "kind": "pretest", "title": ""}
    attempt = {"id": 12, "correct": 1, "total": 2, "passed": None}
    (only,) = xapi.quiz_statements(SITE, LEARNER, COURSE, quiz, attempt, WHEN)
    assert "success" not in only["result"]


def test_completion_carries_the_jp_and_the_certificate_is_earned():
    done = xapi.completion_statement(SITE, LEARNER, COURSE, 4, 21, WHEN)
    assert done["object"]["id"] == "https://elearn.example.go.id/xapi/course/3"
    assert "contextActivities" not in done["context"]
    assert done["result"]["extensions"] == {"https://elearn.example.go.id/xapi/extensions/jp": 4}
    earned = xapi.certificate_statement(SITE, LEARNER, COURSE, "ELN/2026/000001", WHEN)
    assert earned["verb"]["id"] == "http://id.tincanapi.com/verb/earned"
    assert earned["object"]["id"].endswith("/xapi/certificate/ELN%2F2026%2F000001")
