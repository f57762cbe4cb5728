"""Mandatory training: courses HR assigns to a unit subtree and/or a position, and notices."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

RECURRENCES = ("none", "yearly")


class Assignment(db.Model):
    """A course every employee of `unit_id`'s subtree (and of `position_id`, if set) must do.

    Cancelling keeps the row, so the history of who was asked to do what stays.
    """

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"), index=True)
    position_id: Mapped[int | None] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), index=True
    )
    due_date: Mapped[date] = mapped_column(Date)
    recurrence: Mapped[str] = mapped_column(String(10), default="none")
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    course = relationship("Course", lazy="joined")
    unit = relationship("OrgUnit", lazy="joined")
    position = relationship("Position", lazy="joined")


class Notice(db.Model):
    """An in-app message to one user (reminder, overdue warning); e-mailed when SMTP is set.

    The unique key makes sending reminders idempotent: running the job twice a day
    never notifies twice for the same assignment, kind and due date.
    """

    __tablename__ = "notices"
    __table_args__ = (
        UniqueConstraint("user_id", "assignment_id", "kind", "due_date"),
        Index("ix_notices_user_unread", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # "due_soon", "overdue" (to the learner) or "staff_overdue" (to a supervisor);
    # "follow_up" (to the learner) or "staff_follow_up" (to a supervisor) with `follow_up_id`.
    kind: Mapped[str] = mapped_column(String(20))
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="CASCADE"), index=True
    )
    due_date: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int] = mapped_column(default=1)  # staff overdue, for supervisors
    # The workplace task notices ("task_submitted", "task_returned", "task_accepted",
    # "task_overdue") name the submission they are about.
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("task_submissions.id", ondelete="CASCADE"), index=True
    )
    # "question_asked" (to the course's authors), "question_answered" (to the asker).
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_questions.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    assignment = relationship("Assignment", lazy="joined")
