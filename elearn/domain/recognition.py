"""Recognition (penghargaan): who qualifies in a year, which units rank best, and how ties
and small units are treated. Pure: figures in, lists out; the SQL lives in
elearn/recognition/queries.py.

The rules
---------
* An ASN qualifies for year Y when their JP credited in Y reach the annual target and they
  completed every mandatory course assigned to them whose due date falls in Y. A due date
  counts as met by the learner's completion of the course (or, for a yearly assignment
  completed in an earlier cycle, a passed final exam taken again) from the day after the
  assignment's previous due date up to 31 December of Y: on time or late, but within the
  year, as the assignment reports call a late completion "Selesai terlambat". An
  assignment cancelled on or before its due date in Y asked nothing that year.
* A unit's JP compliance is the share of the employees placed directly in it who reached
  the target. Units with fewer than MIN_UNIT_EMPLOYEES employees take no place in the
  ranking: with three people, 100 % is chance more than merit.
* A unit's IKM improvement compares the last survey period of Y that has results with
  the last period of Y - 1 that has results (the period ending latest; of two ending
  together, the shorter). Both need an index and, where the population is known, the
  sample it calls for; only a rise is an improvement.
* Rankings are competition rankings: equal figures share a place and the next place is
  skipped (1, 2, 2, 4). A top-N list keeps everyone placed N or better, so a tie at the
  edge shows every unit or person in it rather than picking one by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TypeVar

from .assignments import Window, add_years
from .skm import Result, change, parse_period

TOP = 10  # places shown by default; the page offers every one
MIN_UNIT_EMPLOYEES = 5
KIND = "penghargaan"

T = TypeVar("T")


def qualifies(jp: int, target: int, unmet_due_dates: int) -> bool:
    """Whether an ASN earns the year's recognition."""
    return jp >= target and unmet_due_dates == 0


def reason(year: int, target: int) -> str:
    """What a recognition certificate says it recognises (signed, so in one language)."""
    return f"Mencapai target {target} JP dan menyelesaikan semua pelatihan wajib tahun {year}"


# --- mandatory courses due in the year --------------------------------------------------


def due_in_year(due: date, recurrence: str, year: int) -> date | None:
    """The assignment's due date that falls in `year`, or None (a yearly assignment falls
    due once a year from its first due date on)."""
    if recurrence == "yearly":
        return add_years(due, year - due.year) if due.year <= year else None
    return due if due.year == year else None


def window_in_year(due: date, recurrence: str, year: int) -> Window | None:
    """When an event meets the assignment's due date in `year`: from the day after the
    previous due date (from the beginning for the first) to 31 December; None when no
    due date falls in the year."""
    this = due_in_year(due, recurrence, year)
    if this is None:
        return None
    previous = None
    if recurrence == "yearly" and year > due.year:
        previous = add_years(due, year - due.year - 1)
    return Window(previous, date(year, 12, 31))


def applies_in_year(
    due: date, recurrence: str, year: int, cancelled_on: date | None = None
) -> bool:
    """Whether the assignment asked for a completion in `year`: it falls due then and was
    not cancelled before (or on) that due date."""
    this = due_in_year(due, recurrence, year)
    return this is not None and (cancelled_on is None or cancelled_on > this)


# --- rankings ------------------------------------------------------------------------


def ranked(items: Iterable[T], key: Callable[[T], object], top: int | None = TOP):
    """(place, item) in order of `key` (highest first, as given by the caller's sort), with
    competition places; `top` keeps places up to it (None: all)."""
    placed: list[tuple[int, T]] = []
    previous = object()
    for position, item in enumerate(items, start=1):
        value = key(item)
        place = placed[-1][0] if placed and value == previous else position
        if top is not None and place > top:
            break
        placed.append((place, item))
        previous = value
    return placed


@dataclass(frozen=True)
class UnitCompliance:
    unit_id: int
    code: str
    name: str
    employees: int
    compliant: int

    @property
    def share(self) -> Fraction:
        return Fraction(self.compliant, self.employees) if self.employees else Fraction(0)

    @property
    def percent(self) -> float:
        return float(self.share * 100)


def best_compliance(
    units: Iterable[UnitCompliance], minimum: int = MIN_UNIT_EMPLOYEES, top: int | None = TOP
) -> list[tuple[int, UnitCompliance]]:
    """Units of at least `minimum` employees by JP compliance, best first; equal shares
    share a place (the larger unit is listed first, then by name)."""
    eligible = [u for u in units if u.employees >= minimum and u.employees > 0]
    eligible.sort(key=lambda u: (-u.share, -u.employees, u.name, u.unit_id))
    return ranked(eligible, lambda u: u.share, top)


def last_period(labels: Iterable[str], year: int) -> str | None:
    """The latest-ending period of `year` among `labels` (of two ending together, the
    shorter one, the most recent measure); None when the year has none."""
    periods = [p for p in (parse_period(label) for label in labels) if p and p.start.year == year]
    if not periods:
        return None
    return max(periods, key=lambda p: (p.end, p.start)).label


def usable(result: Result | None) -> bool:
    """A period's result fit for comparison: an index, and enough respondents where the
    population says how many are needed."""
    return result is not None and result.index is not None and not result.too_few


@dataclass(frozen=True)
class IkmChange:
    unit_id: int
    before_period: str
    before: Result
    after_period: str
    after: Result

    @property
    def change(self) -> float:
        return change(self.before.index, self.after.index) or 0.0


def ikm_change(unit_id: int, periods: Mapping[str, Result], year: int) -> IkmChange | None:
    """The unit's IKM from the last period of `year - 1` to the last of `year`, when both
    exist and are usable; None otherwise."""
    after = last_period(periods, year)
    before = last_period(periods, year - 1)
    if after is None or before is None:
        return None
    if not (usable(periods[after]) and usable(periods[before])):
        return None
    return IkmChange(unit_id, before, periods[before], after, periods[after])


def largest_improvements(
    results: Mapping[tuple[int, str], Result], year: int, top: int | None = TOP
) -> list[tuple[int, IkmChange]]:
    """Units whose IKM rose from the year before, largest rise first (ties: the higher
    index now, then the unit id), from (unit, period) -> Result."""
    per_unit: dict[int, dict[str, Result]] = {}
    for (unit_id, period), result in results.items():
        per_unit.setdefault(unit_id, {})[period] = result
    changes = [ikm_change(unit_id, periods, year) for unit_id, periods in per_unit.items()]
    rising = [c for c in changes if c is not None and c.change > 0]
    rising.sort(key=lambda c: (-round(c.change, 2), -(c.after.index or 0), c.unit_id))
    return ranked(rising, lambda c: round(c.change, 2), top)
