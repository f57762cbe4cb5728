"""The SQL behind the completion matrix: unit rows over whole subtrees × live courses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func, literal, select, union_all

from ..domain.reporting import percent
from ..extensions import db
from ..models import CourseCompletion, Enrollment, OrgUnit, User
from ..reporting.filters import PAGE_SIZE, ReportFilters
from ..reporting.scope import Scope
from .queries import (
    Option,
    RowUnits,
    count_rows,
    course_condition,
    employee_conditions,
    has_children,
    live_courses,
    ordered,
    roll_up,
    row_units,
)


@dataclass(frozen=True)
class MatrixRow:
    id: int
    code: str
    name: str
    has_children: bool
    employees: int
    direct: bool = False  # the chosen unit's own staff, apart from its sub-units


@dataclass(frozen=True)
class Cell:
    completed: int = 0
    enrolled: int = 0


MATRIX_SORTS = ("name", "employees")


def matrix_rows(
    scope: Scope, filters: ReportFilters, rows: RowUnits, paged: bool = True
) -> tuple[list[MatrixRow], int]:
    """The row units with their employees (whole subtree), sorted and paged in SQL."""
    per_unit = (
        select(User.unit_id, func.count(User.id).label("employees"))
        .where(*employee_conditions(scope, filters))
        .group_by(User.unit_id)
        .subquery()
    )
    people = roll_up(per_unit, rows, "employees")
    employees = func.coalesce(people.c.employees, 0)
    stmt = (
        select(OrgUnit.id, OrgUnit.code, OrgUnit.name, has_children(), employees)
        .outerjoin(people, people.c.unit_id == OrgUnit.id)
        .where(rows.condition)
        .order_by(
            *rows.first(),
            *ordered(
                filters,
                {"name": [OrgUnit.name], "employees": [employees]},
                [OrgUnit.name, OrgUnit.id],
            ),
        )
    )
    if paged:
        stmt = stmt.limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)
    result = [MatrixRow(*row, direct=rows.is_direct(*row[:4])) for row in db.session.execute(stmt)]
    return result, (count_rows(rows) if paged else len(result))


def matrix_cells(
    scope: Scope,
    filters: ReportFilters,
    rows: RowUnits,
    unit_ids: list[int],
    course_ids: list[int],
) -> dict[tuple[int, int], Cell]:
    """(unit, course) → completed and enrolled counts over each unit's subtree, one query."""
    if not unit_ids or not course_ids:
        return {}

    # Enrolments and completions stacked, so that a completion counts even without its
    # enrolment row and neither multiplies the other; each tallied per unit first.
    def branch(model, enrolled, completed):
        return (
            select(User.unit_id, model.course_id, enrolled.label("e"), completed.label("c"))
            .join(model, model.user_id == User.id)
            .where(
                *employee_conditions(scope, filters),
                *course_condition(model.course_id, filters),
            )
            .group_by(User.unit_id, model.course_id)
        )

    per_unit = union_all(
        branch(Enrollment, func.count(), literal(0)),
        branch(CourseCompletion, literal(0), func.count()),
    ).subquery()
    tally = roll_up(per_unit, rows, "c", "e", by=("course_id",), ancestors=unit_ids)
    stmt = select(tally.c.unit_id, tally.c.course_id, tally.c.c, tally.c.e).where(
        tally.c.course_id.in_(course_ids)
    )
    return {
        (unit_id, course_id): Cell(int(done or 0), int(enrolled or 0))
        for unit_id, course_id, done, enrolled in db.session.execute(stmt)
    }


class MatrixCell(NamedTuple):
    course: Option
    cell: Cell
    rate: float | None  # completed of the row's employees, in percent


@dataclass(frozen=True)
class Matrix:
    courses: list[Option]  # every live course, for the picker
    columns: list[Option]  # the courses shown (the picked one, or all)
    grid: list[tuple[MatrixRow, list[MatrixCell]]]
    total: int  # row units, for the pager


def matrix(scope: Scope, filters: ReportFilters, paged: bool = True) -> Matrix:
    """The completion matrix of the (narrowed) scope: unit rows, course columns, cells."""
    rows = row_units(scope, filters, expand_single_root=False)
    table, total = matrix_rows(scope, filters, rows, paged=paged)
    courses = live_courses()
    columns = [c for c in courses if filters.course_id in (None, c.id)]
    cells = matrix_cells(scope, filters, rows, [r.id for r in table], [c.id for c in columns])
    grid = [
        (
            row,
            [
                MatrixCell(course, cell, percent(cell.completed, row.employees))
                for course in columns
                for cell in [cells.get((row.id, course.id), Cell())]
            ],
        )
        for row in table
    ]
    return Matrix(courses, columns, grid, total)
