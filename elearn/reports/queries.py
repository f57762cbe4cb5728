"""The SQL behind the HR overview, and the pieces every report shares (who counts as an
employee, which units make the rows, sorting). One aggregate query per table shown.

Every function takes the viewer's scope (already narrowed to the chosen unit) and the
report filters, and returns plain rows. Unit rows aggregate their whole subtree through
`org_closure`, so a report costs the same few queries whatever the size of the tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.orm import aliased

from ..domain.reporting import percent
from ..extensions import db
from ..models import (
    Course,
    CourseCompletion,
    CourseVersion,
    Enrollment,
    OrgClosure,
    OrgUnit,
    Position,
    User,
)
from ..reporting.filters import PAGE_SIZE, ReportFilters
from ..reporting.governments import visible
from ..reporting.scope import Scope, top_units


class Option(NamedTuple):
    """A course (or unit) to pick: templates unpack it as (id, title)."""

    id: int
    title: str


def live_courses() -> list[Option]:
    """Courses learners can take now (with a live version), by title."""
    stmt = (
        select(Course.id, CourseVersion.title)
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .order_by(CourseVersion.title, Course.id)
    )
    return [Option(*row) for row in db.session.execute(stmt)]


def live_course(course_id: int) -> tuple[Option, int] | None:
    """The course's live title and version id, or None when it has no live version."""
    row = db.session.execute(
        select(Course.id, CourseVersion.title, CourseVersion.id)
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .where(Course.id == course_id)
    ).first()
    return None if row is None else (Option(row[0], row[1]), row[2])


def positions(scope: Scope) -> list[Position]:
    """The positions the viewer may filter by: their governments' (and templates)."""
    return list(
        db.session.scalars(
            select(Position).where(visible(scope)).order_by(Position.name, Position.id)
        )
    )


def employee_conditions(scope: Scope, filters: ReportFilters) -> list[ColumnElement[bool]]:
    """Who counts as an employee here: active, placed in a unit in scope, of the position."""
    conditions = [User.active.is_(True), User.unit_id.is_not(None), scope.users(User.unit_id)]
    if filters.position_id is not None:
        conditions.append(User.position_id == filters.position_id)
    return conditions


def course_condition(column, filters: ReportFilters) -> list[ColumnElement[bool]]:
    return [] if filters.course_id is None else [column == filters.course_id]


def ordered(filters: ReportFilters, columns: dict[str, list], tiebreak: list) -> list:
    """ORDER BY the chosen sort's expressions (flipped when descending), then `tiebreak`."""
    chosen = columns.get(filters.sort) or next(iter(columns.values()))
    return [c.desc() if filters.descending else c.asc() for c in chosen] + tiebreak


# --- Which units make the rows --------------------------------------------------------


@dataclass(frozen=True)
class RowUnits:
    """The units a report shows as rows, as a condition on OrgUnit.

    `parent` is the unit whose children are the rows; its own row then counts only the
    people placed directly in it (the children's rows hold the rest), and appears only
    when there are such people.
    """

    condition: ColumnElement[bool]
    parent: int | None = None

    def membership(self) -> ColumnElement[bool]:
        """Join condition extra: the parent's row takes its direct members only."""
        if self.parent is None:
            return literal(True)
        return or_(OrgClosure.ancestor_id != self.parent, OrgClosure.depth == 0)

    def is_direct(self, unit_id: int, _code, _name, has_children: bool) -> bool:
        """Whether a row is the parent's own staff (a leaf parent is simply itself)."""
        return unit_id == self.parent and has_children

    def first(self) -> list:
        """Order the parent's own row first."""
        if self.parent is None:
            return []
        return [case((OrgUnit.id == self.parent, 0), else_=1)]


def _children_and_self(unit_id: int, scope: Scope, filters: ReportFilters) -> RowUnits:
    child = aliased(OrgUnit)
    has_children = exists().where(child.parent_id == unit_id)
    direct = (
        exists()
        .where(User.unit_id == unit_id, *employee_conditions(scope, filters))
        .correlate(None)
    )
    condition = or_(
        OrgUnit.parent_id == unit_id,
        and_(OrgUnit.id == unit_id, or_(~has_children, direct)),
    )
    return RowUnits(condition, unit_id)


def row_units(scope: Scope, filters: ReportFilters, expand_single_root: bool) -> RowUnits:
    """Rows: the chosen unit's children; with none chosen, the viewer's roots (or, when
    `expand_single_root` and there is only one, that root's children)."""
    if filters.unit_id is not None:
        return _children_and_self(filters.unit_id, scope, filters)
    roots = top_units(scope)
    if not roots:
        return RowUnits(false())
    if expand_single_root and len(roots) == 1:
        return _children_and_self(roots[0], scope, filters)
    return RowUnits(OrgUnit.id.in_(roots))


