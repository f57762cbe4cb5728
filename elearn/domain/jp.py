"""Learning hours (JP): which year a completion credits, and totals per year."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo


def credit_year(completed_at: datetime, timezone: str = "Asia/Jakarta") -> int:
    """Return the calendar year, in the deployment's time zone, a completion counts in."""
    if completed_at.tzinfo is None:
        raise ValueError("completed_at must be timezone-aware")
    return completed_at.astimezone(ZoneInfo(timezone)).year


def totals_by_year(credits: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Sum (year, jp) pairs per year, newest year first."""
    totals: dict[int, int] = defaultdict(int)
    for year, jp in credits:
        totals[year] += jp
    return dict(sorted(totals.items(), reverse=True))


def remaining(jp_this_year: int, target: int) -> int:
    """JP still needed this year to reach the target (never negative)."""
    return max(0, target - jp_this_year)
