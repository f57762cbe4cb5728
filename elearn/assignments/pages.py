"""Reads behind the mandatory-training pages: the HR list and detail, and the learner's own.

The state rules are in `domain.assignments`, their SQL in `assignments.queries`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import Select, and_, bindparam, case, func, or_, select
from sqlalchemy.orm import aliased

from .. import clock
from ..domain.assignments import Cycle, cycle_at, day_start_utc, learner_state, local_day
from ..extensions import db, plain_rows
from ..models import (
    Assignment,
    Course,
    CourseCompletion,
    CourseVersion,
    OrgClosure,
    OrgUnit,
    Position,
    QuizAttempt,
    User,
)
from ..reporting.filters import PAGE_SIZE, name_or_nip
from ..reporting.scope import Scope
from .queries import (
    StateSQL,
    cycles_for,
    passed_final_exam,
    population,
    reaches_unit,
    reaching,
    shown_due,
    soon_days,
    state_counts,
)

# --- the HR list ---------------------------------------------------------------------

LIST_SORTS = ("due", "course", "unit", "created")
STATUSES = ("active", "cancelled", "all")


@dataclass
class AssignmentRow:
    id: int
    course_slug: str
    course_title: str
    unit_name: str
    position_name: str | None
    due_date: date
    recurrence: str
    note: str
    created_at: object
    cancelled_at: object
    own: bool  # set inside the viewer's scope: they may cancel it
    cycle: Cycle | None = None
    counts: dict[str, int] | None = None

    @property
    def shown_due(self) -> date:
        return self.cycle.due or self.cycle.previous_due

    @property
    def total(self) -> int:
        return sum((self.counts or {}).values())

    def count(self, *states: str) -> int:
        return sum((self.counts or {}).get(s, 0) for s in states)


def _assignment_select(scope: Scope) -> Select:
    own = case((scope.units(Assignment.unit_id), 1), else_=0)
    return (
        select(
            Assignment.id,
            Course.slug,
            func.coalesce(CourseVersion.title, Course.slug),
            OrgUnit.name,
            Position.name,
            Assignment.due_date,
            Assignment.recurrence,
            Assignment.note,
            Assignment.created_at,
            Assignment.cancelled_at,
            own,
        )
        .select_from(Assignment)
        .join(Course, Course.id == Assignment.course_id)
        .outerjoin(CourseVersion, CourseVersion.id == Course.live_version_id)
        .join(OrgUnit, OrgUnit.id == Assignment.unit_id)
        .outerjoin(Position, Position.id == Assignment.position_id)
    )


def _row(values, scope: Scope) -> AssignmentRow:
    row = AssignmentRow(*values[:-1], own=bool(values[-1]) and not scope.read_only)
    return row


def list_assignments(
    scope: Scope, narrowed: Scope, filters, status: str, today: date, paged: bool = True
) -> tuple[list[AssignmentRow], int]:
    """One page of the assignments reaching the (narrowed) scope, with each one's state counts.

    Three queries whatever the number of assignments or employees: the total, the page,
    and one GROUP BY over every (employee, assignment) pair of the page.
    """
    stmt = _assignment_select(scope).where(reaching(narrowed))
    if filters.course_id:
        stmt = stmt.where(Assignment.course_id == filters.course_id)
    if filters.position_id:
        stmt = stmt.where(Assignment.position_id == filters.position_id)
    if status == "active":
        stmt = stmt.where(Assignment.cancelled_at.is_(None))
    elif status == "cancelled":
        stmt = stmt.where(Assignment.cancelled_at.is_not(None))
    if filters.query:
        stmt = stmt.where(
            or_(
                CourseVersion.title.icontains(filters.query, autoescape=True),
                Course.slug.icontains(filters.query, autoescape=True),
            )
        )
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    key = {
        "due": Assignment.due_date,
        "course": func.coalesce(CourseVersion.title, Course.slug),
        "unit": OrgUnit.name,
        "created": Assignment.created_at,
    }[filters.sort or "due"]
    key = key.desc() if filters.descending else key.asc()
    stmt = stmt.order_by(key, Assignment.id.desc())
    if paged:
        stmt = stmt.offset((filters.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    rows = [_row(values, scope) for values in db.session.execute(stmt).all()]
    attach_counts(rows, narrowed, today)
    return rows, total


def attach_counts(rows: list[AssignmentRow], scope: Scope, today: date) -> None:
    """Fill each row's cycle and its employees' state counts, in one aggregate query."""
    cycles = cycles_for(((r.id, r.due_date, r.recurrence) for r in rows), today)
    counts = state_counts(cycles, scope)
    for row in rows:
        row.cycle = cycles[row.id]
        row.counts = counts.get(row.id, {})


def assignment_row(scope: Scope, assignment_id: int, today: date) -> AssignmentRow | None:
    """One assignment reaching the viewer's scope, without counts (None: not theirs)."""
    values = db.session.execute(
        _assignment_select(scope).where(Assignment.id == assignment_id, reaching(scope))
    ).first()
    if values is None:
        return None
    row = _row(values, scope)
    row.cycle = cycles_for([(row.id, row.due_date, row.recurrence)], today)[row.id]
    return row


