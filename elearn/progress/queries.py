"""Reading a learner's progress: enrolment, read modules, passed sections, completion, JP."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, literal_column, select, union_all
from sqlalchemy.orm import defer, lazyload

from ..domain.completion import ModuleState, completed_count
from ..domain.completion import module_states as states_of
from ..domain.jp import totals_by_year
from ..domain.progress import percent
from ..domain.steps import Step
from ..extensions import db
from ..models.catalog import Course, CourseVersion, Module
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


def visit(user_id: int, slug: str) -> Visit | None:
    """The live course `slug` and the learner's enrolment in it, in one statement; None when
    no such course is published."""
    row = db.session.execute(
        select(
            Course.id,
            Course.live_version_id,
            Enrollment.id,
            Enrollment.last_module_slug,
            Enrollment.last_opened_at,
            Enrollment.pretest_status,
        )
        .outerjoin(
            Enrollment, and_(Enrollment.course_id == Course.id, Enrollment.user_id == user_id)
        )
        .where(Course.slug == slug, Course.live_version_id.is_not(None))
    ).first()
    return Visit(*row) if row else None


@dataclass(frozen=True)
class ReadingFacts:
    read: set[str]  # modules marked read
    passed: set[str]  # sections passed ("" the final exam)
    note: str  # the private reflection note on the module asked for, "" when none


def reading_facts(user_id: int, course_id: int, note_module: str | None = None) -> ReadingFacts:
    """What a module page shows of the learner, in one statement: read modules, passed
    sections and (when `note_module` is given) their reflection note on that module."""
    # Kinds as integer literals: a UNION of typed text literals needs casts on PostgreSQL.
    parts = [
        select(literal_column("0"), ModuleProgress.module_slug).where(
            ModuleProgress.user_id == user_id, ModuleProgress.course_id == course_id
        ),
        select(literal_column("1"), QuizAttempt.section).where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.course_id == course_id,
            QuizAttempt.passed.is_(True),
        ),
    ]
    if note_module is not None:
        parts.append(
            select(literal_column("2"), ReflectionNote.text).where(
                ReflectionNote.user_id == user_id,
                ReflectionNote.course_id == course_id,
                ReflectionNote.module_slug == note_module,
            )
        )
    found: dict[int, list[str]] = defaultdict(list)
    for kind, value in db.session.execute(union_all(*parts)):
        found[int(kind)].append(value)
    return ReadingFacts(set(found[0]), set(found[1]), (found[2] or [""])[0])


def best_scores(user_id: int, course_id: int) -> dict[str, int]:
    """Best submitted final-exam score by kind ("exam", "pretest"); a kind never taken is absent."""
    rows = db.session.execute(
        select(QuizAttempt.kind, func.max(QuizAttempt.score))
        .where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.course_id == course_id,
            QuizAttempt.section == "",
            QuizAttempt.kind.in_(FINAL_KINDS),
            QuizAttempt.submitted_at.is_not(None),
        )
        .group_by(QuizAttempt.kind)
    ).all()
    return {kind: value for kind, value in rows if value is not None}


def jp_by_year(user_id: int) -> dict[int, int]:
    """JP credited per calendar year, from this learner's completions."""
    rows = db.session.execute(
        select(CourseCompletion.year, func.sum(CourseCompletion.jp))
        .where(CourseCompletion.user_id == user_id)
        .group_by(CourseCompletion.year)
    ).all()
    return totals_by_year((int(year), int(jp)) for year, jp in rows)


@dataclass
class MyCourse:
    course_id: int
    slug: str
    version: CourseVersion
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


def my_courses(user_id: int) -> list[MyCourse]:
    """The learner's courses, most recently opened first, with modules complete and the next
    step; in five queries whatever the number of courses."""
    rows = db.session.execute(
        select(
            Course.id,
            Course.slug,
            CourseVersion,
            Enrollment.enrolled_at,
            Enrollment.last_opened_at,
            CourseCompletion.completed_at,
        )
        .select_from(Enrollment)
        .join(Course, Course.id == Enrollment.course_id)
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .outerjoin(
            CourseCompletion,
            and_(CourseCompletion.user_id == user_id, CourseCompletion.course_id == Course.id),
        )
        .where(Enrollment.user_id == user_id)
        .options(
            defer(CourseVersion.overview_html),
            defer(CourseVersion.search_text),
            lazyload(CourseVersion.competencies),  # no page of "my courses" shows them
        )
        .order_by(
            func.coalesce(Enrollment.last_opened_at, Enrollment.enrolled_at).desc(),
            CourseVersion.title,
        )
    ).all()
    courses = [MyCourse(*row) for row in rows]
    if courses:
        _add_steps(user_id, courses)
    return courses


def _add_steps(user_id: int, courses: list[MyCourse]) -> None:
    """Fill in each course's module counts and next step, a query per kind of fact."""
    ids = [c.course_id for c in courses]
    modules: dict[int, list] = defaultdict(list)
    for row in db.session.execute(
        select(Module.version_id, Module.slug, Module.question_count)
        .where(Module.version_id.in_([c.version.id for c in courses]))
        .order_by(Module.version_id, Module.position)
    ):
        modules[row.version_id].append(row)
    read = _slugs_by_course(ModuleProgress, ModuleProgress.module_slug, user_id, ids)
    passed = _slugs_by_course(
        QuizAttempt, QuizAttempt.section, user_id, ids, QuizAttempt.passed.is_(True)
    )
    surveys = steps.surveyed(user_id, ids)
    tasks = steps.pending_tasks(user_id, ids)
    for c in courses:
        states = states_of(modules[c.version.id], read[c.course_id], passed[c.course_id])
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


def _slugs_by_course(table, column, user_id: int, course_ids: list[int], *conditions):
    """This learner's module slugs (or sections) in `table`, as a set per course id."""
    found: dict[int, set[str]] = defaultdict(set)
    for course_id, slug in db.session.execute(
        select(table.course_id, column)
        .where(table.user_id == user_id, table.course_id.in_(course_ids), *conditions)
        .distinct()
    ):
        found[course_id].add(slug)
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
