"""Queries behind the trainer's statistics: one aggregate per figure, never one per learner.

Counts and averages are added up by the database. Item statistics need each attempt's
frozen questions and responses, so the submitted attempts of the course are streamed
(only the columns needed) into the pure domain/item_stats.py.

The period is a calendar year in the institution's time zone, or everything:
enrolments by the day they enrolled (and whether those learners completed, at any time),
completions by their completion year (as HR's reports and JP credit count them),
survey answers by the day they were given, attempts by the day they were submitted.
Where learners stop follows the learners who enrolled in the period.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Float, and_, case, exists, func, literal_column, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import FunctionElement

from ..clock import year_bounds
from ..domain.evaluation import Evaluation
from ..domain.item_stats import (
    CurrentQuestion,
    ItemStats,
    ModuleStep,
    item_statistics,
    module_funnel,
)
from ..domain.review import Review
from ..extensions import db
from ..models import (
    Course,
    CourseCompletion,
    CourseVersion,
    Enrollment,
    Module,
    ModuleProgress,
    Question,
    QuizAttempt,
    SurveyResponse,
)
from ..reporting.learning import completion_sums, same_learner_course, survey_sums

COMMENTS_PER_PAGE = 20
STREAM_BATCH = 500  # attempts fetched per round trip when streaming
ITEM_KINDS = ("quiz", "exam")  # the pre-test is ungraded and asked before any learning
# The review levels whose result page shows which answers were right.
KEY_SHOWN = tuple(level.key for level in Review if level >= Review.MARKS)


class seconds_between(FunctionElement):  # noqa: N801 - used like a SQL function
    """Seconds from the first timestamp to the second, in either database."""

    type = Float()
    inherit_cache = True


@compiles(seconds_between)
def _seconds_default(element, compiler, **kw):
    start, end = list(element.clauses)
    return f"EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - {compiler.process(start, **kw)}))"


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element, compiler, **kw):
    start, end = list(element.clauses)
    return (
        f"((julianday({compiler.process(end, **kw)}) - "
        f"julianday({compiler.process(start, **kw)})) * 86400.0)"
    )


@dataclass(frozen=True)
class CourseFigures:
    enrolled: int  # enrolled in the period
    enrolled_completed: int  # of those, completed by now
    evaluation: Evaluation  # completions in the period, pre/final/gain, survey answers
    timed: int  # completions whose enrolment is known (the time to complete is measured)
    average_seconds: float | None
    median_seconds: float | None

    @property
    def completion_rate(self) -> float | None:
        return self.enrolled_completed / self.enrolled if self.enrolled else None


def first_enrolment(course_id: int):
    """When the first learner enrolled (None if nobody has): the oldest year worth offering."""
    return db.session.scalar(
        select(func.min(Enrollment.enrolled_at)).where(Enrollment.course_id == course_id)
    )


def _between(column, year: int | None) -> list:
    if year is None:
        return []
    start, end = year_bounds(year)
    return [column >= start, column < end]


def _cohort(course_id: int, year: int | None):
    """The enrolments the period follows, as a subquery of user ids."""
    return (
        select(Enrollment.user_id)
        .where(Enrollment.course_id == course_id, *_between(Enrollment.enrolled_at, year))
        .subquery("cohort")
    )


def course_figures(course_id: int, year: int | None) -> CourseFigures:
    """Enrolments, completions, time to complete, pre/final/gain and satisfaction sums."""
    enrolled = db.session.execute(
        select(func.count(Enrollment.id), func.count(CourseCompletion.id))
        .select_from(Enrollment)
        .outerjoin(CourseCompletion, same_learner_course(CourseCompletion, Enrollment))
        .where(Enrollment.course_id == course_id, *_between(Enrollment.enrolled_at, year))
    ).one()
    completed = _completed(course_id, year)
    duration = seconds_between(Enrollment.enrolled_at, CourseCompletion.completed_at)
    done = db.session.execute(
        completed.add_columns(
            *completion_sums(),
            func.count(Enrollment.id).label("timed"),
            func.avg(duration).label("average_seconds"),
        )
    ).one()
    said = db.session.execute(
        select(*survey_sums()).where(
            SurveyResponse.course_id == course_id, *_between(SurveyResponse.created_at, year)
        )
    ).one()
    return CourseFigures(
        enrolled=enrolled[0],
        enrolled_completed=enrolled[1],
        evaluation=Evaluation.from_mapping({**done._mapping, **said._mapping}),
        timed=done.timed,
        average_seconds=None if done.average_seconds is None else float(done.average_seconds),
        median_seconds=_median_seconds(completed, duration, done.timed),
    )


def _completed(course_id: int, year: int | None):
    """The completions of the period, each beside its enrolment (if that is known)."""
    where = [CourseCompletion.course_id == course_id]
    if year is not None:
        where.append(CourseCompletion.year == year)
    return (
        select()
        .select_from(CourseCompletion)
        .outerjoin(Enrollment, same_learner_course(CourseCompletion, Enrollment))
        .where(*where)
    )


def _median_seconds(completed, duration, timed: int) -> float | None:
    """The median time to complete, from the middle one or two durations the database picks:
    no row per learner comes back."""
    if not timed:
        return None
    middle = db.session.scalars(
        completed.add_columns(duration.label("seconds"))
        .where(Enrollment.id.is_not(None))
        .order_by(duration, CourseCompletion.id)
        .limit(2 - timed % 2)
        .offset((timed - 1) // 2)
    ).all()
    return sum(float(s) for s in middle) / len(middle)


def _comments_where(course_id: int, year: int | None) -> list:
    return [
        SurveyResponse.course_id == course_id,
        func.trim(SurveyResponse.comment) != "",
        *_between(SurveyResponse.created_at, year),
    ]


def comments(course_id: int, year: int | None, page: int) -> list:
    """A page of comments, newest first: (id, comment, created_at). No learner, no unit:
    a course's learners are few enough that a unit could give a name away."""
    return db.session.execute(
        select(SurveyResponse.id, SurveyResponse.comment, SurveyResponse.created_at)
        .where(*_comments_where(course_id, year))
        .order_by(SurveyResponse.created_at.desc(), SurveyResponse.id.desc())
        .limit(COMMENTS_PER_PAGE)
        .offset((page - 1) * COMMENTS_PER_PAGE)
    ).all()


