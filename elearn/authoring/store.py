"""Where course sources live in the database: version files, drafts, and safe saving.

A draft is the complete working set of a course's files. Each file carries a revision;
a save names the revision it was based on, and a save based on an older one is refused
as a conflict instead of overwriting another trainer's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update

from ..content.source import CourseSource
from ..extensions import db
from ..models import Course, CourseDraft, CourseVersion, DraftFile
from ..models.base import utcnow
from ..publishing.blobs import blobs, put_blob, version_files


@dataclass
class DraftConflict(Exception):
    """The file changed (or appeared, or vanished) since the editor loaded it."""

    path: str
    revision: int | None  # the stored revision now; None when the file is gone
    updated_at: datetime | None = None
    updated_by_id: int | None = None


class NoSource(Exception):
    """The version was published before sources were kept (re-import its folder)."""

    def __init__(self, slug: str):
        super().__init__(slug)
        self.slug = slug


def version_source(version: CourseVersion, slug: str) -> CourseSource:
    """The exact files a version was published from; NoSource if they were never kept.

    This is the one place that decides what such a version is: the editor cannot start
    a draft from it (the authoring blueprints answer NoSource with one page), and pages
    that only show files read version_files, which is then empty.
    """
    files = version_files(version.id)
    if not files:
        raise NoSource(slug)
    return CourseSource(slug, files, "")


def draft_of(course_id: int) -> CourseDraft | None:
    return db.session.get(CourseDraft, course_id)


def draft_files(course_id: int) -> dict[str, DraftFile]:
    rows = db.session.scalars(
        select(DraftFile).where(DraftFile.course_id == course_id).order_by(DraftFile.path)
    )
    return {row.path: row for row in rows}


def draft_source(course: Course) -> CourseSource:
    """The draft as a course folder, ready for the same parser publishing uses."""
    rows = draft_files(course.id)
    data = blobs(row.sha256 for row in rows.values())
    return CourseSource(course.slug, {p: data[r.sha256] for p, r in rows.items()}, "")


def start_draft(
    course: Course, user_id: int | None, files: dict[str, bytes] | None = None, replace=False
) -> CourseDraft:
    """Open a draft from `files` (default: the live version's). `replace` discards one in progress.

    Revisions continue from the discarded draft's, so an editor still open on the old
    draft sees a conflict rather than silently saving over the new one.
    """
    existing = draft_of(course.id)
    if existing is not None and not replace:
        return existing
    if files is None:
        files = (
            version_source(course.live_version, course.slug).files
            if course.live_version is not None
            else {}
        )
    old = draft_files(course.id)
    if existing is not None:
        db.session.execute(delete(DraftFile).where(DraftFile.course_id == course.id))
        existing.base_version_id = course.live_version_id
        existing.updated_at, existing.updated_by_id = utcnow(), user_id
        draft = existing
    else:
        draft = CourseDraft(
            course_id=course.id, base_version_id=course.live_version_id, updated_by_id=user_id
        )
        db.session.add(draft)
    db.session.flush()
    for path, data in files.items():
        before = old.get(path)
        db.session.add(
            DraftFile(
                course_id=course.id,
                path=path,
                sha256=put_blob(data),
                revision=(before.revision + 1) if before else 1,
                updated_by_id=user_id,
            )
        )
    db.session.flush()
    return draft


def save_file(
    course_id: int, path: str, data: bytes, base_revision: int | None, user_id: int | None
) -> int:
    """Write one draft file; return its new revision. `base_revision` None creates it.

    Raises DraftConflict when the stored revision is not `base_revision` (someone else
    saved in between, or the file was created or deleted meanwhile).
    """
    sha = put_blob(data)
    now = utcnow()
    if base_revision is None:
        if db.session.get(DraftFile, (course_id, path)) is not None:
            raise _conflict(course_id, path)
        db.session.add(
            DraftFile(
                course_id=course_id,
                path=path,
                sha256=sha,
                revision=1,
                updated_at=now,
                updated_by_id=user_id,
            )
        )
        db.session.flush()
        _touch(course_id, user_id)
        return 1
    result = db.session.execute(
        update(DraftFile)
        .where(
            DraftFile.course_id == course_id,
            DraftFile.path == path,
            DraftFile.revision == base_revision,
        )
        .values(sha256=sha, revision=base_revision + 1, updated_at=now, updated_by_id=user_id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise _conflict(course_id, path)
    _touch(course_id, user_id)
    return base_revision + 1


def delete_file(course_id: int, path: str, base_revision: int, user_id: int | None) -> None:
    result = db.session.execute(
        delete(DraftFile)
        .where(
            DraftFile.course_id == course_id,
            DraftFile.path == path,
            DraftFile.revision == base_revision,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise _conflict(course_id, path)
    _touch(course_id, user_id)


def rename_file(
    course_id: int, old: str, new: str, base_revision: int, user_id: int | None
) -> None:
    """Move a draft file to a new path (which must be free)."""
    if db.session.get(DraftFile, (course_id, new)) is not None:
        raise _conflict(course_id, new)
    row = db.session.get(DraftFile, (course_id, old))
    if row is None or row.revision != base_revision:
        raise _conflict(course_id, old)
    sha = row.sha256
    delete_file(course_id, old, base_revision, user_id)
    db.session.add(
        DraftFile(
            course_id=course_id,
            path=new,
            sha256=sha,
            revision=base_revision + 1,
            updated_by_id=user_id,
        )
    )
    db.session.flush()


def discard_draft(course_id: int) -> None:
    db.session.execute(delete(DraftFile).where(DraftFile.course_id == course_id))
    db.session.execute(delete(CourseDraft).where(CourseDraft.course_id == course_id))


def _touch(course_id: int, user_id: int | None) -> None:
    db.session.execute(
        update(CourseDraft)
        .where(CourseDraft.course_id == course_id)
        .values(updated_at=utcnow(), updated_by_id=user_id)
        .execution_options(synchronize_session=False)
    )


def _conflict(course_id: int, path: str) -> DraftConflict:
    db.session.expire_all()
    row = db.session.get(DraftFile, (course_id, path))
    if row is None:
        return DraftConflict(path, None)
    return DraftConflict(path, row.revision, row.updated_at, row.updated_by_id)
