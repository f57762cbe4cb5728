"""Follow-up evaluation rules: when a questionnaire falls due, and the shares HR reads."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.domain.evaluation import Evaluation, total
from elearn.domain.followup import (
    CATCH_UP_DAYS,
    completion_days,
    due_on,
    is_due,
    share,
)

PROPERTY = settings(max_examples=100, deadline=None)
days_setting = st.integers(min_value=0, max_value=365)
some_day = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


def test_due_sixty_days_after_completion_by_default_setting():
    assert due_on(date(2026, 3, 1), 60) == date(2026, 4, 30)


def test_no_follow_up_when_the_course_asks_for_none():
    assert due_on(date(2026, 3, 1), 0) is None
    assert not is_due(date(2026, 3, 1), 0, date(2026, 3, 1))
    assert completion_days(date(2026, 3, 1), 0) == []


def test_due_from_its_day_until_the_catch_up_window_closes():
    done = date(2026, 1, 10)
    due = date(2026, 3, 11)
    assert not is_due(done, 60, due - timedelta(days=1))
    assert is_due(done, 60, due)
    assert is_due(done, 60, due + timedelta(days=CATCH_UP_DAYS))
    assert not is_due(done, 60, due + timedelta(days=CATCH_UP_DAYS + 1))


@PROPERTY
@given(today=some_day, days=days_setting, offset=st.integers(min_value=-400, max_value=400))
def test_completion_days_are_exactly_the_days_due_today(today, days, offset):
    """The SQL window (completion_days) agrees with the rule (is_due) on every day."""
    completed = today + timedelta(days=offset)
    window = dict(completion_days(today, days))
    assert (completed in window) == is_due(completed, days, today)
    if completed in window:
        assert window[completed] == due_on(completed, days)


def test_completion_days_are_consecutive_oldest_first():
    pairs = completion_days(date(2026, 6, 1), 60)
    assert len(pairs) == CATCH_UP_DAYS + 1
    assert [b - a for (a, _), (b, _) in zip(pairs, pairs[1:], strict=False)] == [
        timedelta(days=1)
    ] * CATCH_UP_DAYS
    assert pairs[-1] == (date(2026, 4, 2), date(2026, 6, 1))


def test_share_is_a_rounded_percentage_and_none_without_answers():
    assert share(2, 3) == 66.7
    assert share(0, 4) == 0.0
    assert share(0, 0) is None


def test_applied_share_counts_yes_and_partly_per_respondent():
    figures = Evaluation(
        learner_asked=5,
        learner_answers=4,
        learner_applied=2,
        learner_partly=1,
        supervisor_asked=4,
        supervisor_answers=2,
        supervisor_applied=0,
        supervisor_partly=1,
    )
    assert figures.applied_share("learner") == 75.0
    assert figures.applied_share("supervisor") == 50.0
    assert Evaluation().applied_share("learner") is None
    assert not figures.empty


def test_follow_up_figures_of_units_add_up_to_their_parent():
    one = Evaluation(learner_asked=2, learner_answers=2, learner_applied=1)
    two = Evaluation(learner_asked=3, learner_answers=1, learner_partly=1)
    both = total([one, two])
    assert (both.learner_asked, both.learner_answers) == (5, 3)
    assert both.applied_share("learner") == 66.7
