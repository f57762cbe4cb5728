"""Training evaluation: pre-test against final score (Kirkpatrick 2), satisfaction (1) and
the follow-up questionnaires (3).

Completions count in their completion year; survey answers in the year they were given
(Asia/Jakarta); follow-ups in the year they fell due. All are fetched as sums and counts
(see domain/evaluation.py).
"""

from __future__ import annotations

from datetime import date

from flask import abort
from sqlalchemy import Float, and_, cast, func, or_, select
from sqlalchemy.orm import aliased

from ..clock import year_bounds
from ..domain.evaluation import (
    STATEMENTS,
    Evaluation,
    SatAttempt,
    competencies_of,
    gains,
    module_of,
)
from ..extensions import db
from ..models import (
    Competency,
    Course,
    CourseCompetency,
    CourseCompletion,
    CourseVersion,
    FollowUp,
    Module,
    OrgClosure,
    OrgUnit,
    QuizAttempt,
    SurveyResponse,
    User,
)
from ..reporting.filters import PAGE_SIZE, ReportFilters
from ..reporting.learning import completion_sums, follow_up_sums, survey_sums
from ..reporting.scope import Scope
from .analysis import UnitColumn, course_title, in_column, ordered
from .queries import employee_conditions

# The figures a table of evaluations sorts by (see `_order`), after its first column.
FIGURE_SORTS = (
    "completions",
    "pairs",
    "pretest",
    "final",
    "gain",
    "satisfaction",
    "responses",
    "applied_learners",
    "applied_supervisors",
)
COURSE_SORTS = ("course", *FIGURE_SORTS)
UNIT_SORTS = ("unit", *FIGURE_SORTS)
COMPLETION_FIGURES = tuple(column.name for column in completion_sums())
FOLLOW_UP_FIGURES = tuple(column.name for column in follow_up_sums())


def _completions(scope: Scope, filters: ReportFilters, key, course_id: int | None, join=None):
    """Completion sums grouped by `key` (a course id or a column's unit id)."""
    stmt = (
        select(key.label("key"), *completion_sums())
        .select_from(CourseCompletion)
        .join(User, User.id == CourseCompletion.user_id)
        .where(CourseCompletion.year == filters.year, *employee_conditions(scope, filters))
    )
    if join is not None:
        stmt = join(stmt)
    if course_id is not None:
        stmt = stmt.where(CourseCompletion.course_id == course_id)
    return stmt.group_by(key).subquery("done")


def _responses(scope: Scope, filters: ReportFilters, key, course_id: int | None, join=None):
    """Survey sums grouped by `key`, for answers given in the year."""
    start, end = year_bounds(filters.year)
    stmt = (
        select(key.label("key"), *survey_sums())
        .select_from(SurveyResponse)
        .join(User, User.id == SurveyResponse.user_id)
        .where(
            SurveyResponse.created_at >= start,
            SurveyResponse.created_at < end,
            *employee_conditions(scope, filters),
        )
    )
    if join is not None:
        stmt = join(stmt)
    if course_id is not None:
        stmt = stmt.where(SurveyResponse.course_id == course_id)
    return stmt.group_by(key).subquery("said")


def _follow_ups(scope: Scope, filters: ReportFilters, key, course_id: int | None, join=None):
    """Follow-up sums grouped by `key`, for questionnaires due in the year (about learners in
    scope: the employee asked about decides, whoever answers)."""
    stmt = (
        select(key.label("key"), *follow_up_sums())
        .select_from(FollowUp)
        .join(User, User.id == FollowUp.learner_id)
        .where(
            FollowUp.due_date >= date(filters.year, 1, 1),
            FollowUp.due_date <= date(filters.year, 12, 31),
            *employee_conditions(scope, filters),
        )
    )
    if join is not None:
        stmt = join(stmt)
    if course_id is not None:
        stmt = stmt.where(FollowUp.course_id == course_id)
    return stmt.group_by(key).subquery("later")


def _figures(done, said, later) -> list:
    return [
        *[getattr(done.c, name) for name in COMPLETION_FIGURES],
        said.c.responses,
        *[getattr(said.c, s) for s in STATEMENTS],
        *[getattr(later.c, name) for name in FOLLOW_UP_FIGURES],
    ]