def breadcrumb(scope: Scope, unit_id: int | None) -> list[Option]:
    """The chosen unit and its ancestors the viewer may see, top first."""
    if unit_id is None:
        return []
    rows = db.session.execute(
        select(OrgUnit.id, OrgUnit.name)
        .join(OrgClosure, OrgClosure.ancestor_id == OrgUnit.id)
        .where(OrgClosure.descendant_id == unit_id, scope.units(OrgUnit.id))
        .order_by(OrgClosure.depth.desc())
    )
    return [Option(*row) for row in rows]


def has_children() -> ColumnElement[bool]:
    child = aliased(OrgUnit)
    return exists().where(child.parent_id == OrgUnit.id)


def count_rows(rows: RowUnits) -> int:
    return db.session.scalar(select(func.count()).select_from(OrgUnit).where(rows.condition)) or 0


# --- Overview ------------------------------------------------------------------------


def _in_scope(scope: Scope, filters: ReportFilters):
    """The ids of the employees the filters cover, to narrow the per-employee tallies."""
    return select(User.id).where(*employee_conditions(scope, filters))


def _jp_of_year(scope: Scope, filters: ReportFilters):
    """A subquery: JP per employee in the year, for those with any (from its covering index)."""
    return (
        select(CourseCompletion.user_id, func.sum(CourseCompletion.jp).label("jp"))
        .where(
            CourseCompletion.year == filters.year,
            CourseCompletion.user_id.in_(_in_scope(scope, filters)),
        )
        .group_by(CourseCompletion.user_id)
        .subquery()
    )


def compliance_counts(scope: Scope, filters: ReportFilters, target: int) -> tuple[int, int]:
    """Employees, and how many of them have at least `target` JP in the year."""
    jp = _jp_of_year(scope, filters)
    employees, compliant = db.session.execute(
        select(func.count(User.id), func.count(case((jp.c.jp >= target, 1))))
        .outerjoin(jp, jp.c.user_id == User.id)
        .where(*employee_conditions(scope, filters))
    ).one()
    return employees, compliant


@dataclass(frozen=True)
class Tiles:
    employees: int = 0
    compliant: int = 0
    enrolled_employees: int = 0
    enrolments: int = 0
    completed: int = 0  # completions of the enrolled courses, any year
    completions: int = 0  # completions in the year

    @property
    def compliance(self) -> float | None:
        return percent(self.compliant, self.employees)

    @property
    def completion_rate(self) -> float | None:
        return percent(self.completed, self.enrolments)


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    has_children: bool
    employees: int
    compliant: int
    enrolments: int
    completed: int
    direct: bool = False  # the chosen unit's own staff, apart from its sub-units

    @property
    def compliance(self) -> float | None:
        return percent(self.compliant, self.employees)

    @property
    def completion(self) -> float | None:
        return percent(self.completed, self.enrolments)


@dataclass(frozen=True)
class UnitTable:
    rows: list[UnitRow]
    total: int  # row units, for the pager
    tiles: Tiles  # the same tallies over every row, i.e. over the whole selection


OVERVIEW_SORTS = ("name", "employees", "compliance", "completion")


def _unit_tallies(scope: Scope, filters: ReportFilters, rows: RowUnits, target: int):
    """A subquery: per row unit, employees and what they did, tallied per employee first.

    Each employee is reduced to one line (enrolments, completions, JP of the year) before
    the join to the tree, so no count multiplies another and each table is read once.
    """
    in_course = and_(true(), *course_condition(CourseCompletion.course_id, filters))
    this_year = CourseCompletion.year == filters.year
    enrolled = (
        select(Enrollment.user_id, func.count().label("n"))
        .where(
            Enrollment.user_id.in_(_in_scope(scope, filters)),
            *course_condition(Enrollment.course_id, filters),
        )
        .group_by(Enrollment.user_id)
        .subquery()
    )
    done = (
        select(
            CourseCompletion.user_id,
            func.count(case((in_course, 1))).label("completed"),
            func.count(case((and_(in_course, this_year), 1))).label("completions"),
            func.sum(case((this_year, CourseCompletion.jp), else_=0)).label("jp"),
        )
        .where(CourseCompletion.user_id.in_(_in_scope(scope, filters)))
        .group_by(CourseCompletion.user_id)
        .subquery()
    )
    per_unit = (
        select(
            User.unit_id,
            func.count(User.id).label("employees"),
            func.count(case((done.c.jp >= target, 1))).label("compliant"),
            func.count(enrolled.c.user_id).label("enrolled_employees"),
            func.coalesce(func.sum(enrolled.c.n), 0).label("enrolments"),
            func.coalesce(func.sum(done.c.completed), 0).label("completed"),
            func.coalesce(func.sum(done.c.completions), 0).label("completions"),
        )
        .outerjoin(enrolled, enrolled.c.user_id == User.id)
        .outerjoin(done, done.c.user_id == User.id)
        .where(*employee_conditions(scope, filters))
        .group_by(User.unit_id)
        .subquery()
    )
    return roll_up(per_unit, rows, *TALLIES)


