"""SKM results read with aggregate SQL: per unit (or service) and period, each element's
sum of scores and number of answers, from respondents' rows and imported summaries alike,
turned into `domain.skm.Result`s. Two grouped statements whatever the number of rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..domain import skm
from ..extensions import db
from ..models import SkmElementAverage, SkmResponse, SkmService
from ..reporting.scope import Scope

R = SkmResponse
A = SkmElementAverage
SCORE_COLUMNS = tuple(getattr(R, f"u{n}") for n in skm.ELEMENT_NUMBERS)


@dataclass
class Tally:
    """What one unit (or service) gathered in one period, before it becomes a Result."""

    sums: dict[int, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0.0, 0]))
    respondents: int = 0
    summary_respondents: dict[int | None, int] = field(default_factory=dict)

    def add_respondents(self, count: int, totals: Iterable[float]) -> None:
        self.respondents += count
        for number, total in zip(skm.ELEMENT_NUMBERS, totals, strict=True):
            self.sums[number][0] += float(total or 0)
            self.sums[number][1] += count

    def add_summary(self, service_id, element: int, weighted: float, count: int) -> None:
        self.sums[element][0] += float(weighted or 0)
        self.sums[element][1] += count
        # A summary names its respondents once per element: counted once per service.
        known = self.summary_respondents.get(service_id, 0)
        self.summary_respondents[service_id] = max(known, count)

    def result(self, population: int | None) -> skm.Result:
        total = self.respondents + sum(self.summary_respondents.values())
        return skm.result({n: (s, c) for n, (s, c) in self.sums.items()}, total, population)


Key = tuple[int, str] | tuple[int, str, int | None]


def tallies(
    scope: Scope,
    periods: Iterable[str] | None = None,
    unit_ids: Iterable[int] | None = None,
    by_service: bool = False,
) -> dict[Key, Tally]:
    """(unit, period) -> Tally, or (unit, period, service) with `by_service`, for the units
    in `scope` (narrowed to `unit_ids` when given) and `periods` (every period if None)."""
    wanted_periods = list(periods) if periods is not None else None
    wanted_units = list(unit_ids) if unit_ids is not None else None
    found: dict[Key, Tally] = defaultdict(Tally)

    def narrowed(stmt, table):
        stmt = stmt.where(scope.units(table.unit_id))
        if wanted_periods is not None:
            stmt = stmt.where(table.period.in_(wanted_periods))
        if wanted_units is not None:
            stmt = stmt.where(table.unit_id.in_(wanted_units))
        return stmt

    group = [R.unit_id, R.period] + ([R.service_id] if by_service else [])
    responses = narrowed(
        select(*group, func.count(), *(func.sum(c) for c in SCORE_COLUMNS)).group_by(*group), R
    )
    for row in db.session.execute(responses):
        key = tuple(row[: len(group)])
        found[key].add_respondents(row[len(group)], row[len(group) + 1 :])
    # Summaries are grouped by service too: each service's summary counts its respondents.
    summary_group = [A.unit_id, A.period, A.service_id, A.element]
    summaries = narrowed(
        select(
            *summary_group, func.sum(A.average * A.respondents), func.sum(A.respondents)
        ).group_by(*summary_group),
        A,
    )
    for unit_id, period, service_id, element, weighted, count in db.session.execute(summaries):
        key = (unit_id, period, service_id) if by_service else (unit_id, period)
        found[key].add_summary(service_id, element, weighted, count)
    return dict(found)


def populations(scope: Scope, by_service: bool = False) -> dict:
    """The people served per period: per unit (the sum of its active services' figures,
    None when none is known), or per service id with `by_service`."""
    if by_service:
        rows = db.session.execute(
            select(SkmService.id, SkmService.population).where(scope.units(SkmService.unit_id))
        )
        return dict(rows.all())
    rows = db.session.execute(
        select(SkmService.unit_id, func.sum(SkmService.population))
        .where(scope.units(SkmService.unit_id), SkmService.active.is_(True))
        .group_by(SkmService.unit_id)
    )
    return {unit_id: int(total) if total is not None else None for unit_id, total in rows}


def results(
    scope: Scope, periods: Iterable[str] | None = None, unit_ids: Iterable[int] | None = None
) -> dict[tuple[int, str], skm.Result]:
    """(unit, period) -> Result for every unit and period with answers, in scope."""
    counted = tallies(scope, periods, unit_ids)
    people = populations(scope)
    return {key: tally.result(people.get(key[0])) for key, tally in counted.items()}


def service_results(
    scope: Scope, periods: Iterable[str] | None = None, unit_ids: Iterable[int] | None = None
) -> dict[tuple[int, str, int | None], skm.Result]:
    """(unit, period, service or None) -> Result."""
    counted = tallies(scope, periods, unit_ids, by_service=True)
    people = populations(scope, by_service=True)
    return {key: tally.result(people.get(key[2])) for key, tally in counted.items()}


def periods_in(scope: Scope) -> list[str]:
    """Every period with results in scope, oldest first."""
    stmt = (
        select(R.period)
        .where(scope.units(R.unit_id))
        .union(select(A.period).where(scope.units(A.unit_id)))
    )
    labels = [p for (p,) in db.session.execute(stmt)]
    parsed = [skm.parse_period(label) for label in labels]
    return [p.label for p in sorted(p for p in parsed if p is not None)]
