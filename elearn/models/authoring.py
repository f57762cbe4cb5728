"""Who authors a course, and its draft: the working copy trainers edit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .files import blob_column

AUTHOR_ROLES = ("owner", "coauthor")


class CourseAuthor(db.Model):
    """A trainer who may edit a course: its owner or a co-author (admins assign them)."""

    __tablename__ = "course_authors"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(10), default="coauthor")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user = relationship("User", lazy="joined")


class CourseDraft(db.Model):
    """The working copy of a course; learners never see it until it is published."""

    __tablename__ = "course_drafts"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    # The live version the draft started from (None for a course never published).
    base_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_versions.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class DraftFile(db.Model):
    """One file of a draft; `revision` grows with every save, so a stale save is detected."""

    __tablename__ = "draft_files"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("course_drafts.course_id", ondelete="CASCADE"), primary_key=True
    )
    path: Mapped[str] = mapped_column(String(255), primary_key=True)
    sha256: Mapped[str] = blob_column()
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
