"""States of a mandatory course: one-off and yearly due dates, leap days, year boundaries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elearn.domain.assignments import (
    BEGINNING,
    Window,
    add_years,
    cycle_at,
    day_start_utc,
    learner_state,
    local_day,
    state_of,
    window_bounds,
)

D = date
DUE = D(2026, 3, 31)


def state(today, completed=None, retakes=(), due=DUE, recurrence="none", soon=7):
    return learner_state(due, recurrence, today, completed, retakes, soon)


# --- one-off assignments -------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "completed", "expected"),
    [
        (D(2026, 1, 1), None, "pending"),
        (D(2026, 3, 23), None, "pending"),  # 8 days before
        (D(2026, 3, 24), None, "due_soon"),  # 7 days before
        (D(2026, 3, 31), None, "due_soon"),  # the due date itself
        (D(2026, 4, 1), None, "overdue"),
        (D(2030, 1, 1), None, "overdue"),  # stays overdue
        (D(2026, 3, 1), D(2026, 2, 1), "done"),
        (D(2026, 3, 31), D(2026, 3, 31), "done"),  # on the due date is in time
        (D(2026, 4, 1), D(2026, 3, 31), "done"),
        (D(2031, 4, 1), D(2020, 5, 5), "done"),  # done before the assignment: counts
        (D(2026, 4, 1), D(2026, 4, 1), "late"),
        (D(2027, 9, 9), D(2026, 6, 1), "late"),
        (D(2026, 3, 30), D(2026, 4, 2), "due_soon"),  # a completion "after today" is ignored
        (D(2026, 4, 1), D(2026, 4, 2), "overdue"),
    ],
)
def test_one_off(today, completed, expected):
    assert state(today, completed) == expected


def test_soon_days_is_a_setting():
    assert state(D(2026, 3, 20), soon=11) == "due_soon"
    assert state(D(2026, 3, 20), soon=10) == "pending"
    assert state(D(2026, 3, 31), soon=0) == "due_soon"
    assert state(D(2026, 3, 30), soon=0) == "pending"


def test_a_one_off_ignores_retakes_without_completion_and_keeps_done():
    assert state(D(2026, 4, 2), None, [D(2026, 3, 1)]) == "overdue"
    assert state(D(2026, 4, 2), D(2026, 3, 1), [D(2026, 4, 2)]) == "done"


def test_unknown_recurrence_is_refused():
    with pytest.raises(ValueError):
        cycle_at(DUE, "monthly", DUE)


# --- yearly assignments --------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "completed", "retakes", "expected"),
    [
        # first cycle: like a one-off before its due date
        (D(2026, 3, 1), None, (), "pending"),
        (D(2026, 3, 31), None, (), "due_soon"),
        (D(2026, 3, 31), D(2026, 3, 31), (), "done"),
        # the day after: the 2027 cycle starts; who met 2026 waits, who did not is overdue
        (D(2026, 4, 1), D(2026, 3, 31), (), "pending"),
        (D(2026, 4, 1), None, (), "overdue"),
        (D(2027, 3, 24), D(2026, 3, 31), (), "due_soon"),
        # completed late: meets the 2027 cycle, shown late until 2027's due date passes
        (D(2026, 4, 1), D(2026, 4, 1), (), "late"),
        (D(2027, 3, 31), D(2026, 4, 1), (), "late"),
        (D(2027, 4, 1), D(2026, 4, 1), (), "pending"),
        (D(2028, 4, 1), D(2026, 4, 1), (), "overdue"),
        # the one completion cannot meet a later cycle; a passed retake does
        (D(2027, 4, 1), D(2026, 3, 1), (), "overdue"),
        (D(2027, 4, 1), D(2026, 3, 1), (D(2027, 3, 31),), "pending"),
        (D(2027, 3, 31), D(2026, 3, 1), (D(2026, 6, 1),), "done"),
        (D(2027, 4, 1), D(2026, 3, 1), (D(2027, 4, 1),), "late"),
        (D(2027, 4, 1), D(2026, 3, 1), (D(2027, 4, 2),), "overdue"),  # not happened yet
        # overdue across several missed years, then done late once
        (D(2030, 1, 1), None, (), "overdue"),
        (D(2030, 1, 1), D(2029, 12, 31), (), "late"),
        # a retake before the completion is not a retake (the first pass)
        (D(2027, 4, 1), D(2027, 4, 1), (D(2026, 3, 1),), "late"),
    ],
)
def test_yearly(today, completed, retakes, expected):
    assert state(today, completed, retakes, recurrence="yearly") == expected


def test_yearly_cycle_dates_across_year_boundaries():
    due = D(2026, 12, 31)
    cycle = cycle_at(due, "yearly", D(2027, 1, 1))
    assert (cycle.index, cycle.due, cycle.previous_due) == (1, D(2027, 12, 31), due)
    assert cycle.current == Window(due, D(2027, 1, 1))
    assert cycle.previous == Window(None, due)
    cycle = cycle_at(D(2026, 1, 1), "yearly", D(2028, 12, 31))
    assert (cycle.index, cycle.due, cycle.previous_due) == (3, D(2029, 1, 1), D(2028, 1, 1))
    assert cycle.previous == Window(D(2027, 1, 1), D(2028, 1, 1))


def test_leap_day_due_date():
    due = D(2024, 2, 29)
    assert add_years(due, 1) == D(2025, 2, 28)
    assert add_years(due, 4) == D(2028, 2, 29)  # back to 29 February, not drifting
    cycle = cycle_at(due, "yearly", D(2025, 3, 1))
    assert (cycle.due, cycle.previous_due) == (D(2026, 2, 28), D(2025, 2, 28))
    cycle = cycle_at(due, "yearly", D(2028, 2, 29))
    assert (cycle.due, cycle.previous_due) == (D(2028, 2, 29), D(2027, 2, 28))
    kw = {"due": due, "recurrence": "yearly"}
    assert state(D(2025, 2, 28), None, **kw) == "overdue"  # missed 2024
    assert state(D(2025, 2, 28), D(2024, 2, 29), **kw) == "due_soon"
    assert state(D(2025, 3, 1), D(2024, 2, 29), **kw) == "overdue"  # missed 28 Feb 2025
    assert state(D(2025, 3, 1), D(2024, 2, 29), [D(2025, 2, 28)], **kw) == "pending"
    assert state(D(2028, 2, 29), D(2024, 2, 29), [D(2027, 2, 1)], **kw) == "due_soon"


def test_state_of_when_there_is_no_previous_cycle():
    cycle = cycle_at(DUE, "yearly", D(2026, 1, 1))
    assert cycle.previous is None
    assert state_of(cycle, True, False) == "done"
    assert state_of(cycle, False, False) == "pending"


# --- time zones: the local day decides ------------------------------------------------


def test_local_day_and_window_bounds_in_jakarta():
    zone = "Asia/Jakarta"
    assert local_day(datetime(2026, 3, 31, 16, 59, tzinfo=UTC), zone) == D(2026, 3, 31)
    assert local_day(datetime(2026, 3, 31, 17, 0, tzinfo=UTC), zone) == D(2026, 4, 1)
    assert day_start_utc(D(2026, 4, 1), zone) == datetime(2026, 3, 31, 17, tzinfo=UTC)
    start, end = window_bounds(Window(D(2026, 3, 31), D(2026, 4, 5)), zone)
    assert start == datetime(2026, 3, 31, 17, tzinfo=UTC)
    assert end == datetime(2026, 4, 5, 17, tzinfo=UTC)
    assert window_bounds(Window(None, D(2026, 3, 31)), zone)[0] == BEGINNING


# --- properties against a plain reference --------------------------------------------


def reference(due, recurrence, today, completed, retakes, soon):
    """The rules written the long way: list every due date, then look."""
    events = []
    if completed is not None:
        events = [completed, *(r for r in retakes if r >= completed)]
    events = [e for e in events if e <= today]
    if recurrence == "none":
        dues = [due]
    else:
        dues = [add_years(due, k) for k in range(max(1, today.year - due.year + 3))]
    passed = [d for d in dues if d < today]
    upcoming = [d for d in dues if d >= today]
    last = passed[-1] if passed else None
    before = passed[-2] if len(passed) > 1 else None
    current = any(last is None or e > last for e in events)
    previous = last is None or any((before is None or e > before) and e <= last for e in events)
    if current:
        return "done" if previous else "late"
    if not previous:
        return "overdue"
    if not upcoming:
        return "done"
    return "due_soon" if (upcoming[0] - today).days <= soon else "pending"


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2034, 12, 31))


@given(
    due=days,
    recurrence=st.sampled_from(["none", "yearly"]),
    today=days,
    completed=st.none() | days,
    retakes=st.lists(days, max_size=4),
    soon=st.integers(0, 40),
)
def test_matches_the_reference(due, recurrence, today, completed, retakes, soon):
    expected = reference(due, recurrence, today, completed, retakes, soon)
    assert state(today, completed, retakes, due, recurrence, soon) == expected


@given(due=days, k=st.integers(0, 30))
def test_add_years_keeps_the_month_and_never_moves_more_than_a_day(due, k):
    later = add_years(due, k)
    assert (later.year, later.month) == (due.year + k, due.month)
    assert later.day == due.day or (due.month, due.day, later.day) == (2, 29, 28)


@given(due=days, today=days)
def test_yearly_current_cycle_is_the_next_due_date(due, today):
    cycle = cycle_at(due, "yearly", today)
    assert cycle.due >= today
    assert cycle.due == add_years(due, cycle.index)
    if cycle.index:
        assert cycle.previous_due < today
        assert cycle.previous_due == add_years(due, cycle.index - 1)


@given(due=days, today=days)
def test_meeting_every_due_date_is_never_overdue_or_late(due, today):
    dues = [add_years(due, k) for k in range(16)]
    assert state(today, dues[0], dues[1:], due, "yearly") in ("done", "pending", "due_soon")


@given(due=days, completed=days, gap=st.integers(0, 800))
def test_one_off_completion_is_final(due, completed, gap):
    today = completed + timedelta(days=gap)
    expected = "done" if completed <= due else "late"
    assert state(today, completed, (), due) == expected
