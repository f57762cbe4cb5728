"""The gates of a course as pure rules: which step is open for which facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.domain.completion import ModuleState
from elearn.domain.gates import (
    GRACE,
    Closed,
    CourseFacts,
    PretestOffer,
    answer_gate,
    exam_gate,
    is_late,
    pretest_gate,
    pretest_offer,
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


# --- the pre-test offer on the course page ---------------------------------------------


def test_the_pretest_is_offered_to_a_new_learner():
    assert pretest_offer(NEW) is PretestOffer.OFFER


def test_no_offer_without_a_pretest_or_after_completion():
    assert pretest_offer(replace(NEW, offers_pretest=False)) is PretestOffer.NONE
    assert pretest_offer(replace(NEW, completed=True)) is PretestOffer.NONE


def test_the_offer_ends_when_taken_skipped_or_studying_began():
    taken = replace(NEW, pretest_status="taken", pretest_started=True)
    assert pretest_offer(taken) is PretestOffer.NONE
    assert pretest_offer(replace(NEW, pretest_status="skipped")) is PretestOffer.NONE
    assert pretest_offer(replace(NEW, studied=True)) is PretestOffer.NONE


def test_a_running_pretest_is_offered_to_resume():
    running = replace(NEW, pretest_status="taken", pretest_started=True, pretest_open=True)
    assert pretest_offer(running) is PretestOffer.RESUME


facts = st.builds(
    CourseFacts,
    modules=st.just(NEW.modules),
    offers_pretest=st.booleans(),
    pretest_status=st.sampled_from([None, "taken", "skipped"]),
    pretest_started=st.booleans(),
    pretest_open=st.booleans(),
    studied=st.booleans(),
    completed=st.booleans(),
).filter(lambda f: f.pretest_started or not f.pretest_open)  # only a started one runs


@settings(max_examples=200, deadline=None)
@given(facts)
def test_an_offered_pretest_is_one_the_gate_lets_start(case):
    # the page never offers a button the server would refuse
    if pretest_offer(case) is not PretestOffer.NONE:
        assert pretest_gate(case) is None
