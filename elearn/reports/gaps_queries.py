"""Competency gaps of a unit subtree: members below their position's required level.

A member's attained level of a competency is the highest level attested by a certificate
that is neither revoked nor expired (asn-domain.md); a member counts for a competency when
their position requires it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import Float, and_, case, cast, func, select
from sqlalchemy.orm import aliased

from ..domain.gaps import CourseOffer, GapRow, recommendations
from ..extensions import db
from ..hr.filters import PAGE_SIZE, ReportFilters
from ..hr.scope import Scope
from ..models import (
    Certificate,
    CertificateCompetency,
    Competency,
    Course,
    CourseCompetency,
    CourseCompletion,
    CourseVersion,
    OrgClosure,
    OrgUnit,
    Position,
    PositionRequirement,
    User,
)
from ..models.base import utcnow
from .analysis import Column, employees, in_column, ordered, search

GRID_SORTS = ("competency", "members", "below", "percent", "gap")
MEMBER_SORTS = ("name", "nip", "unit", "position", "required", "attained", "gap")


def attained(scope: Scope, competency_id: int | None = None):
    """Subquery (user_id, competency_id, level): the highest level held on a valid certificate,
    for the employees in scope only, so a whole-country table is never grouped for one unit."""
    holder = aliased(User)
    now = utcnow()
    stmt = (
        select(
            Certificate.user_id.label("user_id"),
            CertificateCompetency.competency_id.label("competency_id"),
            func.max(CertificateCompetency.level).label("level"),
        )
        .join(Certificate, Certificate.id == CertificateCompetency.certificate_id)
        .join(holder, holder.id == Certificate.user_id)
        .where(
            Certificate.revoked_at.is_(None),
            (Certificate.expires_at.is_(None)) | (Certificate.expires_at > now),
            holder.unit_id.is_not(None),
            scope.users(holder.unit_id),
        )
        .group_by(Certificate.user_id, CertificateCompetency.competency_id)
    )
    if competency_id is not None:
        stmt = stmt.where(CertificateCompetency.competency_id == competency_id)
    return stmt.subquery("attained")


def _figures(held):
    """(members, below, gap) aggregates over joined users x requirements x attained levels."""
    level = func.coalesce(held.c.level, 0)
    short = PositionRequirement.level > level
    members = func.count(User.id).label("members")
    below = func.coalesce(func.sum(case((short, 1), else_=0)), 0).label("below")
    gap = func.coalesce(
        func.sum(case((short, PositionRequirement.level - level), else_=0)), 0
    ).label("gap")
    return members, below, gap


def _required(stmt, scope: Scope, filters: ReportFilters, held=None):
    """Join employees in scope to the levels their positions require (and to what they hold)."""
    stmt = (
        stmt.select_from(User)
        .join(PositionRequirement, PositionRequirement.position_id == User.position_id)
        .where(PositionRequirement.level > 0, *employees(scope, filters))
    )
    if held is None:
        return stmt
    return stmt.outerjoin(
        held,
        and_(
            held.c.user_id == User.id,
            held.c.competency_id == PositionRequirement.competency_id,
        ),
    )


def _totals_statement(scope: Scope, filters: ReportFilters):
    held = attained(scope)
    members, below, gap = _figures(held)
    stmt = select(
        Competency.id,
        Competency.code,
        Competency.name,
        Competency.position,
        members,
        below,
        gap,
    )
    stmt = _required(stmt, scope, filters, held).join(
        Competency, Competency.id == PositionRequirement.competency_id
    )
    stmt = stmt.group_by(Competency.id, Competency.code, Competency.name, Competency.position)
    keys = {
        "competency": [Competency.position, Competency.code, Competency.name],
        "members": [members],
        "below": [below],
        "percent": [cast(below, Float) / members],
        "gap": [gap],
    }[filters.sort or "competency"]
    order = [ordered(k, filters.descending) for k in keys]
    return stmt.order_by(*order, Competency.position, Competency.name, Competency.id)


def competency_totals(scope: Scope, filters: ReportFilters, paged: bool = True) -> list:
    """Rows (id, code, name, position, members, below, gap) per required competency."""
    stmt = _totals_statement(scope, filters)
    if paged:
        stmt = stmt.limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)
    return db.session.execute(stmt).all()


def count_competencies(scope: Scope, filters: ReportFilters) -> int:
    """How many competencies the positions of employees in scope require."""
    stmt = _required(
        select(func.count(func.distinct(PositionRequirement.competency_id))), scope, filters
    )
    return db.session.scalar(stmt) or 0


def grid(
    scope: Scope, filters: ReportFilters, cols: list[Column], competency_ids: list[int] | None
) -> dict[tuple[int, int], tuple[int, int, int]]:
    """{(unit id of the column, competency id): (members, below, gap)} in one query."""
    held = attained(scope)
    closure = aliased(OrgClosure)
    members, below, gap = _figures(held)
    stmt = _required(
        select(closure.ancestor_id, PositionRequirement.competency_id, members, below, gap),
        scope,
        filters,
        held,
    )
    stmt = stmt.join(closure, closure.descendant_id == User.unit_id).where(in_column(cols, closure))
    if competency_ids is not None:
        stmt = stmt.where(PositionRequirement.competency_id.in_(competency_ids))
    stmt = stmt.group_by(closure.ancestor_id, PositionRequirement.competency_id)
    return {(unit, competency): (m, b, g) for unit, competency, m, b, g in db.session.execute(stmt)}


# Drill-down: the members of one unit below the level of one competency ----------------------


@dataclass
class Member:
    id: int
    name: str
    nip: str
    unit: str
    position: str
    required: int
    attained: int
    gap: int
    courses: list[tuple[str, str]]  # (slug, title) that would close the gap


def _members_statement(
    scope: Scope, filters: ReportFilters, competency_id: int, direct_unit: int | None
):
    held = attained(scope, competency_id)
    level = func.coalesce(held.c.level, 0)
    stmt = (
        select(
            User.id,
            User.full_name,
            User.username,
            OrgUnit.name.label("unit"),
            Position.name.label("position"),
            PositionRequirement.level.label("required"),
            level.label("attained"),
            (PositionRequirement.level - level).label("gap"),
        )
        .select_from(User)
        .join(
            PositionRequirement,
            and_(
                PositionRequirement.position_id == User.position_id,
                PositionRequirement.competency_id == competency_id,
            ),
        )
        .join(Position, Position.id == User.position_id)
        .join(OrgUnit, OrgUnit.id == User.unit_id)
        .outerjoin(held, held.c.user_id == User.id)
        .where(PositionRequirement.level > level, *employees(scope, filters))
    )
    if direct_unit is not None:
        stmt = stmt.where(User.unit_id == direct_unit)
    condition = search(filters.query)
    if condition is not None:
        stmt = stmt.where(condition)
    keys = {
        "name": [User.full_name],
        "nip": [User.username],
        "unit": [OrgUnit.name],
        "position": [Position.name],
        "required": [PositionRequirement.level],
        "attained": [level],
        "gap": [PositionRequirement.level - level],
    }[filters.sort or "name"]
    order = [ordered(k, filters.descending) for k in keys]
    return stmt, order + [User.full_name.asc(), User.id.asc()]


def members_below(
    scope: Scope,
    filters: ReportFilters,
    competency: Competency,
    direct_unit: int | None = None,
    paged: bool = True,
) -> list[Member]:
    """Members short of the level, with the published courses that would close their gap."""
    stmt, order = _members_statement(scope, filters, competency.id, direct_unit)
    listed = stmt.order_by(*order)
    if paged:
        listed = listed.limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)
    rows = db.session.execute(listed).all()
    offers = course_offers(competency.id)
    # A page asks about its own few learners; a download about everyone the query selects.
    who = [r.id for r in rows] if paged else select(stmt.subquery().c.id)
    completed = _completed(who, [o.id for o in offers])
    titles = {o.slug: o.title for o in offers}
    catalogue = [CourseOffer(o.slug, competency.slug, o.level) for o in offers]
    result = []
    for row in rows:
        advice = recommendations(
            [GapRow(competency.slug, row.required, row.attained)],
            catalogue,
            completed.get(row.id, set()),
        )
        result.append(
            Member(
                id=row.id,
                name=row.full_name,
                nip=row.username,
                unit=row.unit,
                position=row.position,
                required=row.required,
                attained=row.attained,
                gap=row.gap,
                courses=[(s, titles[s]) for s in advice.get(competency.slug, [])],
            )
        )
    return result


def count_members_below(
    scope: Scope, filters: ReportFilters, competency_id: int, direct_unit: int | None = None
) -> int:
    stmt, _ = _members_statement(scope, filters, competency_id, direct_unit)
    return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def course_offers(competency_id: int) -> list:
    """Published courses attesting the competency: (id, slug, title, level)."""
    return db.session.execute(
        select(Course.id, Course.slug, CourseVersion.title, CourseCompetency.level)
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .join(CourseCompetency, CourseCompetency.version_id == CourseVersion.id)
        .where(CourseCompetency.competency_id == competency_id)
        .order_by(CourseVersion.title, Course.id)
    ).all()


def _completed(user_ids, course_ids: list[int]) -> dict[int, set[str]]:
    """{user id: slugs of the offered courses they completed}; `user_ids` a list or a query."""
    if isinstance(user_ids, list) and not user_ids:
        user_ids = [-1]  # still one query, so the count of queries does not depend on the data
    rows = db.session.execute(
        select(CourseCompletion.user_id, Course.slug)
        .join(Course, Course.id == CourseCompletion.course_id)
        .where(CourseCompletion.user_id.in_(user_ids), CourseCompletion.course_id.in_(course_ids))
    ).all()
    completed: dict[int, set[str]] = {}
    for user_id, slug in rows:
        completed.setdefault(user_id, set()).add(slug)
    return completed


def competency_or_404(competency_id: int) -> Competency:
    competency = db.session.get(Competency, competency_id)
    if competency is None:
        abort(404)
    return competency
