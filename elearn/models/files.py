"""The one blob store: every file's bytes once by SHA-256, and what a version keeps of them.

Drafts, published versions and the media served to learners all point into `file_blobs`.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class FileBlob(db.Model):
    """A course file's bytes, stored once by SHA-256 (Markdown and media alike)."""

    __tablename__ = "file_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)


def blob_column(index: bool = False) -> Mapped[str]:
    """A file's SHA-256: a blob must outlive every row that points at it."""
    return mapped_column(ForeignKey("file_blobs.sha256", ondelete="RESTRICT"), index=index)


def version_key() -> Mapped[int]:
    return mapped_column(ForeignKey("course_versions.id", ondelete="CASCADE"), primary_key=True)


class VersionFile(db.Model):
    """The exact source of a published version, so it can be exported, diffed or restored."""

    __tablename__ = "version_files"

    version_id: Mapped[int] = version_key()
    path: Mapped[str] = mapped_column(String(255), primary_key=True)
    sha256: Mapped[str] = blob_column()


class VersionMedia(db.Model):
    """A media file learners may fetch by its SHA-256, with the type checked at publishing.

    Kept apart from VersionFile: versions published before sources were kept have media
    (their pages show them) but no files.
    """

    __tablename__ = "version_media"

    version_id: Mapped[int] = version_key()
    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    sha256: Mapped[str] = blob_column(index=True)
    mime: Mapped[str] = mapped_column(String(100))
