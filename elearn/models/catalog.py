"""Courses and their published versions, with the HTML rendered at publish time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .files import VersionFile, VersionMedia

# The `section` of the questions of course.md's `## Pre-test`: module slugs cannot hold "@".
PRETEST_SECTION = "@pretest"


class Course(db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # use_alter: courses and versions point at each other.
    live_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_versions.id", use_alter=True, ondelete="SET NULL")
    )

    live_version: Mapped[CourseVersion | None] = relationship(
        foreign_keys=[live_version_id], post_update=True
    )
    versions: Mapped[list[CourseVersion]] = relationship(
        back_populates="course",
        foreign_keys="CourseVersion.course_id",
        order_by="CourseVersion.number",
    )


class CourseVersion(db.Model):
    __tablename__ = "course_versions"
    __table_args__ = (
        UniqueConstraint("course_id", "number"),
        UniqueConstraint("course_id", "content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(100), index=True)
    jp: Mapped[int]
    total_minutes: Mapped[int]
    pass_percent: Mapped[int]
    pretest: Mapped[bool] = mapped_column(default=False)
    valid_years: Mapped[int | None]
    overview_html: Mapped[str] = mapped_column(Text, default="")
    exam_settings: Mapped[dict | None] = mapped_column(JSON)
    exam_question_count: Mapped[int] = mapped_column(default=0)
    # The pre-test's own questions and settings; 0 questions: it draws from the exam pool.
    pretest_settings: Mapped[dict | None] = mapped_column(JSON)
    pretest_question_count: Mapped[int] = mapped_column(default=0, server_default="0")
    follow_up_days: Mapped[int] = mapped_column(default=60, server_default="60")
    # Lower-cased title, summary and module text: what catalog search looks in.
    search_text: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def offers_pretest(self) -> bool:
        """A pre-test is offered when switched on and it has questions to ask: its own, or
        the final exam's."""
        return bool(self.pretest and (self.pretest_question_count or self.exam_question_count))

    course: Mapped[Course] = relationship(back_populates="versions", foreign_keys=[course_id])
    modules: Mapped[list[Module]] = relationship(
        back_populates="version", order_by="Module.position", cascade="all, delete-orphan"
    )
    competencies: Mapped[list[CourseCompetency]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    questions: Mapped[list[Question]] = relationship(
        cascade="all, delete-orphan", order_by="[Question.section, Question.position]"
    )
    # Written with the version, in the same transaction: its source and its media.
    files: Mapped[list[VersionFile]] = relationship(
        cascade="all, delete-orphan", order_by="VersionFile.path"
    )
    media: Mapped[list[VersionMedia]] = relationship(cascade="all, delete-orphan")


class Module(db.Model):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("version_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("course_versions.id", ondelete="CASCADE"))
    position: Mapped[int]
    slug: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    minutes: Mapped[int]
    html: Mapped[str] = mapped_column(Text)
    toc: Mapped[list] = mapped_column(JSON, default=list)
    quiz_settings: Mapped[dict | None] = mapped_column(JSON)
    question_count: Mapped[int] = mapped_column(default=0)
    # The `## Renungkan` case, rendered; None: the module asks for no reflection.
    reflect_html: Mapped[str | None] = mapped_column(Text)

    version: Mapped[CourseVersion] = relationship(back_populates="modules")


class Question(db.Model):
    """A quiz or exam question; `section` is the module slug, "" for the final exam, or
    PRETEST_SECTION for the pre-test's own questions."""

    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("version_id", "section", "qid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("course_versions.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(String(100))
    position: Mapped[int]
    qid: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))
    prompt: Mapped[str] = mapped_column(Text)
    prompt_html: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    # [{"key", "html", "correct"}]: the answer key never leaves the server before submission.
    choices: Mapped[list] = mapped_column(JSON, default=list)
    answers: Mapped[list] = mapped_column(JSON, default=list)
    explanation_html: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    # The module it tests: a module quiz's own, or the one an exam question's tag names.
    module_slug: Mapped[str | None] = mapped_column(String(100))


class CourseCompetency(db.Model):
    __tablename__ = "course_competencies"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("course_versions.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    level: Mapped[int]

    competency = relationship("Competency", lazy="joined")


Index("ix_questions_version_section", Question.version_id, Question.section)
