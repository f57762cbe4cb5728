"""What the analysis reports share: the unit columns, course titles and pickers, dates.

The queries of each report live next to this file: gaps_queries.py, evaluation_queries.py
and siasn.py. Each takes the viewer's narrowed scope and the filters and returns plain rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, false, func, or_, select

from ..clock import local_date
from ..extensions import db
from ..models import Course, CourseVersion, OrgClosure, OrgUnit
from ..reporting.scope import Scope, top_units


@dataclass(frozen=True)
class UnitColumn:
    """A unit a report breaks figures down by.

    `direct`: only the members placed in the unit itself, not in its sub-units (the
    selected unit's own staff, shown beside its sub-units so that nobody is left out).
    """

    unit_id: int
    name: str
    code: str
    direct: bool = False


def base_units(scope: Scope, unit_id: int | None) -> list[int]:
    """The units a breakdown starts from: the selected one, or the viewer's roots."""
    return [unit_id] if unit_id is not None else top_units(scope)


def columns(bases: list[int]) -> list[UnitColumn]:
    """The units to break a report down by: the sub-units of the one base unit plus that
    unit's own staff, or each base unit (a government, for admins) when there are several."""
    if not bases:
        return []
    if len(bases) > 1:
        units = db.session.execute(
            select(OrgUnit.id, OrgUnit.name, OrgUnit.code)
            .where(OrgUnit.id.in_(bases))
            .order_by(OrgUnit.name, OrgUnit.id)
        ).all()
        return [UnitColumn(u.id, u.name, u.code) for u in units]
    base = bases[0]
    units = db.session.execute(
        select(OrgUnit.id, OrgUnit.name, OrgUnit.code, OrgUnit.parent_id)
        .where(or_(OrgUnit.parent_id == base, OrgUnit.id == base))
        .order_by(OrgUnit.name, OrgUnit.id)
    ).all()
    children = [UnitColumn(u.id, u.name, u.code) for u in units if u.id != base]
    own = [UnitColumn(u.id, u.name, u.code, direct=True) for u in units if u.id == base]
    return children + own


def in_column(cols: list[UnitColumn], closure=OrgClosure) -> ColumnElement[bool]:
    """A condition on `closure` (joined on the member's unit) putting each member in the one
    column that holds them; `closure.ancestor_id` is then the column's unit id."""
    subtrees = [c.unit_id for c in cols if not c.direct]
    direct = [c.unit_id for c in cols if c.direct]
    conditions = []
    if subtrees:
        conditions.append(closure.ancestor_id.in_(subtrees))
    if direct:
        conditions.append(and_(closure.ancestor_id.in_(direct), closure.depth == 0))
    return or_(*conditions) if conditions else false()


def course_title():
    """A course's name: its live version's title, or its slug when nothing is live."""
    return func.coalesce(CourseVersion.title, Course.slug)


def course_choices() -> list:
    """Courses for the filter picker: (id, title), by title."""
    title = course_title().label("title")
    return db.session.execute(
        select(Course.id, title)
        .outerjoin(CourseVersion, CourseVersion.id == Course.live_version_id)
        .order_by(title, Course.id)
    ).all()


def iso_local_date(value: datetime | None) -> str:
    """An instant as YYYY-MM-DD in the institution's time zone (what HR systems expect)."""
    day = local_date(value)
    return day.isoformat() if day else ""


def ordered(expression, descending: bool):
    """ORDER BY an expression with empty figures last in either direction."""
    return (expression.desc() if descending else expression.asc()).nulls_last()
