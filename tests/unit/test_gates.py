"""The gates of a course as pure rules: which step is open for which facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from elearn.domain.completion import ModuleState
from elearn.domain.gates import (
    GRACE,
    Closed,
    CourseFacts,
    answer_gate,
    exam_gate,
    is_late,
    pretest_gate,
    survey_gate,
)

READ = ModuleState("pengantar", has_quiz=False, read=True, quiz_passed=False)
UNREAD = replace(READ, read=False)
QUIZ_PASSED = ModuleState("kuis", has_quiz=True, read=False, quiz_passed=True)
QUIZ_READ_ONLY = replace(QUIZ_PASSED, read=True, quiz_passed=False)

NEW = CourseFacts(
    offers_pretest=True,
    pretest_status=None,
    pretest_started=False,
    modules=(UNREAD, replace(QUIZ_PASSED, quiz_passed=False)),
    pretest_open=False,
    studied=False,
    completed=False,
)
MODULES_DONE = replace(NEW, modules=(READ, QUIZ_PASSED), studied=True)
NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "facts",
    [
        NEW,
        replace(NEW, modules=(READ, QUIZ_READ_ONLY), studied=True),  # a quiz read, not passed
        replace(NEW, modules=(UNREAD, QUIZ_PASSED), studied=True),
    ],
)
def test_the_exam_waits_for_every_module(facts):
    assert exam_gate(facts) is Closed.MODULES_FIRST


def test_the_exam_opens_when_every_module_is_done():
    assert exam_gate(MODULES_DONE) is None


def test_the_exam_waits_for_a_running_pretest():
    assert exam_gate(replace(MODULES_DONE, pretest_open=True)) is Closed.PRETEST_OPEN


def test_a_completed_course_keeps_its_exam_open_for_a_yearly_retake():
    # a new version may have added a module since: the completion still stands
    assert exam_gate(replace(NEW, completed=True)) is None


def test_the_pretest_is_open_only_before_studying():
    assert pretest_gate(NEW) is None
    assert pretest_gate(replace(NEW, studied=True)) is Closed.PRETEST_AFTER_STUDY
    assert pretest_gate(replace(NEW, completed=True)) is Closed.PRETEST_AFTER_STUDY
    assert pretest_gate(replace(NEW, pretest_status="skipped")) is Closed.PRETEST_SKIPPED
    studied = replace(NEW, pretest_status="skipped", studied=True)  # reading ends the offer
    assert pretest_gate(studied) is Closed.PRETEST_AFTER_STUDY


def test_a_started_pretest_is_resumed_its_attempt_limit_refuses_a_second():
    started = replace(NEW, pretest_status="taken", pretest_started=True, studied=True)
    assert pretest_gate(started) is None


def test_the_survey_waits_for_completion():
    assert survey_gate(MODULES_DONE) is Closed.NOT_COMPLETE
    assert survey_gate(replace(NEW, completed=True)) is None


def test_answers_count_from_the_owner_of_an_open_attempt_within_its_time():
    deadline = NOW + timedelta(minutes=1)
    assert answer_gate(1, 1, False, deadline, NOW) is None
    assert answer_gate(1, 1, False, None, NOW) is None  # no time limit
    assert answer_gate(1, 2, False, deadline, NOW) is Closed.NOT_FOUND
    assert answer_gate(2, 1, True, deadline, NOW) is Closed.NOT_FOUND  # never says "sent"
    assert answer_gate(1, 1, True, deadline, NOW) is Closed.SUBMITTED


def test_the_time_limit_has_a_grace_for_slow_networks():
    deadline = NOW
    assert not is_late(deadline, NOW + GRACE)
    assert is_late(deadline, NOW + GRACE + timedelta(microseconds=1))
    assert answer_gate(1, 1, False, deadline, NOW + GRACE) is None
    assert answer_gate(1, 1, False, deadline, NOW + timedelta(minutes=1)) is Closed.TIME_UP
