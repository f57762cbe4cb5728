"""States of a mandatory course for one learner, with one-off and yearly due dates.

Pure: dates in, a state out. The SQL in `assignments.queries` mirrors these rules with
the windows computed here, so the pages and the reminders agree with the unit tests.

The rules
---------
* Cycles. A one-off assignment ("none") has one due date. A yearly one has a due date
  every year: cycle k is due on `due + k years` (a 29 February due date falls on
  28 February in years without it, and on 29 February again in leap years).
* The current cycle at `today` is the one whose due date is the first on or after today.
  Its window runs from the day after the previous due date to today (inclusive). The
  previous cycle's window runs from the day after the due date before it (or from the
  beginning of time for the first cycle) to the previous due date (inclusive).
  A one-off assignment whose due date has passed has no current due date: its
  "current" window is everything after the due date, its previous window everything
  up to it.
* A cycle is met by an event inside its window: the learner's completion of the course,
  or (completions are stored once per learner and course) a passed final exam taken on
  or after that completion — a retake.
* The state, from whether the current cycle is met (`cur`) and whether the previous
  cycle was met (`prev`; true when there is no previous cycle):
    cur and prev          -> "done"     (Selesai tepat waktu)
    cur and not prev      -> "late"     (Selesai terlambat: done, after missing a due date)
    not cur and not prev  -> "overdue"  (Lewat batas waktu)
    not cur and prev      -> "done" when no due date is left (a one-off finished in time),
                             otherwise "due_soon" (Segera jatuh tempo) from `soon_days`
                             days before the current due date, else "pending".
  So an overdue learner stays overdue until they complete (a yearly one across any
  number of missed due dates), and completing late turns them "late" until the next due
  date, when the yearly cycle asks again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

STATES = ("done", "late", "overdue", "due_soon", "pending")
RECURRENCES = ("none", "yearly")
DEFAULT_SOON_DAYS = 7


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Window:
    """Local dates `after` < d <= `until`; `after` None means from the beginning."""

    after: date | None
    until: date

    def holds(self, day: date) -> bool:
        return (self.after is None or day > self.after) and day <= self.until


@dataclass(frozen=True)
class Cycle:
    """What an assignment asks of everyone at `today`; the same for every learner."""

    index: int  # 0 for the first due date; a passed one-off is 1
    due: date | None  # the due date being worked towards; None: none left (one-off passed)
    previous_due: date | None  # the due date that passed last; None before the first
    current: Window  # events that meet the current cycle (never after today)
    previous: Window | None  # events that met the previous cycle; None: nothing to miss
    waiting: str  # the state of a learner who met the previous cycle but not this one


def cycle_at(due: date, recurrence: str, today: date, soon_days: int = DEFAULT_SOON_DAYS) -> Cycle:
    """Return the cycle of an assignment at `today` (see the module docstring)."""
    if recurrence not in RECURRENCES:
        raise ValueError(f"unknown recurrence {recurrence!r}")
    if today <= due:
        return Cycle(0, due, None, Window(None, today), None, _waiting(due, today, soon_days))
    if recurrence == "none":
        return Cycle(1, None, due, Window(due, today), Window(None, due), "done")
    # Yearly and past the first due date: find k >= 1 with due_{k-1} < today <= due_k.
    k = max(1, today.year - due.year)
    while add_years(due, k - 1) >= today:
        k -= 1
    while add_years(due, k) < today:
        k += 1
    current_due = add_years(due, k)
    previous_due = add_years(due, k - 1)
    before = add_years(due, k - 2) if k >= 2 else None
    return Cycle(
        k,
        current_due,
        previous_due,
        Window(previous_due, today),
        Window(before, previous_due),
        _waiting(current_due, today, soon_days),
    )


def _waiting(due: date, today: date, soon_days: int) -> str:
    return "due_soon" if today >= due - timedelta(days=soon_days) else "pending"


def state_of(cycle: Cycle, met_current: bool, met_previous: bool) -> str:
    """Combine whether each window was met into one state."""
    if cycle.previous is None:
        met_previous = True
    if met_current:
        return "done" if met_previous else "late"
    if not met_previous:
        return "overdue"
    return cycle.waiting


def learner_state(
    due: date,
    recurrence: str,
    today: date,
    completed_on: date | None,
    retakes_on: Iterable[date] = (),
    soon_days: int = DEFAULT_SOON_DAYS,
) -> str:
    """Return one learner's state from their completion date and passed-exam retake dates.

    Retakes count only on or after the completion (the first pass before completing is
    the completion itself); events after `today` have not happened yet.
    """
    cycle = cycle_at(due, recurrence, today, soon_days)
    events = []
    if completed_on is not None:
        events.append(completed_on)
        events.extend(d for d in retakes_on if d >= completed_on)
    events = [d for d in events if d <= today]
    met_current = any(cycle.current.holds(d) for d in events)
    met_previous = cycle.previous is not None and any(cycle.previous.holds(d) for d in events)
    return state_of(cycle, met_current, met_previous)


def local_day(moment: datetime, timezone: str) -> date:
    """The local calendar day of an aware datetime."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def day_start_utc(day: date, timezone: str) -> datetime:
    """The UTC instant at which local `day` begins: SQL compares stored UTC times to it."""
    return datetime.combine(day, time.min, ZoneInfo(timezone)).astimezone(UTC)


# The earliest instant a window's open start stands for in SQL (no NULL comparisons).
BEGINNING = datetime(1900, 1, 1, tzinfo=UTC)


def window_bounds(window: Window, timezone: str) -> tuple[datetime, datetime]:
    """The window as UTC instants: start <= event < end."""
    start = BEGINNING
    if window.after is not None:
        start = day_start_utc(window.after + timedelta(days=1), timezone)
    return start, day_start_utc(window.until + timedelta(days=1), timezone)
