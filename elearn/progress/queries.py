"""Reading a learner's progress: enrolment, read modules, passed sections, completion, JP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, exists, func, or_, select

from ..domain.completion import ModuleState
from ..domain.completion import module_states as states_of
from ..domain.jp import totals_by_year
from ..extensions import db
from ..models.catalog import Course, CourseVersion, Module
from ..models.learning import CourseCompletion, Enrollment, ModuleProgress, QuizAttempt
from ..models.tasks import CourseTask, TaskReview, TaskSubmission

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
    slug: str
    title: str
    jp: int
    total: int
    done: int
    resume: str | None
    enrolled_at: datetime
    last_opened_at: datetime | None
    completed_at: datetime | None
    percent: int = 0


def my_courses(user_id: int) -> list[MyCourse]:
    """The learner's courses with modules complete, where to resume and completion,
    in one query whatever the number of courses."""
    columns = _module_counts(user_id) + (
        _resume_slug(user_id),
        Enrollment.enrolled_at,
        Enrollment.last_opened_at,
        _completed_at(user_id),
    )
    rows = db.session.execute(
        select(Course.slug, CourseVersion.title, CourseVersion.jp, *columns)
        .select_from(Enrollment)
        .join(Course, Course.id == Enrollment.course_id)
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .where(Enrollment.user_id == user_id)
        .order_by(
            func.coalesce(Enrollment.last_opened_at, Enrollment.enrolled_at).desc(),
            CourseVersion.title,
        )
    ).all()
    return [MyCourse(*row) for row in rows]


# The subqueries of my_courses sit two SELECTs deep: each correlates Module and Course
# explicitly, as implicit correlation only reaches the nearest SELECT and would read
# Course as "any course".


def _module_has(user_id: int, table, slug_column, *conditions):
    """Whether this learner has a row in `table` for the Module of the enclosing query."""
    return (
        exists()
        .where(
            table.user_id == user_id,
            table.course_id == Course.id,
            slug_column == Module.slug,
            *conditions,
        )
        .correlate(Module, Course)
    )


def _was_read(user_id: int):
    return _module_has(user_id, ModuleProgress, ModuleProgress.module_slug)


def _module_counts(user_id: int) -> tuple:
    """The live version's number of modules and how many of them are complete."""
    was_passed = _module_has(
        user_id, QuizAttempt, QuizAttempt.section, QuizAttempt.passed.is_(True)
    )
    in_version = Module.version_id == CourseVersion.id
    total = select(func.count(Module.id)).where(in_version).scalar_subquery()
    complete = or_(
        and_(Module.question_count == 0, _was_read(user_id)),
        and_(Module.question_count > 0, was_passed),
    )
    done = select(func.count(Module.id)).where(in_version, complete).scalar_subquery()
    return total, done


def _resume_slug(user_id: int):
    """The module last opened if the live version still has it, else the first unread one."""
    last_exists = exists().where(
        Module.version_id == CourseVersion.id, Module.slug == Enrollment.last_module_slug
    )
    first_unread = (
        select(Module.slug)
        .where(Module.version_id == CourseVersion.id, ~_was_read(user_id))
        .order_by(Module.position)
        .limit(1)
        .scalar_subquery()
    )
    return case((last_exists, Enrollment.last_module_slug), else_=first_unread)


def _completed_at(user_id: int):
    return (
        select(CourseCompletion.completed_at)
        .where(CourseCompletion.user_id == user_id, CourseCompletion.course_id == Course.id)
        .scalar_subquery()
    )


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
