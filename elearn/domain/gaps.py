"""Competency profiles: attained levels from valid certificates, gaps against a position,
and the courses that would close them. Pure, so HR can aggregate it per unit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Attestation:
    """A competency level attested by one certificate."""

    competency: str
    level: int
    expires_at: datetime | None = None
    revoked: bool = False

    def valid_at(self, now: datetime) -> bool:
        return not self.revoked and (self.expires_at is None or self.expires_at > now)


@dataclass(frozen=True)
class GapRow:
    competency: str
    required: int  # 0 when the position does not require it
    attained: int  # 0 when no valid certificate attests it

    @property
    def gap(self) -> int:
        return max(0, self.required - self.attained)


@dataclass(frozen=True)
class CourseOffer:
    """A course attesting a competency at a level."""

    course: str
    competency: str
    level: int


def attained_levels(attestations: Iterable[Attestation], now: datetime) -> dict[str, int]:
    """Highest level per competency among certificates still valid at `now`."""
    levels: dict[str, int] = {}
    for item in attestations:
        if item.valid_at(now):
            levels[item.competency] = max(levels.get(item.competency, 0), item.level)
    return levels


def gap_rows(required: Mapping[str, int], attained: Mapping[str, int]) -> list[GapRow]:
    """One row per competency required or held: required minus attained, never negative."""
    rows = [GapRow(c, required.get(c, 0), attained.get(c, 0)) for c in required]
    rows += [GapRow(c, 0, level) for c, level in attained.items() if c not in required]
    return rows


def recommendations(
    rows: Iterable[GapRow], offers: Iterable[CourseOffer], completed: set[str]
) -> dict[str, list[str]]:
    """For each gap, the courses not yet completed that attest it at or above the requirement."""
    offers = list(offers)
    result: dict[str, list[str]] = {}
    for row in rows:
        if row.gap <= 0:
            continue
        courses = sorted(
            {
                o.course
                for o in offers
                if o.competency == row.competency
                and o.level >= row.required
                and o.course not in completed
            }
        )
        result[row.competency] = courses
    return result


@dataclass(frozen=True)
class UnitGap:
    competency: str
    members: int  # members whose position requires it
    below: int  # of those, how many fall short
    total_gap: int

    @property
    def average_gap(self) -> float:
        return self.total_gap / self.members if self.members else 0.0


def unit_gaps(member_rows: Iterable[Iterable[GapRow]]) -> list[UnitGap]:
    """Aggregate members' gap rows per competency (only competencies somebody requires)."""
    tally: dict[str, list[int]] = {}
    for rows in member_rows:
        for row in rows:
            if row.required <= 0:
                continue
            members, below, total = tally.setdefault(row.competency, [0, 0, 0])
            tally[row.competency] = [members + 1, below + (row.gap > 0), total + row.gap]
    return [UnitGap(c, m, b, t) for c, (m, b, t) in sorted(tally.items())]


# Heat map bands: the share of members (whose position requires a competency) below the level.
HEAT_BANDS = (25, 50, 75)


def below_share(below: int, members: int) -> float | None:
    """Percent of `members` who fall short, one decimal; None when nobody is required to hold it."""
    if members <= 0:
        return None
    return round(100 * min(max(below, 0), members) / members, 1)


def heat_level(below: int, members: int) -> int | None:
    """Severity 0-4 of a heat map cell: 0 nobody short, then up to 25, 50, 75, above 75 %.

    None when no member's position requires the competency (an empty cell, not a good one).
    """
    share = below_share(below, members)
    if share is None:
        return None
    if below <= 0:
        return 0
    return 1 + sum(share > band for band in HEAT_BANDS)
