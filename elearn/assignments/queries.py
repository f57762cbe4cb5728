"""SQL for assignment states: who an assignment applies to and where each of them stands.

The rules live in `domain.assignments`. A cycle (its windows and due date) is the same
for every learner of an assignment, so Python works it out per assignment and the SQL
gets it as CASE expressions keyed by assignment id; the per-learner part (was there a
completion or a passed retake inside a window?) is then a plain comparison of stored
UTC times, which reads the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from .. import clock
from ..domain.assignments import (
    DEFAULT_SOON_DAYS,
    Cycle,
    cycle_at,
    state_of,
    window_bounds,
)
from ..extensions import db
from ..models import (
    Assignment,
    Course,
    CourseCompletion,
    CourseVersion,
    FollowUp,
    ModuleQuestion,
    Notice,
    OrgClosure,
    QuizAttempt,
    TaskSubmission,
    User,
)
from ..models.base import UTCDateTime
from ..reporting.scope import Scope


def soon_days() -> int:
    return int(current_app.config.get("REMINDER_DAYS_BEFORE", DEFAULT_SOON_DAYS))


def passed_final_exam(user_id, course_id) -> tuple:
    """Conditions on `QuizAttempt`: a passed final exam of the learner in the course (after
    the completion, the retake a yearly cycle asks for)."""
    return (
        QuizAttempt.user_id == user_id,
        QuizAttempt.course_id == course_id,
        QuizAttempt.section == "",
        QuizAttempt.kind == "exam",
        QuizAttempt.passed.is_(True),
    )


def cycles_for(rows: Iterable[tuple[int, date, str]], today: date) -> dict[int, Cycle]:
    """Each assignment's cycle at `today`, by assignment id."""
    days = soon_days()
    return {aid: cycle_at(due, recurrence, today, days) for aid, due, recurrence in rows}


@dataclass
class StateSQL:
    """SQL expressions of a learner's state, for the assignments in `cycles`.

    Use with `population()`: it names the assignment (`Assignment`), the learner
    (`User`) and their completion of the course (`completion`, outer-joined).
    """

    cycles: dict[int, Cycle]
    completion: type  # an aliased CourseCompletion

    def _by_id(self, values: dict[int, object], type_, else_=None):
        wanted = {aid: literal(value, type_) for aid, value in values.items()}
        return case(wanted, value=Assignment.id, else_=else_)

    def _met(self, start, end) -> ColumnElement[bool]:
        done = self.completion.completed_at
        # Only the completion's columns (not the user's): the database can then test the
        # windows as it reads each completion, before joining anything else to it.
        retake = exists().where(
            *passed_final_exam(self.completion.user_id, self.completion.course_id),
            QuizAttempt.submitted_at >= done,
            QuizAttempt.submitted_at >= start,
            QuizAttempt.submitted_at < end,
        )
        # A NULL (no completion) makes the whole test NULL, which CASE reads as false.
        # Retakes come after the completion, so they only matter for a completion made
        # before the window; testing that first spares most rows the subquery.
        return and_(
            done.is_not(None),
            or_(and_(done >= start, done < end), and_(done < start, retake)),
        )

    def met_current(self) -> ColumnElement[bool]:
        zone = clock.timezone_name()
        bounds = {aid: window_bounds(c.current, zone) for aid, c in self.cycles.items()}
        start = self._by_id({a: b[0] for a, b in bounds.items()}, UTCDateTime())
        end = self._by_id({a: b[1] for a, b in bounds.items()}, UTCDateTime())
        return self._met(start, end)

    def _previous_window(self) -> ColumnElement[bool] | None:
        zone = clock.timezone_name()
        bounds = {
            aid: window_bounds(c.previous, zone)
            for aid, c in self.cycles.items()
            if c.previous is not None
        }
        if not bounds:
            return None
        start = self._by_id({a: b[0] for a, b in bounds.items()}, UTCDateTime())
        end = self._by_id({a: b[1] for a, b in bounds.items()}, UTCDateTime())
        return self._met(start, end)

    def met_previous(self) -> ColumnElement[bool]:
        """The previous cycle was met, or there is none to miss."""
        window = self._previous_window()
        free = [aid for aid, c in self.cycles.items() if c.previous is None]
        if window is None:
            return literal(True)
        if not free:
            return window
        return or_(Assignment.id.in_(free), window)

    def met_any(self) -> ColumnElement[bool]:
        """An event in the current or the previous window: the pairs whose state is not
        simply that of an employee who never completed the course."""
        window = self._previous_window()
        current = self.met_current()
        # The previous window usually starts at the beginning: cheapest test first.
        return current if window is None else or_(window, current)

    def state(self) -> ColumnElement[str]:
        """The state as text: done, late, overdue, due_soon or pending."""
        cur, prev = self.met_current(), self.met_previous()
        waiting = self._by_id({aid: c.waiting for aid, c in self.cycles.items()}, String())
        return case(
            (and_(cur, prev), "done"),
            (cur, "late"),
            (prev, waiting),
            else_="overdue",
        )