# --- who one assignment applies to ---------------------------------------------------

DETAIL_SORTS = ("name", "nip", "unit", "state", "completed")
STATE_ORDER = {"overdue": 0, "due_soon": 1, "pending": 2, "late": 3, "done": 4}


@dataclass
class LearnerRow:
    user_id: int
    nip: str
    name: str
    unit_name: str
    position_name: str | None
    completed_at: object
    retaken_at: object  # the last passed final exam after the completion (yearly cycles)
    state: str

    @property
    def last_done_at(self):
        moments = [m for m in (self.completed_at, self.retaken_at) if m is not None]
        return max(moments) if moments else None


def _learners(row: AssignmentRow, scope: Scope):
    """A subquery: every employee `row` applies to within scope, with their state."""
    completion = aliased(CourseCompletion)
    states = StateSQL({row.id: row.cycle}, completion)
    retaken = (
        select(func.max(QuizAttempt.submitted_at))
        .where(
            *passed_final_exam(User.id, Assignment.course_id),
            QuizAttempt.submitted_at > completion.completed_at,
        )
        .scalar_subquery()
    )
    unit = aliased(OrgUnit)
    position = aliased(Position)
    state = states.state()
    stmt = population(
        select(
            User.id.label("user_id"),
            User.username.label("nip"),
            User.full_name.label("name"),
            unit.name.label("unit_name"),
            position.name.label("position_name"),
            completion.completed_at.label("completed_at"),
            retaken.label("retaken_at"),
            state.label("state"),
        ).select_from(Assignment),
        completion,
        scope,
    )
    stmt = (
        stmt.join(unit, unit.id == User.unit_id)
        .outerjoin(position, position.id == User.position_id)
        .where(Assignment.id == row.id)
    )
    return stmt.subquery()


def state_summary(row: AssignmentRow, scope: Scope) -> dict[str, int]:
    """How many employees are in each state (one aggregate query)."""
    return state_counts({row.id: row.cycle}, scope).get(row.id, {})


