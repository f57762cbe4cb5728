"""The trainer's course list (/author): each course's live version and draft state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..content import outline
from ..extensions import db
from ..models import Course, CourseAuthor, CourseDraft, CourseVersion, DraftFile, VersionFile
from ..publishing.blobs import blobs
from .drafts import decode_text, user_names


@dataclass
class CourseRow:
    course: Course
    title: str
    live_number: int | None
    live_title: str | None
    has_draft: bool
    changed: bool  # the draft differs from the live version (or there is no live version)
    edited_at: datetime | None
    edited_by: str
    role: str | None  # the viewer's role on the course: "owner", "coauthor" or None


def _file_sets(rows) -> dict[int, set[tuple[str, str]]]:
    """(owner id, path, sha) rows as each owner's set of (path, sha): equal sets, equal files."""
    sets: dict[int, set[tuple[str, str]]] = {}
    for owner_id, path, sha in rows:
        sets.setdefault(owner_id, set()).add((path, sha))
    return sets


def _draft_titles(courses: list[Course], draft_sets) -> dict[int, str]:
    """Titles of courses never published, read from their draft's course.md."""
    course_md = {
        course.id: sha
        for course in courses
        if not course.live_version_id
        for path, sha in draft_sets.get(course.id, ())
        if path == "course.md"
    }
    texts = blobs(course_md.values())
    return {
        cid: outline.title_of(decode_text(texts.get(sha, b""))) for cid, sha in course_md.items()
    }


def course_rows(courses: list[Course], user_id: int) -> list[CourseRow]:
    """Describe each course for /author, in a fixed number of queries."""
    ids = [c.id for c in courses]
    if not ids:
        return []
    live_ids = [c.live_version_id for c in courses if c.live_version_id]
    versions = {
        v.id: v
        for v in db.session.scalars(select(CourseVersion).where(CourseVersion.id.in_(live_ids)))
    }
    drafts = {
        d.course_id: d
        for d in db.session.scalars(select(CourseDraft).where(CourseDraft.course_id.in_(ids)))
    }
    draft_sets = _file_sets(
        db.session.execute(
            select(DraftFile.course_id, DraftFile.path, DraftFile.sha256).where(
                DraftFile.course_id.in_(ids)
            )
        )
    )
    live_sets = _file_sets(
        db.session.execute(
            select(VersionFile.version_id, VersionFile.path, VersionFile.sha256).where(
                VersionFile.version_id.in_(live_ids)
            )
        )
    )
    roles = dict(
        db.session.execute(
            select(CourseAuthor.course_id, CourseAuthor.role).where(
                CourseAuthor.user_id == user_id, CourseAuthor.course_id.in_(ids)
            )
        ).all()
    )
    names = user_names(d.updated_by_id for d in drafts.values())
    titles = _draft_titles(courses, draft_sets)
    rows = []
    for course in courses:
        live = versions.get(course.live_version_id) if course.live_version_id else None
        draft = drafts.get(course.id)
        changed = draft is not None and (
            live is None or draft_sets.get(course.id, set()) != live_sets.get(live.id, set())
        )
        rows.append(
            CourseRow(
                course=course,
                title=(live.title if live else titles.get(course.id)) or course.slug,
                live_number=live.number if live else None,
                live_title=live.title if live else None,
                has_draft=draft is not None,
                changed=changed,
                edited_at=draft.updated_at if draft else None,
                edited_by=names.get(draft.updated_by_id, "") if draft else "",
                role=roles.get(course.id),
            )
        )
    return rows
