"""The workplace task (tugas penerapan): what a course version asks, what learners send, and
what their reviewer decided. Nothing is overwritten: a revision is a new submission."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .files import blob_column
from .learning import LearnerCourseRow

DECISIONS = ("accepted", "returned")


class CourseTask(db.Model):
    """The task of one published course version, rendered at publishing."""

    __tablename__ = "course_tasks"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("course_versions.id", ondelete="CASCADE"), primary_key=True
    )
    instructions_html: Mapped[str] = mapped_column(Text)
    # [{"name": str, "levels": [str, ...]}], level 1 first.
    rubric: Mapped[list] = mapped_column(JSON)
    due_days: Mapped[int]
    pass_level: Mapped[int]


class TaskSubmission(LearnerCourseRow, db.Model):
    """One version of a learner's work: `number` 1 is the first, a revision the next."""

    __tablename__ = "task_submissions"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id", "number"),
        Index("ix_task_submissions_user_course", "user_id", "course_id"),
    )

    version_id: Mapped[int] = mapped_column(ForeignKey("course_versions.id"), index=True)
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Who was resolved as the reviewer when it was sent (the queue of that unit head).
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    files: Mapped[list[TaskFile]] = relationship(
        cascade="all, delete-orphan", order_by="TaskFile.position", lazy="selectin"
    )
    review: Mapped[TaskReview | None] = relationship(
        back_populates="submission", cascade="all, delete-orphan", lazy="joined"
    )


class TaskFile(db.Model):
    """A file sent with a submission; its bytes live in the one blob store."""

    __tablename__ = "task_files"
    __table_args__ = (UniqueConstraint("submission_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("task_submissions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = blob_column(index=True)


class TaskReview(db.Model):
    """The reviewer's decision on one submission: rubric levels, accept or return, feedback."""

    __tablename__ = "task_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("task_submissions.id", ondelete="CASCADE"), unique=True
    )
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The reviewer's position at the time, as the certificate states it.
    reviewer_position: Mapped[str] = mapped_column(String(300), default="")
    scores: Mapped[list] = mapped_column(JSON)  # the level chosen per criterion, in order
    decision: Mapped[str] = mapped_column(String(10))
    feedback: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    submission: Mapped[TaskSubmission] = relationship(back_populates="review")