def learners(
    row: AssignmentRow,
    scope: Scope,
    filters,
    state: str,
    paged: bool = True,
    total: int | None = None,
) -> tuple[list[LearnerRow], int]:
    """Employees of an assignment with their state: filtered, sorted and paged in SQL.

    Give `total` when it is already known (no state or search filter) to skip the count.
    """
    sub = _learners(row, scope)
    stmt = select(*sub.c)
    if state:
        stmt = stmt.where(sub.c.state == state)
    found = name_or_nip(filters.query, sub.c.name, sub.c.nip)
    if found is not None:
        stmt = stmt.where(found)
    if total is None:
        total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    order = case(STATE_ORDER, value=sub.c.state, else_=len(STATE_ORDER))
    key = {
        "name": sub.c.name,
        "nip": sub.c.nip,
        "unit": sub.c.unit_name,
        "state": order,
        "completed": sub.c.completed_at,
    }[filters.sort or "state"]
    key = key.desc() if filters.descending else key.asc()
    stmt = stmt.order_by(key.nulls_last(), sub.c.name, sub.c.user_id)
    if paged:
        stmt = stmt.offset((filters.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    return [LearnerRow(*values) for values in db.session.execute(stmt).all()], total


# --- the learner's own ---------------------------------------------------------------


@dataclass
class MyAssignment:
    assignment_id: int
    course_slug: str
    title: str
    recurrence: str
    note: str
    state: str
    due: date
    course_id: int = 0
    cycle: Cycle | None = None
    completed: bool = False


def _my_rows(user) -> list:
    """One row per active assignment reaching the learner and passed retake of its final
    exam after the completion (usually none)."""
    params = {"user_id": user.id, "unit_id": user.unit_id, "position_id": user.position_id}
    return plain_rows(_my_statement(), params).all()


@cache
def _my_statement():
    """Built once per process (/my asks it on every visit); the learner's ids are bound."""
    completion = aliased(CourseCompletion)
    user_id = bindparam("user_id")
    return (
        select(
            Assignment.id,
            Course.slug,
            func.coalesce(CourseVersion.title, Course.slug),
            Assignment.recurrence,
            Assignment.note,
            Assignment.due_date,
            completion.completed_at,
            QuizAttempt.submitted_at,
            Assignment.course_id,
        )
        .select_from(Assignment)
        .join(OrgClosure, reaches_unit(bindparam("unit_id")))
        .join(Course, Course.id == Assignment.course_id)
        .outerjoin(CourseVersion, CourseVersion.id == Course.live_version_id)
        .outerjoin(
            completion,
            and_(completion.user_id == user_id, completion.course_id == Assignment.course_id),
        )
        .outerjoin(
            QuizAttempt,
            and_(
                *passed_final_exam(user_id, Assignment.course_id),
                QuizAttempt.submitted_at > completion.completed_at,
            ),
        )
        .where(
            Assignment.cancelled_at.is_(None),
            or_(
                Assignment.position_id.is_(None),
                Assignment.position_id == bindparam("position_id"),
            ),
        )
    )


def my_assignments(user, today: date | None = None) -> list[MyAssignment]:
    """The learner's active mandatory courses with their states, worst first, in one query.

    `today` defaults to the institution's date (`clock.today`). The states come from
    `domain.assignments` directly, given each assignment's completion and retakes.
    """
    if user.unit_id is None:
        return []
    today = today or clock.today()
    zone, days = clock.timezone_name(), soon_days()
    grouped: dict[int, dict] = {}
    for aid, slug, title, recurrence, note, due, completed_at, retaken_at, course_id in _my_rows(
        user
    ):
        item = grouped.setdefault(
            aid,
            {
                "head": (aid, slug, title, recurrence, note, due),
                "course_id": course_id,
                "done": local_day(completed_at, zone) if completed_at else None,
                "retakes": [],
            },
        )
        if retaken_at is not None:
            item["retakes"].append(local_day(retaken_at, zone))
    result = []
    for item in grouped.values():
        aid, slug, title, recurrence, note, due = item["head"]
        state = learner_state(due, recurrence, today, item["done"], item["retakes"], days)
        cycle = cycle_at(due, recurrence, today, days)
        shown = shown_due(cycle, state)
        done = item["done"] is not None
        result.append(
            MyAssignment(
                aid, slug, title, recurrence, note, state, shown, item["course_id"], cycle, done
            )
        )
    result.sort(key=lambda a: (STATE_ORDER[a.state], a.due, a.title))
    return result


def retake_opens_at(user, course_id: int, today: date) -> datetime | None:
    """When a yearly assignment asks this learner to pass the course's final exam again.

    Returns the UTC start of the current cycle's window (attempts before it belong to
    earlier cycles) for a learner who completed the course once and has not met the
    current or previous cycle of an active yearly assignment of it; otherwise None.
    The quiz rules (`quiz.services.retake_start`) use it so that a passed exam of an
    earlier cycle neither ends the attempts nor uses up the new cycle's attempt limit.
    """
    starts = [
        day_start_utc(a.cycle.current.after + timedelta(days=1), clock.timezone_name())
        for a in my_assignments(user, today)
        if a.course_id == course_id
        and a.recurrence == "yearly"
        and a.completed
        and a.cycle.previous is not None
        and a.state not in ("done", "late")
    ]
    return min(starts) if starts else None