def population(
    stmt: Select, completion, scope: Scope | None = None, active_only: bool = True
) -> Select:
    """Join every employee an assignment applies to, and their completion of its course.

    Employees of the assignment's unit subtree, and of its position if one is set.
    """
    stmt = (
        stmt.join(OrgClosure, OrgClosure.ancestor_id == Assignment.unit_id)
        .join(
            User,
            and_(
                User.unit_id == OrgClosure.descendant_id,
                or_(Assignment.position_id.is_(None), User.position_id == Assignment.position_id),
            ),
        )
        .outerjoin(
            completion,
            and_(completion.user_id == User.id, completion.course_id == Assignment.course_id),
        )
    )
    if active_only:
        stmt = stmt.where(User.active.is_(True))
    if scope is not None:
        stmt = stmt.where(scope.users(User.unit_id))
    return stmt


def reaches_unit(unit_id) -> ColumnElement[bool]:
    """Join condition on `OrgClosure`: `unit_id` lies in the subtree of the assignment's unit."""
    return and_(OrgClosure.ancestor_id == Assignment.unit_id, OrgClosure.descendant_id == unit_id)


def completed_population(stmt: Select, completion, scope: Scope | None = None) -> Select:
    """Like `population`, but only the employees who completed the assignment's course.

    Driven from the completions of each course, so a report over 100,000 employees reads
    the completions rather than every employee; those without a completion are counted
    with `pair_totals` instead (their state needs no per-learner data).
    """
    stmt = (
        stmt.join(completion, completion.course_id == Assignment.course_id)
        .join(User, User.id == completion.user_id)
        .join(OrgClosure, reaches_unit(User.unit_id))
        .where(
            User.active.is_(True),
            or_(Assignment.position_id.is_(None), User.position_id == Assignment.position_id),
        )
    )
    if scope is not None:
        stmt = stmt.where(scope.users(User.unit_id))
    return stmt


def pair_totals(ids: list[int], scope: Scope) -> Select:
    """(assignment id, number of employees it applies to in scope), employees counted per
    unit and position first so that the join touches units, not people."""
    staff = (
        select(User.unit_id, User.position_id, func.count().label("n"))
        .where(User.active.is_(True), User.unit_id.is_not(None), scope.users(User.unit_id))
        .group_by(User.unit_id, User.position_id)
        .subquery()
    )
    return (
        select(Assignment.id.label("aid"), func.sum(staff.c.n).label("n"))
        .join(OrgClosure, OrgClosure.ancestor_id == Assignment.unit_id)
        .join(
            staff,
            and_(
                staff.c.unit_id == OrgClosure.descendant_id,
                or_(
                    Assignment.position_id.is_(None), staff.c.position_id == Assignment.position_id
                ),
            ),
        )
        .where(Assignment.id.in_(ids))
        .group_by(Assignment.id)
    )


@dataclass
class Plan:
    """How many employees each assignment applies to, and the cheaper way to read states."""

    totals: dict[int, int]
    by_completions: bool  # read the courses' completions rather than every employee

    @property
    def pairs(self) -> int:
        return sum(self.totals.values())


def plan(ids: list[int], scope: Scope) -> Plan:
    """One small query: employees per assignment, and how many completions the assigned
    courses have. Reading completions wins for a whole government (fewer completions
    than employee-assignment pairs); reading employees wins for one unit."""
    totals = pair_totals(ids, scope).subquery()
    courses = select(Assignment.course_id).where(Assignment.id.in_(ids))
    completions = (
        select(literal(0, Integer()).label("aid"), func.count().label("n"))
        .select_from(CourseCompletion)
        .where(CourseCompletion.course_id.in_(courses))
    )
    found: dict[int, int] = {}
    for aid, n in db.session.execute(union_all(select(totals.c.aid, totals.c.n), completions)):
        found[aid] = int(n or 0)  # ids start at 1: 0 is the completion count
    done = found.pop(0, 0)
    return Plan(found, by_completions=done < sum(found.values()))


