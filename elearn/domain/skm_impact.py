"""Did the training help? (issue 18, Kirkpatrick level 4): a unit's satisfaction index over
survey periods set beside how many of its front-line staff had finished the recommended
courses by the end of each period, and the index before and after the training.

Pure: dates and `domain.skm.Result`s in, figures out. The SQL that counts staff and
completions lives in elearn/skm/impact.py.

The figures show an association over time, never a cause: pages that show them say so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from . import skm
from .reporting import percent

# The training counts as "given" at the end of the first period by which at least this
# share of the unit's front-line staff had finished every recommended course.
TRAINED_SHARE = 0.5


@dataclass(frozen=True)
class Share:
    """How many of a unit's front-line staff had done something by a day."""

    done: int
    staff: int

    @property
    def percent(self) -> float | None:
        return percent(self.done, self.staff)


def done_on(finished: int, required: int, last: date | None) -> date | None:
    """The day a person had finished all `required` courses (or tasks): the day of the last
    one when they finished as many as required, else None. Nothing required: None (there
    is nothing to have finished, so nobody counts as trained)."""
    if required <= 0 or finished < required:
        return None
    return last


def share_by(done_dates: Iterable[date | None], day: date) -> Share:
    """How many of the staff (one date or None each) had finished on or before `day`."""
    dates = list(done_dates)
    return Share(sum(1 for d in dates if d is not None and d <= day), len(dates))


def training_date(
    period_ends: Iterable[date], done_dates: Sequence[date | None], threshold: float = TRAINED_SHARE
) -> date | None:
    """The first period end by which at least `threshold` of the staff had finished, or
    None when that never happened (or there are no staff)."""
    if not done_dates:
        return None
    for end in sorted(period_ends):
        share = share_by(done_dates, end)
        if share.done >= threshold * share.staff:
            return end
    return None


@dataclass(frozen=True)
class Dated:
    """One period's result, with its period."""

    period: skm.Period
    result: skm.Result


def ordered(results: Mapping[str, skm.Result]) -> list[Dated]:
    """Results keyed by period label, oldest first; labels that do not parse are left out."""
    found = []
    for label, result in results.items():
        period = skm.parse_period(label)
        if period is not None:
            found.append(Dated(period, result))
    return sorted(found, key=lambda d: (d.period.end, d.period.start, d.period.label))


def before_and_after(periods: Sequence[Dated], training: date) -> tuple[Dated | None, Dated | None]:
    """The period before the training (the last one that ended by the training date) and
    the period after it (the first one that started after it)."""
    before = [d for d in periods if d.period.end <= training]
    after = [d for d in periods if d.period.start > training]
    return (
        max(before, key=lambda d: (d.period.end, d.period.start)) if before else None,
        min(after, key=lambda d: (d.period.start, d.period.end)) if after else None,
    )


@dataclass(frozen=True)
class Measure:
    """One line of the before/after table: the IKM (element None) or one element, on the
    index's 25-100 scale."""

    element: int | None
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        return skm.change(self.before, self.after)


def on_index_scale(result: skm.Result, element: int | None) -> float | None:
    """The IKM (element None) or one element's average on the 25-100 scale."""
    if element is None:
        return result.index
    average = result.average(element)
    return None if average is None else skm.index_of_average(average)


def compare(before: skm.Result, after: skm.Result) -> list[Measure]:
    """The IKM and each element, before and after, on the 25-100 scale."""
    return [
        Measure(element, on_index_scale(before, element), on_index_scale(after, element))
        for element in (None, *skm.ELEMENT_NUMBERS)
    ]


def latest_two(periods: Sequence[Dated]) -> tuple[Dated | None, Dated | None]:
    """The latest period with an index and the one with an index before it."""
    indexed = [d for d in periods if d.result.index is not None]
    latest = indexed[-1] if indexed else (periods[-1] if periods else None)
    previous = indexed[-2] if len(indexed) > 1 else None
    return latest, previous


def sort_rows(rows: list, key: Callable[[object], object], descending: bool) -> list:
    """Rows ordered by `key`, rows without a value last whichever the direction."""
    present = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    return sorted(present, key=key, reverse=descending) + missing