def count_comments(course_id: int, year: int | None) -> int:
    return (
        db.session.scalar(
            select(func.count(SurveyResponse.id)).where(*_comments_where(course_id, year))
        )
        or 0
    )


# Modules -------------------------------------------------------------------------------------


def live_title(course: Course) -> str:
    """The live version's title (just that column: a version row carries all its HTML)."""
    if course.live_version_id is None:
        return course.slug
    title = db.session.scalar(
        select(CourseVersion.title).where(CourseVersion.id == course.live_version_id)
    )
    return title or course.slug


def live_modules(course: Course) -> list:
    """(position, slug, title, question_count) of the live version, in order."""
    if course.live_version_id is None:
        return []
    return db.session.execute(
        select(Module.position, Module.slug, Module.title, Module.question_count)
        .where(Module.version_id == course.live_version_id)
        .order_by(Module.position)
    ).all()


def funnel(course: Course, modules: list, year: int | None, completed: int) -> list[ModuleStep]:
    """Where the learners who enrolled in the period stop, module by module."""
    if not modules:
        return []
    cohort = _cohort(course.id, year)
    read, passed = _module_learners(course, cohort)
    return module_funnel(
        [(m.position, m.slug, m.title, bool(m.question_count)) for m in modules],
        _furthest_positions(course, cohort),
        read,
        passed,
        completed,
    )


def _furthest_positions(course: Course, cohort) -> dict[int, int]:
    """How many learners of the cohort got at most as far as each module position."""
    # Everything that shows a learner opened a module: reading it, the module they last
    # opened, and an attempt at its quiz.
    touches = union_all(
        select(ModuleProgress.user_id, ModuleProgress.module_slug.label("slug")).where(
            ModuleProgress.course_id == course.id
        ),
        select(Enrollment.user_id, Enrollment.last_module_slug.label("slug")).where(
            Enrollment.course_id == course.id, Enrollment.last_module_slug.is_not(None)
        ),
        select(QuizAttempt.user_id, QuizAttempt.section.label("slug")).where(
            QuizAttempt.course_id == course.id, QuizAttempt.kind == "quiz"
        ),
    ).subquery("touches")
    furthest = (
        select(touches.c.user_id, func.max(Module.position).label("position"))
        .join(cohort, cohort.c.user_id == touches.c.user_id)
        .join(
            Module,
            and_(Module.version_id == course.live_version_id, Module.slug == touches.c.slug),
        )
        .group_by(touches.c.user_id)
        .subquery("furthest")
    )
    return dict(
        db.session.execute(
            select(furthest.c.position, func.count()).group_by(furthest.c.position)
        ).all()
    )


def _module_learners(course: Course, cohort) -> tuple[dict[str, int], dict[str, int]]:
    """Learners of the cohort who read each module, and who passed its quiz, by module slug."""
    # Both counts in one statement: a tag says which kind of row each count is.
    read = select(
        literal_column("'read'").label("what"),
        ModuleProgress.module_slug.label("slug"),
        func.count(func.distinct(ModuleProgress.user_id)).label("learners"),
    ).join(cohort, cohort.c.user_id == ModuleProgress.user_id)
    read = read.where(ModuleProgress.course_id == course.id).group_by(ModuleProgress.module_slug)
    passed = (
        select(
            literal_column("'passed'").label("what"),
            QuizAttempt.section.label("slug"),
            func.count(func.distinct(QuizAttempt.user_id)).label("learners"),
        )
        .join(cohort, cohort.c.user_id == QuizAttempt.user_id)
        .where(
            QuizAttempt.course_id == course.id,
            QuizAttempt.kind == "quiz",
            QuizAttempt.passed.is_(True),
        )
        .group_by(QuizAttempt.section)
    )
    counts: dict[str, dict[str, int]] = {"read": {}, "passed": {}}
    for what, slug, learners in db.session.execute(union_all(read, passed)).all():
        counts[what][slug] = learners
    return counts["read"], counts["passed"]


