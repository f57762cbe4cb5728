"""Learners' questions to a course's trainers, under a module: the answer, helpful votes,
pins (the module's "Tanya-jawab") and reports of abuse."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class ModuleQuestion(db.Model):
    """One question and its single answer (the authors share it; a new answer replaces the
    old). Markdown is kept for editing, its HTML rendered once when saved."""

    __tablename__ = "module_questions"
    __table_args__ = (
        Index("ix_module_questions_course_id_module_slug", "course_id", "module_slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    module_slug: Mapped[str] = mapped_column(String(100))
    asker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The asker's government when asking: who else may read it (when the admin allows).
    government_id: Mapped[int | None] = mapped_column(
        ForeignKey("org_units.id", ondelete="SET NULL"), index=True
    )
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answer_md: Mapped[str | None] = mapped_column(Text)
    answer_html: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answerer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    helpful_count: Mapped[int] = mapped_column(default=0)
    pinned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    report_count: Mapped[int] = mapped_column(default=0)


class QuestionVote(db.Model):
    """A learner found the answer helpful: one row per learner and question."""

    __tablename__ = "question_votes"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("module_questions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class QuestionReport(db.Model):
    """A learner reported a question as abusive: one report per learner and question."""

    __tablename__ = "question_reports"
    __table_args__ = (UniqueConstraint("question_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("module_questions.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