def _applied_share(later, role: str):
    applied = getattr(later.c, f"{role}_applied") + getattr(later.c, f"{role}_partly")
    return cast(applied, Float) / func.nullif(getattr(later.c, f"{role}_answers"), 0)


def _order(done, said, later, sort: str, descending: bool, first) -> list:
    """Sort keys computed in SQL, so that paging stays in SQL too."""
    total = sum((getattr(said.c, s) for s in STATEMENTS[1:]), getattr(said.c, STATEMENTS[0]))
    keys = {
        "completions": func.coalesce(done.c.completions, 0),
        "pairs": func.coalesce(done.c.pairs, 0),
        "pretest": cast(done.c.pretest_sum, Float) / func.nullif(done.c.pretest_count, 0),
        "final": cast(done.c.final_sum, Float) / func.nullif(done.c.final_count, 0),
        "gain": cast(done.c.gain_sum, Float) / func.nullif(done.c.pairs, 0),
        "satisfaction": cast(total, Float) / func.nullif(said.c.responses * len(STATEMENTS), 0),
        "responses": func.coalesce(said.c.responses, 0),
        "applied_learners": _applied_share(later, "learner"),
        "applied_supervisors": _applied_share(later, "supervisor"),
    }
    key = keys.get(sort, first)
    return [ordered(key, descending), first]


def _courses_statement(scope: Scope, filters: ReportFilters):
    done = _completions(scope, filters, CourseCompletion.course_id, filters.course_id)
    said = _responses(scope, filters, SurveyResponse.course_id, filters.course_id)
    later = _follow_ups(scope, filters, FollowUp.course_id, filters.course_id)
    title = course_title()
    stmt = (
        select(Course.id, title.label("title"), *_figures(done, said, later))
        .select_from(Course)
        .outerjoin(CourseVersion, CourseVersion.id == Course.live_version_id)
        .outerjoin(done, done.c.key == Course.id)
        .outerjoin(said, said.c.key == Course.id)
        .outerjoin(later, later.c.key == Course.id)
        .where(_any(done, said, later))
    )
    return stmt, (done, said, later), title


def _any(*figures):
    """Some figures exist for the row."""
    return or_(*[f.c.key.is_not(None) for f in figures])


def by_course(scope: Scope, filters: ReportFilters, paged: bool = True) -> list[tuple]:
    """[(course id, title, Evaluation)] for courses with completions, survey answers or
    follow-ups in the year."""
    stmt, parts, title = _courses_statement(scope, filters)
    stmt = stmt.order_by(*_order(*parts, filters.sort, filters.descending, title), Course.id)
    if paged:
        stmt = stmt.limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)
    return [
        (row.id, row.title, Evaluation.from_mapping(row._mapping))
        for row in db.session.execute(stmt)
    ]


def count_courses(scope: Scope, filters: ReportFilters) -> int:
    stmt = _courses_statement(scope, filters)[0]
    return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def by_unit(
    scope: Scope, filters: ReportFilters, course_id: int, cols: list[UnitColumn]
) -> list[tuple[UnitColumn, Evaluation]]:
    """[(column, Evaluation)] for one course, one row per column unit that has figures."""
    closure = aliased(OrgClosure)

    def join(stmt):
        return stmt.join(closure, closure.descendant_id == User.unit_id).where(
            in_column(cols, closure)
        )

    done = _completions(scope, filters, closure.ancestor_id, course_id, join)
    said = _responses(scope, filters, closure.ancestor_id, course_id, join)
    later = _follow_ups(scope, filters, closure.ancestor_id, course_id, join)
    order = _order(done, said, later, filters.sort, filters.descending, OrgUnit.name)
    stmt = (
        select(OrgUnit.id, *_figures(done, said, later))
        .select_from(OrgUnit)
        .outerjoin(done, done.c.key == OrgUnit.id)
        .outerjoin(said, said.c.key == OrgUnit.id)
        .outerjoin(later, later.c.key == OrgUnit.id)
        .where(OrgUnit.id.in_([c.unit_id for c in cols]), _any(done, said, later))
        .order_by(*order, OrgUnit.id)
    )
    by_id = {c.unit_id: c for c in cols}
    return [
        (by_id[row.id], Evaluation.from_mapping(row._mapping)) for row in db.session.execute(stmt)
    ]