# Questions -----------------------------------------------------------------------------------


def current_questions(course: Course, modules: list) -> dict[tuple[str, str], CurrentQuestion]:
    """Each question id's wording in the live version, else its newest wording across
    versions, placed in the course order."""
    # Restoring an older version makes it live again without a new number: the live
    # version, not the highest number, says which questions are still asked.
    live_first = case((Question.version_id == course.live_version_id, 0), else_=1)
    newest = (
        func.row_number()
        .over(
            partition_by=(Question.section, Question.qid),
            order_by=(live_first, CourseVersion.number.desc()),
        )
        .label("newest")
    )
    ranked = (
        select(
            Question.section,
            Question.qid,
            Question.kind,
            Question.prompt,
            Question.prompt_html,
            Question.choices,
            Question.position,
            Question.version_id,
            newest,
        )
        .join(CourseVersion, CourseVersion.id == Question.version_id)
        .where(CourseVersion.course_id == course.id)
        .subquery("ranked")
    )
    rows = db.session.execute(select(ranked).where(ranked.c.newest == 1)).all()
    place = {m.slug: index for index, m in enumerate(modules)}
    place[""] = len(modules)  # the final exam comes after the modules
    result = {}
    for row in rows:
        live = row.version_id == course.live_version_id
        section_place = place.get(row.section, len(modules) + 1) if live else len(modules) + 1
        result[(row.section, row.qid)] = CurrentQuestion(
            section=row.section,
            qid=row.qid,
            kind=row.kind,
            prompt=row.prompt,
            prompt_html=row.prompt_html,
            choices=tuple((c["key"], c["html"], bool(c["correct"])) for c in row.choices or ()),
            order=section_place * 10_000 + row.position,
            live=live,
        )
    return result


def _saw_the_exam_key_before(course_id: int):
    """True for an attempt whose learner had already seen exam questions marked or with
    their key: an earlier submitted attempt of the exam, or of a pre-test drawn from the
    exam pool, whose result page showed marks or more (NULL: an attempt from before review
    levels, whose page showed everything)."""
    earlier = aliased(QuizAttempt)
    pool_pretests = select(CourseVersion.id).where(
        CourseVersion.course_id == course_id, CourseVersion.pretest_question_count == 0
    )
    return exists().where(
        earlier.user_id == QuizAttempt.user_id,
        earlier.course_id == QuizAttempt.course_id,
        earlier.submitted_at < QuizAttempt.submitted_at,
        or_(earlier.review_shown.is_(None), earlier.review_shown.in_(KEY_SHOWN)),
        or_(
            earlier.kind == "exam",
            and_(earlier.kind == "pretest", earlier.version_id.in_(pool_pretests)),
        ),
    )


def attempts(course_id: int, year: int | None, section: str | None = None):
    """Stream the submitted quiz and exam attempts that measure what learners know: section,
    questions, responses, score. An exam attempt made after seeing the key does not."""
    stmt = (
        select(QuizAttempt.section, QuizAttempt.questions, QuizAttempt.responses, QuizAttempt.score)
        .where(
            QuizAttempt.course_id == course_id,
            QuizAttempt.submitted_at.is_not(None),
            QuizAttempt.kind.in_(ITEM_KINDS),
            *_between(QuizAttempt.submitted_at, year),
            or_(QuizAttempt.kind != "exam", ~_saw_the_exam_key_before(course_id)),
        )
        .order_by(QuizAttempt.id)
        .execution_options(yield_per=STREAM_BATCH)
    )
    if section is not None:
        stmt = stmt.where(QuizAttempt.section == section)
    return db.session.execute(stmt)


def items(course: Course, modules: list, year: int | None) -> list[ItemStats]:
    """Every question's figures, worst first."""
    current = current_questions(course, modules)
    return item_statistics(attempts(course.id, year), current)


def item(
    course: Course, modules: list, year: int | None, qid: str, section: str | None = None
) -> list[ItemStats]:
    """One question id's figures, per section it is asked in (usually one; ids are unique
    within a file only, so a module quiz and the final exam may share one)."""
    current = current_questions(course, modules)

    def wanted(s: str, q: str) -> bool:
        return q == qid and (section is None or s == section)

    sections = {s for s, q in current if wanted(s, q)}
    if not sections:
        return []
    stream = attempts(course.id, year, next(iter(sections)) if len(sections) == 1 else None)
    found = item_statistics(stream, current, only=wanted)
    return sorted(found, key=lambda i: (i.order, i.section))
