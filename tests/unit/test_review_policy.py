"""The review policy as pure rules: what a result page may show for which facts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elearn.domain.review import (
    LEVELS,
    ModuleTally,
    Review,
    ReviewCase,
    review_level,
    tally_by_module,
)

S, MO, MA, F = Review.SCORE, Review.MODULES, Review.MARKS, Review.FULL


def test_levels_are_ordered_and_named_as_in_course_files():
    assert LEVELS == ("score", "modules", "marks", "full")
    assert S < MO < MA < F
    assert [Review.parse(name) for name in LEVELS] == [S, MO, MA, F]
    assert Review.parse(" Marks ") is MA
    assert Review.parse("semua") is None and Review.parse(None) is None
    assert Review.parse(3) is None  # a YAML number is not a level


def test_attempts_from_before_the_policy_read_as_full():
    assert Review.recorded(None) is F
    assert Review.recorded("modules") is MO
    assert F.key == "full"


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        # defaults: practice teaches, the exam keeps its key, the pre-test only measures
        (ReviewCase("quiz"), F),
        (ReviewCase("quiz", reattemptable=False), F),
        (ReviewCase("exam"), MO),
        (ReviewCase("exam", reattemptable=False), MO),
        (ReviewCase("pretest", reattemptable=False), S),
        # a quiz shows what its trainer declared, retries left or not
        (ReviewCase("quiz", "score"), S),
        (ReviewCase("quiz", "marks"), MA),
        (ReviewCase("quiz", "full"), F),
        # an exam the learner can still take never marks questions or shows the key
        (ReviewCase("exam", "full"), MO),
        (ReviewCase("exam", "marks"), MO),
        (ReviewCase("exam", "full", exam_full_allowed=True), MO),
        (ReviewCase("exam", "score"), S),
        # once it cannot come back: marks at most, full only where the admin allows it
        (ReviewCase("exam", "full", reattemptable=False), MA),
        (ReviewCase("exam", "marks", reattemptable=False), MA),
        (ReviewCase("exam", "full", reattemptable=False, exam_full_allowed=True), F),
        (ReviewCase("exam", "score", reattemptable=False, exam_full_allowed=True), S),
        # a pre-test with questions of its own shows what was declared
        (ReviewCase("pretest", "full", reattemptable=False), F),
        (ReviewCase("pretest", "modules", reattemptable=False), MO),
        # one drawn from the exam pool shows the score only, whatever was declared
        (ReviewCase("pretest", "full", False, pretest_from_exam_pool=True), S),
        (ReviewCase("pretest", None, False, pretest_from_exam_pool=True), S),
        # a misspelt level falls back to the kind's default
        (ReviewCase("quiz", "lengkap"), F),
        (ReviewCase("exam", "lengkap", reattemptable=False), MO),
    ],
)
def test_review_level(case, expected):
    assert review_level(case) is expected


cases = st.builds(
    ReviewCase,
    kind=st.sampled_from(("quiz", "exam", "pretest")),
    declared=st.one_of(st.none(), st.sampled_from(LEVELS), st.text(max_size=8)),
    reattemptable=st.booleans(),
    pretest_from_exam_pool=st.booleans(),
    exam_full_allowed=st.booleans(),
)


@given(cases)
def test_an_exam_that_can_come_back_never_marks_questions(case):
    level = review_level(case)
    if case.kind == "exam" and case.reattemptable:
        assert level <= MO
    if case.kind == "exam" and not case.exam_full_allowed:
        assert level <= MA
    if case.kind == "pretest" and case.pretest_from_exam_pool:
        assert level is S


@given(cases)
def test_the_level_never_exceeds_what_was_declared(case):
    declared = Review.parse(case.declared)
    if declared is not None:
        assert review_level(case) <= declared


def test_tally_by_module_counts_per_module_and_puts_questions_of_no_module_last():
    marks = [("b", True), (None, False), ("a", False), ("b", False), ("a", True), ("", True)]
    assert tally_by_module(marks) == [
        ModuleTally("b", 1, 2),
        ModuleTally("a", 1, 2),
        ModuleTally(None, 1, 2),
    ]
    assert tally_by_module([]) == []


def test_a_module_is_weak_below_the_pass_mark_compared_exactly():
    assert ModuleTally("a", 2, 3).weak(67) is True  # 66.67 < 67
    assert ModuleTally("a", 2, 3).weak(66) is False
    assert ModuleTally("a", 3, 3).weak(100) is False


@given(st.lists(st.tuples(st.sampled_from(["a", "b", None]), st.booleans())))
def test_tallies_add_up_to_the_attempt(marks):
    tallies = tally_by_module(marks)
    assert sum(t.asked for t in tallies) == len(marks)
    assert sum(t.right for t in tallies) == sum(right for _, right in marks)
    assert len({t.module for t in tallies}) == len(tallies)
