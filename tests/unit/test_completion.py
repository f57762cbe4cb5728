"""When a module and a course count as complete."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.domain.completion import (
    ModuleState,
    completed_count,
    course_complete,
    module_complete,
    module_states,
)

PROPERTY = settings(max_examples=100, deadline=None)

states = st.builds(
    ModuleState,
    slug=st.text(alphabet="abc-", min_size=1, max_size=8),
    has_quiz=st.booleans(),
    read=st.booleans(),
    quiz_passed=st.booleans(),
)


def module(has_quiz: bool = False, read: bool = False, quiz_passed: bool = False) -> ModuleState:
    return ModuleState("modul", has_quiz=has_quiz, read=read, quiz_passed=quiz_passed)


DONE_READING = module(read=True)
DONE_QUIZ = module(has_quiz=True, read=True, quiz_passed=True)
UNREAD = module()
READ_NOT_PASSED = module(has_quiz=True, read=True)


@pytest.mark.parametrize(
    ("read", "quiz_passed", "complete"),
    [(False, False, False), (True, False, False), (False, True, True), (True, True, True)],
)
def test_a_module_with_a_quiz_is_complete_only_when_the_quiz_is_passed(read, quiz_passed, complete):
    assert module_complete(module(has_quiz=True, read=read, quiz_passed=quiz_passed)) is complete


@pytest.mark.parametrize("read", [False, True])
def test_a_module_without_a_quiz_is_complete_when_read(read):
    assert module_complete(module(read=read)) is read
    # a stale "passed" flag from a quiz that was removed does not stand in for reading
    assert module_complete(module(read=read, quiz_passed=True)) is read


@PROPERTY
@given(states)
def test_module_complete_rule(state):
    expected = state.quiz_passed if state.has_quiz else state.read
    assert module_complete(state) is expected


@PROPERTY
@given(st.lists(states, max_size=12))
def test_completed_count_counts_complete_modules(modules):
    count = completed_count(modules)
    assert count == sum(module_complete(m) for m in modules)
    assert 0 <= count <= len(modules)


def test_completed_count_examples():
    assert completed_count([]) == 0
    assert completed_count([DONE_READING, UNREAD, DONE_QUIZ, READ_NOT_PASSED]) == 2


@pytest.mark.parametrize("has_exam", [False, True])
@pytest.mark.parametrize("exam_passed", [False, True])
def test_a_course_with_no_modules_is_never_complete(has_exam, exam_passed):
    assert not course_complete([], has_exam=has_exam, exam_passed=exam_passed)


def test_all_modules_complete_but_exam_not_passed_is_incomplete():
    assert not course_complete([DONE_READING, DONE_QUIZ], has_exam=True, exam_passed=False)


def test_all_modules_complete_and_exam_passed_is_complete():
    assert course_complete([DONE_READING, DONE_QUIZ], has_exam=True, exam_passed=True)


def test_without_an_exam_complete_when_modules_are():
    assert course_complete([DONE_READING, DONE_QUIZ], has_exam=False, exam_passed=False)


@pytest.mark.parametrize("unfinished", [UNREAD, READ_NOT_PASSED])
@pytest.mark.parametrize("has_exam", [False, True])
def test_one_unfinished_module_keeps_the_course_incomplete(unfinished, has_exam):
    modules = [DONE_READING, unfinished, DONE_QUIZ]
    assert not course_complete(modules, has_exam=has_exam, exam_passed=True)


@PROPERTY
@given(st.lists(states, max_size=12), st.booleans(), st.booleans())
def test_course_complete_rule(modules, has_exam, exam_passed):
    expected = (
        bool(modules) and completed_count(modules) == len(modules) and (exam_passed or not has_exam)
    )
    assert course_complete(modules, has_exam=has_exam, exam_passed=exam_passed) is expected


@PROPERTY
@given(st.lists(states, min_size=1, max_size=12), st.booleans())
def test_passing_the_exam_never_makes_a_complete_course_incomplete(modules, has_exam):
    if course_complete(modules, has_exam=has_exam, exam_passed=False):
        assert course_complete(modules, has_exam=has_exam, exam_passed=True)


def test_module_states_follow_the_modules_in_order_from_read_and_passed_slugs():
    modules = [
        SimpleNamespace(slug="baca", question_count=0),
        SimpleNamespace(slug="kuis", question_count=3),
        SimpleNamespace(slug="akhir", question_count=2),
    ]
    # "" is the final exam: a passed section that is no module changes no module state
    states = module_states(modules, read={"baca", "kuis", "lama"}, passed={"kuis", ""})
    assert states == [
        ModuleState("baca", has_quiz=False, read=True, quiz_passed=False),
        ModuleState("kuis", has_quiz=True, read=True, quiz_passed=True),
        ModuleState("akhir", has_quiz=True, read=False, quiz_passed=False),
    ]
    assert completed_count(states) == 2
