"""Reading a learner's progress: enrolment, read modules, passed sections, completion, JP."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import and_, bindparam, func, literal_column, select, union_all

from .. import live_versions as live
from ..domain.completion import ModuleState, completed_count
from ..domain.completion import module_states as states_of
from ..domain.jp import totals_by_year
from ..domain.progress import percent
from ..domain.steps import Step
from ..extensions import db, plain_rows
from ..live_versions import VersionView
from ..models.catalog import Course, CourseVersion
from ..models.learning import (
    CourseCompletion,
    Enrollment,
    ModuleProgress,
    QuizAttempt,
    ReflectionNote,
)
from ..models.tasks import CourseTask, TaskReview, TaskSubmission
from . import steps

FINAL_KINDS = ("exam", "pretest")


def enrollment(user_id: int, course_id: int) -> Enrollment | None:
    return db.session.scalar(
        select(Enrollment).where(Enrollment.user_id == user_id, Enrollment.course_id == course_id)
    )


def completion(user_id: int, course_id: int) -> CourseCompletion | None:
    return db.session.scalar(
        select(CourseCompletion).where(
            CourseCompletion.user_id == user_id, CourseCompletion.course_id == course_id
        )
    )


def read_slugs(user_id: int, course_id: int) -> set[str]:
    """The slugs of the modules this learner marked as read in this course."""
    return set(
        db.session.scalars(
            select(ModuleProgress.module_slug).where(
                ModuleProgress.user_id == user_id, ModuleProgress.course_id == course_id
            )
        )
    )


def passed_sections(user_id: int, course_id: int) -> set[str]:
    """Sections (module slugs, "" for the final exam) this learner has passed on any version."""
    return set(
        db.session.scalars(
            select(QuizAttempt.section)
            .where(
                QuizAttempt.user_id == user_id,
                QuizAttempt.course_id == course_id,
                QuizAttempt.passed.is_(True),
            )
            .distinct()
        )
    )


def module_states(
    user_id: int, course_id: int, version: CourseVersion, passed: set[str] | None = None
) -> list[ModuleState]:
    """Each module of the version as read / quiz passed; `passed` when the caller has it."""
    if passed is None:
        passed = passed_sections(user_id, course_id)
    return states_of(version.modules, read_slugs(user_id, course_id), passed)


@dataclass(frozen=True)
class Visit:
    """A live course as one learner opens it: which version is live, and their enrolment
    (enrollment_id None: not enrolled yet)."""

    course_id: int
    version_id: int
    enrollment_id: int | None
    last_module_slug: str | None
    last_opened_at: datetime | None
    pretest_status: str | None


# The module page's statements are built once per process with bound parameters: building
# them per request cost as much as running them (SQLAlchemy then reuses the compiled form).
USER, COURSE = bindparam("user_id"), bindparam("course_id")


@cache
def _visit_statement():
    return (
        select(
            Course.id,
            Course.live_version_id,
            Enrollment.id,
            Enrollment.last_module_slug,
            Enrollment.last_opened_at,
            Enrollment.pretest_status,
        )
        .outerjoin(Enrollment, and_(Enrollment.course_id == Course.id, Enrollment.user_id == USER))
        .where(Course.slug == bindparam("slug"), Course.live_version_id.is_not(None))
    )


def visit(user_id: int, slug: str) -> Visit | None:
    """The live course `slug` and the learner's enrolment in it, in one statement; None when
    no such course is published."""
    row = plain_rows(_visit_statement(), {"user_id": user_id, "slug": slug}).first()
    return Visit(*row) if row else None


@dataclass(frozen=True)
class ReadingFacts:
    read: set[str]  # modules marked read
    passed: set[str]  # sections passed ("" the final exam)
    note: str  # the private reflection note on the module asked for, "" when none


@cache
def _facts_statement(with_note: bool):
    # Kinds as integer literals: a UNION of typed text literals needs casts on PostgreSQL.
    parts = [
        select(literal_column("0"), ModuleProgress.module_slug).where(
            ModuleProgress.user_id == USER, ModuleProgress.course_id == COURSE
        ),
        select(literal_column("1"), QuizAttempt.section).where(
            QuizAttempt.user_id == USER,
            QuizAttempt.course_id == COURSE,
            QuizAttempt.passed.is_(True),
        ),
    ]
    if with_note:
        parts.append(
            select(literal_column("2"), ReflectionNote.text).where(
                ReflectionNote.user_id == USER,
                ReflectionNote.course_id == COURSE,
                ReflectionNote.module_slug == bindparam("module"),
            )
        )
    return union_all(*parts)


def reading_facts(user_id: int, course_id: int, note_module: str | None = None) -> ReadingFacts:
    """What a module page shows of the learner, in one statement: read modules, passed
    sections and (when `note_module` is given) their reflection note on that module."""
    params = {"user_id": user_id, "course_id": course_id, "module": note_module}
    if note_module is None:
        del params["module"]
    found: dict[int, list[str]] = defaultdict(list)
    for kind, value in plain_rows(_facts_statement(note_module is not None), params):
        found[int(kind)].append(value)
    return ReadingFacts(set(found[0]), set(found[1]), (found[2] or [""])[0])


@cache
def _best_statement():
    return (
        select(QuizAttempt.kind, func.max(QuizAttempt.score))
        .where(
            QuizAttempt.user_id == USER,
            QuizAttempt.course_id == COURSE,
            QuizAttempt.section == "",
            QuizAttempt.kind.in_(FINAL_KINDS),
            QuizAttempt.submitted_at.is_not(None),
        )
        .group_by(QuizAttempt.kind)
    )


def best_scores(user_id: int, course_id: int) -> dict[str, int]:
    """Best submitted final-exam score by kind ("exam", "pretest"); a kind never taken is absent."""
    rows = plain_rows(_best_statement(), {"user_id": user_id, "course_id": course_id}).all()
    return {kind: value for kind, value in rows if value is not None}


@cache
def _jp_statement():
    return (
        select(CourseCompletion.year, func.sum(CourseCompletion.jp))
        .where(CourseCompletion.user_id == USER)
        .group_by(CourseCompletion.year)
    )


def jp_by_year(user_id: int) -> dict[int, int]:
    """JP credited per calendar year, from this learner's completions."""
    rows = plain_rows(_jp_statement(), {"user_id": user_id}).all()
    return totals_by_year((int(year), int(jp)) for year, jp in rows)


