"""The drill-down of the competency heat map: the members of one unit below the level
of one competency, with the published courses that would close their gap.

A member's attained level is the highest level attested by a certificate that is neither
revoked nor expired (asn-domain.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from ..domain.gaps import CourseOffer, GapRow, recommendations
from ..extensions import db
from ..models import (
    Certificate,
    CertificateCompetency,
    Competency,
    Course,
    CourseCompetency,
    CourseCompletion,
    CourseVersion,
    OrgUnit,
    Position,
    PositionRequirement,
    User,
)
from ..models.base import utcnow
from ..reporting.filters import PAGE_SIZE, ReportFilters, name_or_nip
from ..reporting.report import Column, attribute, nip_on_page, titled
from ..reporting.scope import Scope
from .analysis import ordered
from .queries import employee_conditions

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
    # The columns in the order of the fields of `Member`, so a row becomes a member as it is.
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
        .where(PositionRequirement.level > level, *employee_conditions(scope, filters))
    )
    if direct_unit is not None:
        stmt = stmt.where(User.unit_id == direct_unit)
    condition = name_or_nip(filters.query, User.full_name, User.username)
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
        courses = [(s, titles[s]) for s in advice.get(competency.slug, [])]
        result.append(Member(*row, courses=courses))
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


# The members below the level: the page's table and its download.
MEMBER_COLUMNS = (
    attribute("nip", _l("NIP")),
    titled("name", _l("Nama"), sort="name"),
    nip_on_page(_l("NIP"), sort="nip"),
    titled("unit", _l("Unit kerja"), sort="unit"),
    titled("position", _l("Jabatan"), sort="position"),
    titled("required", _l("Level dibutuhkan"), sort="required", numeric=True),
    titled("attained", _l("Level tercapai"), sort="attained", numeric=True),
    titled("gap", _l("Kesenjangan"), sort="gap", cell="strong", numeric=True),
    Column(
        _l("Kursus yang disarankan"),
        lambda m: "; ".join(title for _s, title in m.courses),
        label=_l("Kursus yang disarankan"),
        cell="suggested_courses",
    ),
)
