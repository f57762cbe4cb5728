"""Competency gaps of a unit subtree: members below their position's required level.

A member's attained level of a competency is the highest level attested by a certificate
that is neither revoked nor expired (asn-domain.md); a member counts for a competency when
their position requires it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from flask import g
from sqlalchemy import Float, Integer, and_, case, cast, func, select, true
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import (
    Certificate,
    CertificateCompetency,
    Competency,
    OrgClosure,
    PositionRequirement,
    User,
)
from ..models.base import utcnow
from ..reporting.filters import PAGE_SIZE, ReportFilters
from ..reporting.scope import Scope
from .analysis import UnitColumn, in_column, ordered
from .queries import employee_conditions

GRID_SORTS = ("competency", "members", "below", "percent", "gap")


# The heat map: per unit and competency, how many members are below the required level -----
#
# Joining every member to every competency their position requires (a million pairs for a
# government of 100,000) and looking up what each holds is what made the page slow. Instead:
#   need: members per (unit, position) first -- a few thousand groups -- times the levels
#         the position requires, giving per (unit, competency) the members and the sum of
#         the levels they need;
#   held: the certificate side, only the members' valid certificates for competencies their
#         position requires, each member's highest level capped at the required one, giving
#         per (unit, competency) how many reach the level and the sum of the capped levels.
# below = members - reaching, gap = needed sum - capped sum (the same figures as counting
# member by member, since a member's gap is required - min(attained, required)).


def _whole(expression):
    """An integer sum (PostgreSQL makes sums of counts NUMERIC, i.e. Decimal in Python)."""
    return cast(func.sum(expression), Integer)


def _need(scope: Scope, filters: ReportFilters):
    staff = (
        select(User.unit_id, User.position_id, func.count().label("n"))
        .where(*employee_conditions(scope, filters))
        .group_by(User.unit_id, User.position_id)
        .subquery("staff")
    )
    return (
        select(
            staff.c.unit_id,
            PositionRequirement.competency_id,
            _whole(staff.c.n).label("members"),
            _whole(staff.c.n * PositionRequirement.level).label("needed"),
        )
        .join(PositionRequirement, PositionRequirement.position_id == staff.c.position_id)
        .where(PositionRequirement.level > 0)
        .group_by(staff.c.unit_id, PositionRequirement.competency_id)
        .subquery("need")
    )


def _held(scope: Scope, filters: ReportFilters):
    holder = aliased(User)
    now = utcnow()
    best = (
        select(
            # The member's unit and the level their position requires are the same on every
            # row of a group: max() only spares grouping by them (a dearer sort on SQLite).
            # The cast keeps the column an integer for SQLite, which otherwise cannot index it
            # to join the members' side.
            cast(func.max(holder.unit_id), Integer).label("unit_id"),
            CertificateCompetency.competency_id,
            func.max(PositionRequirement.level).label("required"),
            func.max(CertificateCompetency.level).label("level"),
        )
        .select_from(holder)
        .join(Certificate, Certificate.user_id == holder.id)
        .join(CertificateCompetency, CertificateCompetency.certificate_id == Certificate.id)
        .join(
            PositionRequirement,
            and_(
                PositionRequirement.position_id == holder.position_id,
                PositionRequirement.competency_id == CertificateCompetency.competency_id,
            ),
        )
        .where(
            PositionRequirement.level > 0,
            Certificate.revoked_at.is_(None),
            (Certificate.expires_at.is_(None)) | (Certificate.expires_at > now),
            # The members by id rather than by unit: SQLite then reads them, and through
            # the index by member their certificates, in id order (a whole government in
            # half the time of reading them unit by unit), yet only a small unit's members.
            holder.id.in_(select(User.id).where(*employee_conditions(scope, filters))),
        )
        # One row per member and competency: their highest level among several certificates.
        .group_by(holder.id, CertificateCompetency.competency_id)
        .subquery("best")
    )
    reached = best.c.level >= best.c.required
    return (
        select(
            best.c.unit_id,
            best.c.competency_id,
            _whole(case((reached, 1), else_=0)).label("reached"),
            _whole(case((reached, best.c.required), else_=best.c.level)).label("capped"),
        )
        .group_by(best.c.unit_id, best.c.competency_id)
        .subquery("held")
    )


def _per_unit(scope: Scope, filters: ReportFilters):
    """CTE (unit_id, competency_id, members, below, gap): members placed in the unit itself."""
    need, held = _need(scope, filters), _held(scope, filters)
    matched = and_(held.c.unit_id == need.c.unit_id, held.c.competency_id == need.c.competency_id)
    return (
        select(
            need.c.unit_id,
            need.c.competency_id,
            need.c.members,
            (need.c.members - func.coalesce(held.c.reached, 0)).label("below"),
            (need.c.needed - func.coalesce(held.c.capped, 0)).label("gap"),
        )
        .outerjoin(held, matched)
        .cte("per_unit")
    )


def _order(filters: ReportFilters, c) -> list:
    """ORDER BY of the competency table; `c` has the columns id, code, name, position,
    members, below and gap."""
    keys = {
        "competency": [c.position, c.code, c.name],
        "members": [c.members],
        "below": [c.below],
        "percent": [cast(c.below, Float) / c.members],
        "gap": [c.gap],
    }[filters.sort or "competency"]
    order = [ordered(k, filters.descending) for k in keys]
    return [*order, c.position, c.name, c.id]


class CompetencyTotal(NamedTuple):
    id: int
    code: str
    name: str
    position: int
    members: int
    below: int
    gap: int


@dataclass
class _Reading:
    """One reading of the heat map, kept for the rest of the request (see competency_totals)."""

    scope: Scope
    filters: ReportFilters
    paged: bool
    count: int
    totals: list[CompetencyTotal]
    per_unit: dict[tuple[int, int], tuple[int, int, int]]  # (unit id, competency id)


def _read(scope: Scope, filters: ReportFilters, paged: bool) -> _Reading:
    """The table's rows, how many there are and the per-unit figures of those rows: one
    query, so the expensive per-unit figures are worked out once for the whole page."""
    per_unit = _per_unit(scope, filters)
    summed = (
        select(
            per_unit.c.competency_id,
            _whole(per_unit.c.members).label("members"),
            _whole(per_unit.c.below).label("below"),
            _whole(per_unit.c.gap).label("gap"),
        )
        .group_by(per_unit.c.competency_id)
        .subquery("summed")
    )
    totals = (
        select(
            Competency.id,
            Competency.code,
            Competency.name,
            Competency.position,
            summed.c.members,
            summed.c.below,
            summed.c.gap,
        )
        .join(summed, summed.c.competency_id == Competency.id)
        .cte("totals")
    )
    page = select(totals).order_by(*_order(filters, totals.c))
    if paged:
        page = page.limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)
    page = page.subquery("page")
    counted = select(func.count().label("competencies")).select_from(totals).subquery("counted")
    # Starting from the count keeps one row (of NULLs) when the page is empty.
    stmt = (
        select(
            counted.c.competencies,
            *page.c,
            per_unit.c.unit_id,
            per_unit.c.members.label("unit_members"),
            per_unit.c.below.label("unit_below"),
            per_unit.c.gap.label("unit_gap"),
        )
        .select_from(counted)
        .outerjoin(page, true())
        .outerjoin(per_unit, per_unit.c.competency_id == page.c.id)
        .order_by(*_order(filters, page.c), per_unit.c.unit_id)
    )
    count = 0
    totals_rows: dict[int, CompetencyTotal] = {}
    cells: dict[tuple[int, int], tuple[int, int, int]] = {}
    for row in db.session.execute(stmt):
        count = row.competencies
        if row.id is None:
            continue
        if row.id not in totals_rows:
            totals_rows[row.id] = CompetencyTotal(
                row.id, row.code, row.name, row.position, row.members, row.below, row.gap
            )
        cells[(row.unit_id, row.id)] = (row.unit_members, row.unit_below, row.unit_gap)
    return _Reading(scope, filters, paged, count, list(totals_rows.values()), cells)


def _remembered(scope: Scope, filters: ReportFilters) -> _Reading | None:
    reading = g.get("gap_reading")
    if reading is not None and reading.scope == scope and reading.filters == filters:
        return reading
    return None


def competency_totals(scope: Scope, filters: ReportFilters, paged: bool = True) -> list:
    """Rows (id, code, name, position, members, below, gap) per required competency.

    The per-unit figures read with them are kept for the request, so that `grid` and
    `count_competencies` right after it (what the heat map page does) need not read them
    again: reading them is the expensive part.
    """
    reading = _read(scope, filters, paged)
    g.gap_reading = reading
    return reading.totals


def count_competencies(scope: Scope, filters: ReportFilters) -> int:
    """How many competencies the positions of employees in scope require."""
    reading = _remembered(scope, filters)
    if reading is not None:
        return reading.count
    positions = select(User.position_id).where(*employee_conditions(scope, filters))
    stmt = select(func.count(func.distinct(PositionRequirement.competency_id))).where(
        PositionRequirement.level > 0, PositionRequirement.position_id.in_(positions)
    )
    return db.session.scalar(stmt) or 0


def grid(
    scope: Scope, filters: ReportFilters, cols: list[UnitColumn], competency_ids: list[int] | None
) -> dict[tuple[int, int], tuple[int, int, int]]:
    """{(unit id of the column, competency id): (members, below, gap)} in one query."""
    closure = aliased(OrgClosure)
    reading = _remembered(scope, filters)
    wanted = None if competency_ids is None else set(competency_ids)
    if reading is None or (wanted is None and reading.paged):
        return _grid_query(scope, filters, cols, competency_ids)
    if wanted is not None and not wanted <= {t.id for t in reading.totals}:
        return _grid_query(scope, filters, cols, competency_ids)
    # The per-unit figures are at hand: only which column each unit falls in is needed.
    columns_of: dict[int, list[int]] = {}
    for unit_id, column in db.session.execute(
        select(closure.descendant_id, closure.ancestor_id).where(in_column(cols, closure))
    ):
        columns_of.setdefault(unit_id, []).append(column)
    cells: dict[tuple[int, int], tuple[int, int, int]] = {}
    for (unit_id, competency_id), (members, below, gap) in reading.per_unit.items():
        if wanted is not None and competency_id not in wanted:
            continue
        for column in columns_of.get(unit_id, ()):
            m, b, gp = cells.get((column, competency_id), (0, 0, 0))
            cells[(column, competency_id)] = (m + members, b + below, gp + gap)
    return cells


def _grid_query(scope, filters, cols, competency_ids):
    per_unit = _per_unit(scope, filters)
    closure = aliased(OrgClosure)
    stmt = (
        select(
            closure.ancestor_id,
            per_unit.c.competency_id,
            _whole(per_unit.c.members),
            _whole(per_unit.c.below),
            _whole(per_unit.c.gap),
        )
        .join(closure, closure.descendant_id == per_unit.c.unit_id)
        .where(in_column(cols, closure))
        .group_by(closure.ancestor_id, per_unit.c.competency_id)
    )
    if competency_ids is not None:
        stmt = stmt.where(per_unit.c.competency_id.in_(competency_ids))
    rows = db.session.execute(stmt)
    return {(unit, competency): (m, b, gp) for unit, competency, m, b, gp in rows}