def state_counts(cycles: dict[int, Cycle], scope: Scope) -> dict[int, dict[str, int]]:
    """Employees per state for each assignment in `cycles` (two queries: `plan`, then one
    GROUP BY whichever way is cheaper)."""
    if not cycles:
        return {}
    ids = list(cycles)
    chosen = plan(ids, scope)
    completion = aliased(CourseCompletion)
    states = StateSQL(cycles, completion)
    counts: dict[int, dict[str, int]] = {aid: {} for aid in ids}
    # Group by the two window tests and name the state in Python (domain.state_of): each
    # test is then computed once per row rather than once per branch of a CASE.
    current = states.met_current().label("cur")
    previous = states.met_previous().label("prev")
    tests = select(Assignment.id.label("aid"), current, previous).select_from(Assignment)
    if chosen.by_completions:
        # Employees with no completion or retake inside the current or previous window
        # stand where one who never completed would: overdue once a due date has passed,
        # otherwise waiting. So only completions inside a window are read; the rest is
        # the remainder of the total.
        tests = completed_population(tests, completion, scope).where(states.met_any())
    else:
        tests = population(tests, completion, scope)
    tests = tests.where(Assignment.id.in_(ids)).subquery()
    for aid, cur, prev, n in db.session.execute(
        select(tests.c.aid, tests.c.cur, tests.c.prev, func.count()).group_by(
            tests.c.aid, tests.c.cur, tests.c.prev
        )
    ):
        key = state_of(cycles[aid], bool(cur), bool(prev))
        counts[aid][key] = counts[aid].get(key, 0) + int(n)
    for aid, cycle in cycles.items():
        rest = chosen.totals.get(aid, 0) - sum(counts[aid].values())
        if rest > 0:
            key = state_of(cycle, False, False)
            counts[aid][key] = counts[aid].get(key, 0) + rest
    return counts


def reaching(scope: Scope) -> ColumnElement[bool]:
    """Assignments that may apply to someone in scope: set inside it, or above its roots."""
    if scope.roots is None:
        return literal(True)
    above = select(OrgClosure.ancestor_id).where(OrgClosure.descendant_id.in_(scope.roots or (-1,)))
    return or_(Assignment.unit_id.in_(above), scope.units(Assignment.unit_id))


def overdue_total(scope: Scope, today: date) -> int:
    """Count (employee, active assignment) pairs in scope that are overdue at `today`.

    An employee is in scope by their unit, whichever unit the assignment was set on (a
    government-wide assignment counts in each dinas). Only assignments whose first due
    date has passed can be overdue. Three queries whatever the number of employees: the
    assignments' dates, `plan`, and one aggregate (pairs minus those that met a window
    when reading completions is cheaper, else a count of overdue pairs).
    """
    rows = db.session.execute(
        select(Assignment.id, Assignment.due_date, Assignment.recurrence).where(
            Assignment.cancelled_at.is_(None), Assignment.due_date < today, reaching(scope)
        )
    ).all()
    if not rows:
        return 0
    cycles = cycles_for(rows, today)
    ids = list(cycles)
    chosen = plan(ids, scope)
    if not chosen.pairs:
        return 0
    completion = aliased(CourseCompletion)
    states = StateSQL(cycles, completion)
    if chosen.by_completions:
        met = completed_population(
            select(func.count()).select_from(Assignment), completion, scope
        ).where(Assignment.id.in_(ids), states.met_any())
        return chosen.pairs - int(db.session.scalar(met) or 0)
    overdue = population(select(func.count()).select_from(Assignment), completion, scope).where(
        Assignment.id.in_(ids), states.state() == "overdue"
    )
    return int(db.session.scalar(overdue) or 0)


def shown_due(cycle: Cycle, state: str) -> date:
    """The due date a learner's state is about: the missed one when overdue, else the next."""
    if state == "overdue" or cycle.due is None:
        return cycle.previous_due
    return cycle.due


def join_notice_course(stmt: Select, required: bool = False) -> Select:
    """Join the course a notice is about (through its assignment, follow-up questionnaire,
    workplace task or question) and the course's live version, for its title."""
    course_id = func.coalesce(
        Assignment.course_id,
        FollowUp.course_id,
        TaskSubmission.course_id,
        ModuleQuestion.course_id,
    )
    return (
        stmt.outerjoin(Assignment, Assignment.id == Notice.assignment_id)
        .outerjoin(FollowUp, FollowUp.id == Notice.follow_up_id)
        .outerjoin(TaskSubmission, TaskSubmission.id == Notice.submission_id)
        .outerjoin(ModuleQuestion, ModuleQuestion.id == Notice.question_id)
        .join(Course, Course.id == course_id, isouter=not required)
        .outerjoin(CourseVersion, CourseVersion.id == Course.live_version_id)
    )
