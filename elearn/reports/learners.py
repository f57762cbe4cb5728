"""The SQL behind the learner-level HR reports: the 20-JP list, a matrix cell's learners,
and one employee's transcript. Rows are sorted, searched and paged in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select

from ..clock import this_year
from ..domain.reporting import COMPLETED, IN_PROGRESS, NOT_STARTED, STATUSES, shortfall
from ..extensions import db
from ..models import (
    Certificate,
    Course,
    CourseCompletion,
    CourseVersion,
    Enrollment,
    Module,
    ModuleProgress,
    OrgUnit,
    Position,
    QuizAttempt,
    User,
)
from ..progress.queries import jp_by_year
from ..reporting.filters import PAGE_SIZE, ReportFilters, name_or_nip
from ..reporting.learning import same_learner_course
from ..reporting.scope import Scope
from .queries import compliance_counts, employee_conditions, ordered


def search_condition(query: str) -> list[ColumnElement[bool]]:
    condition = name_or_nip(query, User.full_name, User.username)
    return [] if condition is None else [condition]


def _page(stmt, filters: ReportFilters, paged: bool):
    if not paged:
        return stmt
    return stmt.limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)


# --- 20-JP compliance ------------------------------------------------------------------


@dataclass(frozen=True)
class JpRow:
    id: int
    nip: str
    name: str
    unit: str
    position: str | None
    rank: str | None
    jp: int
    short: int  # JP still missing to the target


@dataclass(frozen=True)
class JpList:
    rows: list[JpRow]
    total: int  # rows matching the search, for the pager
    employees: int  # everyone the filters cover, search aside
    compliant: int


JP_SORTS = ("jp", "name", "unit")


def jp_list(scope: Scope, filters: ReportFilters, target: int, paged: bool = True) -> JpList:
    """Each employee with their JP in the year, fewest first by default.

    Each employee's JP for the year is one probe of the covering (year, user_id, jp)
    index, so a unit costs only its own people; the totals for the pager and the
    compliance line come from window functions over the same rows, in the same pass.
    """
    credited = (
        select(func.sum(CourseCompletion.jp))
        .where(CourseCompletion.user_id == User.id, CourseCompletion.year == filters.year)
        .correlate(User)
        .scalar_subquery()
    )
    jp = func.coalesce(credited, 0)
    conditions = [*employee_conditions(scope, filters), *search_condition(filters.query)]
    stmt = (
        select(
            User.id,
            User.username,
            User.full_name,
            OrgUnit.name,
            Position.name,
            User.rank,
            jp,
            func.count().over(),
            func.sum(case((jp >= target, 1), else_=0)).over(),
        )
        .select_from(User)
        .join(OrgUnit, OrgUnit.id == User.unit_id)
        .outerjoin(Position, Position.id == User.position_id)
        .where(*conditions)
        .order_by(
            *ordered(
                filters,
                {"jp": [jp], "name": [User.full_name], "unit": [OrgUnit.name, User.full_name]},
                [User.full_name, User.id],
            )
        )
    )
    result = db.session.execute(_page(stmt, filters, paged)).all()
    rows = [JpRow(*row[:6], int(row[6]), shortfall(int(row[6]), target)) for row in result]
    if result and not filters.query:
        total = employees = int(result[0][7])
        compliant = int(result[0][8] or 0)
    else:  # a search narrows the rows, or the page is past the end
        employees, compliant = compliance_counts(scope, filters, target)
        total = (
            int(result[0][7])
            if result
            else (db.session.scalar(select(func.count(User.id)).where(*conditions)) or 0)
        )
    return JpList(rows, total, employees, compliant)


# --- A matrix cell: one unit subtree, one course -----------------------------------------


@dataclass(frozen=True)
class CellLearner:
    id: int
    nip: str
    name: str
    unit: str
    status: str
    enrolled_at: datetime | None
    completed_at: datetime | None
    final_score: int | None
    done: int  # modules complete in the live version


CELL_SORTS = ("name", "status", "date")


def module_total(version_id: int) -> int:
    return db.session.scalar(select(func.count(Module.id)).where(Module.version_id == version_id))


def _modules_done(user, course, version, *outer):
    """A scalar subquery: modules of `version` complete for `user` (read, or quiz passed).

    Arguments are values or columns of the enclosing query, named in `outer`: SQLAlchemy
    correlates only to the nearest enclosing SELECT by itself, and these sit two levels up.
    """

    def recorded(model, *about_module):
        """A row of `model` (progress or attempt) of this learner and course for the module."""
        mine = (model.user_id == user, model.course_id == course)
        return exists().where(*mine, *about_module).correlate(Module, *outer)

    was_read = recorded(ModuleProgress, ModuleProgress.module_slug == Module.slug)
    was_passed = recorded(
        QuizAttempt, QuizAttempt.section == Module.slug, QuizAttempt.passed.is_(True)
    )
    return (
        select(func.count(Module.id))
        .where(
            Module.version_id == version,
            or_(
                and_(Module.question_count == 0, was_read),
                and_(Module.question_count > 0, was_passed),
            ),
        )
        .scalar_subquery()
    )


_COMPLETED = CourseCompletion.id.is_not(None)
_ENROLLED = Enrollment.id.is_not(None)
_STATUS_CONDITIONS = {
    COMPLETED: [_COMPLETED],
    IN_PROGRESS: [~_COMPLETED, _ENROLLED],
    NOT_STARTED: [~_COMPLETED, ~_ENROLLED],
}


def _cell_conditions(
    scope: Scope, filters: ReportFilters, status: str, direct_unit: int | None
) -> list[ColumnElement[bool]]:
    conditions = [*employee_conditions(scope, filters), *search_condition(filters.query)]
    if direct_unit is not None:
        conditions.append(User.unit_id == direct_unit)
    return conditions + _STATUS_CONDITIONS.get(status, [])


def _cell_joined(stmt, course_id: int, conditions: list):
    """`stmt` over the employees with their enrolment and completion of the course, if any."""
    return (
        stmt.select_from(User)
        .join(OrgUnit, OrgUnit.id == User.unit_id)
        .outerjoin(
            Enrollment, and_(Enrollment.user_id == User.id, Enrollment.course_id == course_id)
        )
        .outerjoin(
            CourseCompletion,
            and_(CourseCompletion.user_id == User.id, CourseCompletion.course_id == course_id),
        )
        .where(*conditions)
    )


def cell_learners(
    scope: Scope,
    filters: ReportFilters,
    course_id: int,
    version_id: int,
    status: str = "",
    direct_unit: int | None = None,
    paged: bool = True,
) -> tuple[list[CellLearner], int]:
    """Employees of the (narrowed) scope with their state in one course, and their count.

    `direct_unit` keeps only the people placed directly in that unit (the matrix row of
    a unit's own staff, apart from its sub-units).
    """
    rank = case((_COMPLETED, 2), (_ENROLLED, 1), else_=0)
    conditions = _cell_conditions(scope, filters, status, direct_unit)
    # Learners without a completion date sort after those with one, on every database.
    undated = case((CourseCompletion.completed_at.is_(None), 1), else_=0)
    columns = (
        User.id,
        User.username,
        User.full_name,
        OrgUnit.name,
        rank,
        Enrollment.enrolled_at,
        CourseCompletion.completed_at,
        CourseCompletion.final_score,
        _modules_done(User.id, course_id, version_id, User),
    )
    sorts = {
        "name": [User.full_name],
        "status": [rank],
        "date": [undated, CourseCompletion.completed_at],
    }
    stmt = _cell_joined(select(*columns), course_id, conditions).order_by(
        *ordered(filters, sorts, [User.full_name, User.id])
    )
    rows = [
        CellLearner(*row[:4], STATUSES[row[4]], *row[5:8], int(row[8] or 0))
        for row in db.session.execute(_page(stmt, filters, paged))
    ]
    if not paged:
        return rows, len(rows)
    # The outer joins match at most one row each: count without them unless filtering on them.
    counting = select(func.count(User.id))
    if status:
        counting = _cell_joined(counting, course_id, conditions)
    else:
        counting = counting.where(*conditions)
    return rows, db.session.scalar(counting) or 0


# --- Transcript --------------------------------------------------------------------------


@dataclass(frozen=True)
class TranscriptCourse:
    course_id: int
    title: str
    enrolled_at: datetime | None
    completed_at: datetime
    year: int
    pretest_score: int | None
    final_score: int | None
    jp: int
    certificate_id: int | None
    certificate_number: str | None
    certificate_code: str | None
    revoked: bool


def completed_courses(user_id: int) -> list[TranscriptCourse]:
    """The employee's completed courses with scores, JP and certificate, newest first."""
    rows = db.session.execute(
        select(
            CourseCompletion.course_id,
            CourseVersion.title,
            Enrollment.enrolled_at,
            CourseCompletion.completed_at,
            CourseCompletion.year,
            CourseCompletion.pretest_score,
            CourseCompletion.final_score,
            CourseCompletion.jp,
            Certificate.id,
            Certificate.number,
            Certificate.code,
            Certificate.revoked_at.is_not(None),
        )
        .join(CourseVersion, CourseVersion.id == CourseCompletion.version_id)
        .outerjoin(Enrollment, same_learner_course(Enrollment, CourseCompletion))
        .outerjoin(Certificate, Certificate.completion_id == CourseCompletion.id)
        .where(CourseCompletion.user_id == user_id)
        .order_by(CourseCompletion.completed_at.desc(), CourseCompletion.id.desc())
    )
    return [TranscriptCourse(*row[:11], bool(row[11])) for row in rows]


@dataclass(frozen=True)
class OpenCourse:
    course_id: int
    title: str
    jp: int
    total: int  # modules in the live version
    done: int
    enrolled_at: datetime
    last_opened_at: datetime | None


def courses_in_progress(user_id: int) -> list[OpenCourse]:
    """Courses the employee enrolled in and has not completed, with modules done of total."""
    total = select(func.count(Module.id)).where(Module.version_id == CourseVersion.id)
    completed = exists().where(
        CourseCompletion.user_id == user_id, CourseCompletion.course_id == Course.id
    )
    rows = db.session.execute(
        select(
            Course.id,
            CourseVersion.title,
            CourseVersion.jp,
            total.scalar_subquery(),
            _modules_done(user_id, Course.id, CourseVersion.id, Course),
            Enrollment.enrolled_at,
            Enrollment.last_opened_at,
        )
        .select_from(Enrollment)
        .join(Course, Course.id == Enrollment.course_id)
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .where(Enrollment.user_id == user_id, ~completed)
        .order_by(Enrollment.enrolled_at.desc(), Course.id)
    )
    return [OpenCourse(*row) for row in rows]


@dataclass(frozen=True)
class Transcript:
    person: User
    per_year: list[tuple[int, int, int]]  # (year, JP, shortfall), newest first
    done: list[TranscriptCourse]
    ongoing: list[OpenCourse]


def transcript(person: User, target: int) -> Transcript:
    """One employee's JP per year (this year always shown) and courses done and open."""
    years = jp_by_year(person.id)
    years.setdefault(this_year(), 0)
    per_year = [(year, jp, shortfall(jp, target)) for year, jp in sorted(years.items())[::-1]]
    done = completed_courses(person.id)
    return Transcript(person, per_year, done, courses_in_progress(person.id))
