"""Reading workplace tasks: a learner's submissions, the exam they passed, reviewers' queues."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..domain import tasks as rules
from ..extensions import db
from ..models import (
    Course,
    CourseTask,
    CourseVersion,
    OrgUnit,
    QuizAttempt,
    TaskFile,
    TaskReview,
    TaskSubmission,
    User,
)
from ..reporting.scope import Scope


def task_of(version_id: int | None) -> CourseTask | None:
    return db.session.get(CourseTask, version_id) if version_id else None


def submissions(user_id: int, course_id: int) -> list[TaskSubmission]:
    """Every version a learner sent for a course, oldest first, with files and reviews."""
    return list(
        db.session.scalars(
            select(TaskSubmission)
            .where(TaskSubmission.user_id == user_id, TaskSubmission.course_id == course_id)
            .order_by(TaskSubmission.number)
        ).unique()
    )


def current_state(rows: list[TaskSubmission]) -> str:
    return rules.state([row.review.decision if row.review else None for row in rows])


def exam_passed_at(user_id: int, course_id: int) -> datetime | None:
    """When the learner first passed the final exam of the course (any version)."""
    return db.session.scalar(
        select(func.min(QuizAttempt.submitted_at)).where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.course_id == course_id,
            QuizAttempt.kind == "exam",
            QuizAttempt.passed.is_(True),
        )
    )


def file_row(file_id: int) -> TaskFile | None:
    return db.session.get(TaskFile, file_id)


@dataclass
class QueueRow:
    submission_id: int
    number: int
    learner: str
    unit: str
    course: str
    submitted_at: datetime
    review_due: datetime
    overdue: bool


def waiting(viewer: User, scope: Scope, review_days: int, now: datetime) -> list[QueueRow]:
    """Submissions waiting for a decision that the viewer answers for, oldest first: a unit
    head's own queue (they were resolved as reviewer), and for HR every one in their scope."""
    learner = User
    stmt = (
        select(
            TaskSubmission.id,
            TaskSubmission.number,
            learner.full_name,
            func.coalesce(OrgUnit.name, ""),
            func.coalesce(CourseVersion.title, Course.slug),
            TaskSubmission.submitted_at,
        )
        .join(learner, learner.id == TaskSubmission.user_id)
        .outerjoin(OrgUnit, OrgUnit.id == learner.unit_id)
        .join(Course, Course.id == TaskSubmission.course_id)
        .outerjoin(CourseVersion, CourseVersion.id == Course.live_version_id)
        .outerjoin(TaskReview, TaskReview.submission_id == TaskSubmission.id)
        .where(TaskReview.id.is_(None), learner.id != viewer.id)
        .order_by(TaskSubmission.submitted_at, TaskSubmission.id)
    )
    if viewer.has_role("hr"):
        stmt = stmt.where(scope.users(learner.unit_id))
    else:
        stmt = stmt.where(TaskSubmission.reviewer_id == viewer.id)
    rows = []
    for sid, number, name, unit, title, submitted_at in db.session.execute(stmt):
        due = rules.review_due_at(submitted_at, review_days)
        rows.append(
            QueueRow(sid, number, name, unit, title, submitted_at, due, rules.overdue(due, now))
        )
    return rows


def submission(submission_id: int) -> TaskSubmission | None:
    return db.session.get(TaskSubmission, submission_id)


def learner(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def live_task(slug: str) -> tuple[Course, CourseVersion, CourseTask] | None:
    """A published course by slug, its live version and that version's task (if it has one)."""
    row = db.session.execute(
        select(Course, CourseVersion, CourseTask)
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .join(CourseTask, CourseTask.version_id == CourseVersion.id)
        .where(Course.slug == slug)
    ).first()
    return (row[0], row[1], row[2]) if row else None
