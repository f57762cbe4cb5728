"""Follow-up evaluation rows: one questionnaire per completion and respondent role."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class FollowUp(db.Model):
    """What the learner (role "learner") or their unit head (role "supervisor") says, N days
    after the completion, about the course being applied at work.

    The unique key makes the daily job idempotent: a completion is asked about once per role.
    `learner_id` and `course_id` repeat the completion's, so reports group without joining it.
    """

    __tablename__ = "follow_ups"
    __table_args__ = (
        UniqueConstraint("completion_id", "role"),
        Index("ix_follow_ups_respondent_answered", "respondent_id", "answered_at"),
        Index("ix_follow_ups_due_course", "due_date", "course_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    completion_id: Mapped[int] = mapped_column(
        ForeignKey("course_completions.id", ondelete="CASCADE")
    )
    learner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10))  # domain.followup.ROLES
    respondent_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    due_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # its notice was created
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    applied: Mapped[str | None] = mapped_column(String(10))  # domain.followup.APPLIED
    frequency: Mapped[int | None]  # 1..5
    obstacles: Mapped[list] = mapped_column(JSON, default=list)
    obstacle_note: Mapped[str] = mapped_column(Text, default="")