TALLIES = (
    "employees",
    "compliant",
    "enrolled_employees",
    "enrolments",
    "completed",
    "completions",
)


def roll_up(per_unit, rows: RowUnits, *columns: str, by=(), ancestors=None):
    """Sum per-unit figures up to the row units through the closure table.

    Figures are first grouped by each employee's own unit (a few hundred lines whatever
    the number of employees), and only those lines are joined to the tree. `ancestors`
    limits the rows to some ids (a page); by default every row unit.
    """
    if ancestors is None:
        ancestors = select(OrgUnit.id).where(rows.condition)
    keys = [per_unit.c[name] for name in by]
    return (
        select(
            OrgClosure.ancestor_id.label("unit_id"),
            *keys,
            # PostgreSQL sums integers as numeric; keep them integers everywhere.
            *[cast(func.sum(per_unit.c[name]), Integer).label(name) for name in columns],
        )
        .join(OrgClosure, OrgClosure.descendant_id == per_unit.c.unit_id)
        .where(OrgClosure.ancestor_id.in_(ancestors), rows.membership())
        .group_by(OrgClosure.ancestor_id, *keys)
        .subquery()
    )


def unit_table(
    scope: Scope, filters: ReportFilters, rows: RowUnits, target: int, paged: bool = True
) -> UnitTable:
    """Per row unit: employees, JP-compliant ones, enrolments and completions; with the
    totals over all rows (the headline figures: the rows partition the selection)."""
    tally = _unit_tallies(scope, filters, rows, target)
    figures = {name: func.coalesce(tally.c[name], 0) for name in TALLIES}
    employees, compliant = figures["employees"], figures["compliant"]
    enrolments, completed = figures["enrolments"], figures["completed"]

    def ratio(part, whole):
        # -1 sorts units with nothing to measure below 0 %, the same on every database.
        return case((whole > 0, cast(part, Float) / whole), else_=-1.0)

    stmt = (
        select(
            OrgUnit.id,
            OrgUnit.code,
            OrgUnit.name,
            has_children(),
            employees,
            compliant,
            enrolments,
            completed,
            # Window totals ride along with the page: one query for table and tiles.
            func.count().over(),
            *[cast(func.sum(value).over(), Integer) for value in figures.values()],
        )
        .outerjoin(tally, tally.c.unit_id == OrgUnit.id)
        .where(rows.condition)
        .order_by(
            *rows.first(),
            *ordered(
                filters,
                {
                    "name": [OrgUnit.name],
                    "employees": [employees],
                    "compliance": [ratio(compliant, employees)],
                    "completion": [ratio(completed, enrolments)],
                },
                [OrgUnit.name, OrgUnit.id],
            ),
        )
    )
    if paged:
        stmt = stmt.limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)
    result = db.session.execute(stmt).all()
    if not result and paged and filters.page > 1:  # past the last page: totals from page 1
        result = db.session.execute(stmt.limit(1).offset(0)).all()
        table = []
    else:
        table = [UnitRow(*row[:8], direct=rows.is_direct(*row[:4])) for row in result]
    if not result:
        return UnitTable([], 0, Tiles())
    total, *sums = (int(value or 0) for value in result[0][8:])
    return UnitTable(table, total, Tiles(*sums))


def completions_per_course(scope: Scope, filters: ReportFilters) -> list[tuple[Option, int]]:
    """Completions in the year per course, most first."""
    counts = (
        select(CourseCompletion.course_id, func.count().label("n"))
        .where(
            CourseCompletion.year == filters.year,
            CourseCompletion.user_id.in_(_in_scope(scope, filters)),
            *course_condition(CourseCompletion.course_id, filters),
        )
        .group_by(CourseCompletion.course_id)
        .subquery()
    )
    title = func.coalesce(CourseVersion.title, Course.slug)
    rows = db.session.execute(
        select(Course.id, title, counts.c.n)
        .join(counts, counts.c.course_id == Course.id)
        .outerjoin(CourseVersion, CourseVersion.id == Course.live_version_id)
        .order_by(counts.c.n.desc(), title, Course.id)
    )
    return [(Option(course_id, name), n) for course_id, name, n in rows]