@dataclass
class MyCourse:
    course_id: int
    slug: str
    version: VersionView  # the live version, from the per-worker cache
    enrolled_at: datetime
    last_opened_at: datetime | None
    completed_at: datetime | None
    total: int = 0
    done: int = 0
    step: Step | None = None  # the next unfinished step: where "Lanjutkan" goes
    percent: int = 0

    @property
    def title(self) -> str:
        return self.version.title


@cache
def _my_courses_statement():
    return (
        select(
            Course.id,
            Course.slug,
            Course.live_version_id,
            Enrollment.enrolled_at,
            Enrollment.last_opened_at,
            CourseCompletion.completed_at,
        )
        .select_from(Enrollment)
        .join(Course, Course.id == Enrollment.course_id)
        .outerjoin(
            CourseCompletion,
            and_(CourseCompletion.user_id == USER, CourseCompletion.course_id == Course.id),
        )
        .where(Enrollment.user_id == USER, Course.live_version_id.is_not(None))
    )


def my_courses(user_id: int) -> list[MyCourse]:
    """The learner's courses, most recently opened first, with modules complete and the next
    step; in three queries whatever the number of courses, four when one has a workplace task
    (the versions come from the cache)."""
    courses = []
    found = plain_rows(_my_courses_statement(), {"user_id": user_id})
    for course_id, slug, version_id, *dates in found:
        version = live.version_view(version_id)
        if version is not None:
            courses.append(MyCourse(course_id, slug, version, *dates))
    # Most recently opened (or enrolled) first, then by title: sorted here, where the
    # titles are (they come from the cache, not the statement).
    courses.sort(key=lambda c: (-_moment(c), c.version.title))
    if courses:
        _add_steps(user_id, courses)
    return courses


def _moment(course: MyCourse) -> float:
    return (course.last_opened_at or course.enrolled_at).timestamp()


def _add_steps(user_id: int, courses: list[MyCourse]) -> None:
    """Fill in each course's module counts and next step: read and passed in one query,
    surveys in one, pending tasks in one when a course has a task."""
    ids = [c.course_id for c in courses]
    read, passed = _slugs_by_course(user_id, ids)
    surveys = steps.surveyed(user_id, ids)
    tasks = steps.pending_tasks(user_id, ids, [c.course_id for c in courses if c.version.has_task])
    for c in courses:
        states = states_of(c.version.modules, read[c.course_id], passed[c.course_id])
        c.total, c.done = len(states), completed_count(states)
        c.percent = percent(c.done, c.total)
        c.step = steps.step_of(
            c.version,
            states,
            passed[c.course_id],
            completed=c.completed_at is not None,
            task_pending=c.course_id in tasks,
            survey_done=c.course_id in surveys,
        )


@cache
def _slugs_statement():
    """The learner's read modules (kind 0) and passed sections (kind 1) in some courses,
    one `UNION ALL` (kinds as integer literals, as in `_facts_statement`)."""
    courses = bindparam("course_ids", expanding=True)
    read = select(literal_column("0"), ModuleProgress.course_id, ModuleProgress.module_slug).where(
        ModuleProgress.user_id == USER, ModuleProgress.course_id.in_(courses)
    )
    passed = (
        select(literal_column("1"), QuizAttempt.course_id, QuizAttempt.section)
        .where(
            QuizAttempt.user_id == USER,
            QuizAttempt.course_id.in_(courses),
            QuizAttempt.passed.is_(True),
        )
        .distinct()
    )
    return union_all(read, passed)


def _slugs_by_course(user_id: int, course_ids: list[int]):
    """This learner's read module slugs and passed sections, each as a set per course id."""
    found: tuple[dict[int, set[str]], dict[int, set[str]]] = (defaultdict(set), defaultdict(set))
    params = {"user_id": user_id, "course_ids": course_ids}
    for kind, course_id, slug in plain_rows(_slugs_statement(), params):
        found[int(kind)][course_id].add(slug)
    return found


def task_required(version_id: int) -> bool:
    """Whether this course version declares a workplace task (completion then waits for it)."""
    return db.session.get(CourseTask, version_id) is not None


def task_verification(user_id: int, course_id: int) -> dict | None:
    """Who verified the learner's workplace task (position) and when, or None until accepted."""
    row = db.session.execute(
        select(TaskReview.reviewer_position, TaskReview.decided_at)
        .join(TaskSubmission, TaskSubmission.id == TaskReview.submission_id)
        .where(
            TaskSubmission.user_id == user_id,
            TaskSubmission.course_id == course_id,
            TaskReview.decision == "accepted",
        )
        .order_by(TaskReview.decided_at.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return {"verified_by": row[0], "verified_at": row[1].isoformat()}