def _comments_statement(scope: Scope, filters: ReportFilters, course_id: int):
    start, end = year_bounds(filters.year)
    return (
        select(
            SurveyResponse.id,
            SurveyResponse.comment,
            SurveyResponse.created_at,
            OrgUnit.name.label("unit"),
        )
        .join(User, User.id == SurveyResponse.user_id)
        .join(OrgUnit, OrgUnit.id == User.unit_id)
        .where(
            SurveyResponse.course_id == course_id,
            func.trim(SurveyResponse.comment) != "",
            SurveyResponse.created_at >= start,
            SurveyResponse.created_at < end,
            *employee_conditions(scope, filters),
        )
    )


def comments(scope: Scope, filters: ReportFilters, course_id: int) -> list:
    """A page of comments, newest first: (id, comment, created_at, unit name), no names."""
    stmt = _comments_statement(scope, filters, course_id).order_by(
        SurveyResponse.created_at.desc(), SurveyResponse.id.desc()
    )
    stmt = stmt.limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)
    return db.session.execute(stmt).all()


def count_comments(scope: Scope, filters: ReportFilters, course_id: int) -> int:
    stmt = _comments_statement(scope, filters, course_id)
    return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def course_or_404(course_id: int):
    """(id, slug, title) of a course, or 404."""
    course = db.session.execute(
        select(Course.id, Course.slug, course_title().label("title"))
        .outerjoin(CourseVersion, CourseVersion.id == Course.live_version_id)
        .where(Course.id == course_id)
    ).first()
    if course is None:
        abort(404)
    return course


# Gain per module and competency ------------------------------------------------------------


def sat_attempts(scope: Scope, filters: ReportFilters, course_id: int) -> list[SatAttempt]:
    """The submitted pre-test and exam attempts of the course's learners who completed it in
    the year, in scope, oldest first: one statement.

    Right/wrong per question lives in the JSON `questions` and `responses` columns, which no
    SQL adds up portably, so only those columns are read, of this one course's attempts,
    bounded by the report's filters (the year's completions, the unit, the position)."""
    stmt = (
        select(
            QuizAttempt.user_id,
            QuizAttempt.kind,
            QuizAttempt.score,
            QuizAttempt.questions,
            QuizAttempt.responses,
        )
        .join(
            CourseCompletion,
            and_(
                CourseCompletion.user_id == QuizAttempt.user_id,
                CourseCompletion.course_id == QuizAttempt.course_id,
            ),
        )
        .join(User, User.id == QuizAttempt.user_id)
        .where(
            QuizAttempt.course_id == course_id,
            QuizAttempt.kind.in_(("pretest", "exam")),
            QuizAttempt.submitted_at.is_not(None),
            CourseCompletion.year == filters.year,
            *employee_conditions(scope, filters),
        )
        .order_by(QuizAttempt.user_id, QuizAttempt.started_at, QuizAttempt.id)
    )
    return [SatAttempt(*row) for row in db.session.execute(stmt)]


def _labels(course_id: int) -> tuple[dict[str, str], dict[str, str]]:
    """{slug: title} of the live version's modules and {slug: name} of its competencies,
    in course order."""
    live = select(Course.live_version_id).where(Course.id == course_id).scalar_subquery()
    modules = db.session.execute(
        select(Module.slug, Module.title).where(Module.version_id == live).order_by(Module.position)
    )
    competencies = db.session.execute(
        select(Competency.slug, Competency.name)
        .join(CourseCompetency, CourseCompetency.competency_id == Competency.id)
        .where(CourseCompetency.version_id == live)
        .order_by(Competency.position, Competency.name)
    )
    return dict(modules.all()), dict(competencies.all())


def gain_tables(scope: Scope, filters: ReportFilters, course_id: int) -> tuple[list, list]:
    """[(module title, Gain)] and [(competency name, Gain)]: three statements in all. A module
    no longer in the live version keeps its slug as its name, after the live ones."""
    attempts = sat_attempts(scope, filters, course_id)
    modules, competencies = _labels(course_id)
    by_module = gains(attempts, module_of)
    order = [*modules, *sorted(by_module.keys() - modules.keys())]
    by_competency = gains(attempts, competencies_of(competencies))
    return (
        [(modules.get(slug, slug), by_module[slug]) for slug in order if slug in by_module],
        [
            (competencies[slug], by_competency[slug])
            for slug in competencies
            if slug in by_competency
        ],
    )
