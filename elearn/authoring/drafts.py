"""What the editor shows of a draft: its files in order, their problems, and conflicts.

Read only: the actions that change a draft are in services.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..content import diff, outline
from ..content.source import CourseSource, normalise_text_bytes
from ..content.spec import Problem
from ..extensions import db
from ..models import Course, CourseDraft, User
from ..publishing.blobs import blobs
from ..publishing.services import check_source, known_competencies
from . import store


def user_names(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return dict(
        db.session.execute(select(User.id, User.full_name).where(User.id.in_(wanted))).all()
    )


@dataclass
class FileInfo:
    path: str
    revision: int
    size: int
    updated_at: datetime | None
    updated_by: str
    title: str = ""
    slug: str = ""
    problems: int = 0


@dataclass
class DraftView:
    course_md: FileInfo | None
    modules: list[FileInfo]
    others: list[FileInfo]  # Markdown or other files outside the module naming rule
    media: list[FileInfo]
    problems: dict[str, list[Problem]]
    problem_count: int
    changed: bool
    edited_at: datetime | None
    edited_by: str

    @property
    def media_bytes(self) -> int:
        return sum(m.size for m in self.media)


def draft_view(course: Course, draft: CourseDraft) -> DraftView:
    rows = store.draft_files(course.id)
    data = blobs(r.sha256 for r in rows.values())
    files = {path: data[row.sha256] for path, row in rows.items()}
    source = CourseSource(course.slug, files, "")
    _, problems = check_source(source, known_competencies())
    by_file = problems_by_file(problems)
    names = user_names([draft.updated_by_id, *(r.updated_by_id for r in rows.values())])

    def info(path: str) -> FileInfo:
        row = rows[path]
        item = FileInfo(
            path=path,
            revision=row.revision,
            size=len(files[path]),
            updated_at=row.updated_at,
            updated_by=names.get(row.updated_by_id, ""),
            problems=len(by_file.get(path, [])),
        )
        if path.endswith(".md") and not path.startswith("media/"):
            item.title = outline.title_of(decode_text(files[path]))
        if outline.is_module(path):
            item.slug = outline.slug_of(path)
        return item

    modules = outline.module_names(rows)
    media = [p for p in rows if p.startswith("media/")]
    others = [p for p in rows if p != "course.md" and p not in modules and p not in media]
    return DraftView(
        course_md=info("course.md") if "course.md" in rows else None,
        modules=[info(p) for p in modules],
        others=[info(p) for p in sorted(others)],
        media=[info(p) for p in sorted(media)],
        problems=by_file,
        problem_count=len(problems),
        changed=_differs_from_live(course, files),
        edited_at=draft.updated_at,
        edited_by=names.get(draft.updated_by_id, ""),
    )


def _differs_from_live(course: Course, files: dict[str, bytes]) -> bool:
    if course.live_version is None:
        return True
    return CourseSource(course.slug, files, "").content_hash() != course.live_version.content_hash


def problems_by_file(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    """Problems grouped by file, in folder order (course.md, modules, others, media)."""
    grouped: dict[str, list[Problem]] = {}
    for problem in sorted(problems, key=lambda p: (diff.file_order(p.path), p.line, p.message)):
        grouped.setdefault(problem.path, []).append(problem)
    return grouped


EDITABLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,118}\.md$")


def is_editable(path: str) -> bool:
    """Markdown files at the top of the course folder are edited as text; media are not."""
    return EDITABLE.match(path) is not None


def draft_file(course: Course, path: str):
    """(DraftFile row, its text) or None when the draft has no such Markdown file."""
    if not is_editable(path):
        return None
    row = store.draft_files(course.id).get(path)
    if row is None:
        return None
    data = blobs([row.sha256])[row.sha256]
    return row, decode_text(data)


def decode_text(data: bytes) -> str:
    return normalise_text_bytes(data).decode("utf-8", errors="replace")


def encode_text(text: str) -> bytes:
    """Textareas send CRLF line endings; files keep LF, so a save without edits changes nothing."""
    return text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")


@dataclass(frozen=True)
class Saved:
    """A draft file's stored revision, as the editor's heading shows it."""

    revision: int
    updated_at: datetime
    updated_by: str


def saved(row) -> Saved | None:
    """The stored revision of a DraftFile row; None without a row (the file is not stored)."""
    if row is None:
        return None
    return Saved(
        row.revision, row.updated_at, user_names([row.updated_by_id]).get(row.updated_by_id, "")
    )


@dataclass
class Conflict:
    path: str
    revision: int | None  # the stored revision now (None: the file is gone)
    updated_at: datetime | None
    updated_by: str
    stored_text: str | None
    lines: list[diff.DiffLine]  # from the stored text to the trainer's


def conflict_view(course: Course, conflict: store.DraftConflict, mine: str) -> Conflict:
    found = draft_file(course, conflict.path)
    stored = found[1] if found else None
    row = found[0] if found else None
    names = user_names([row.updated_by_id] if row else [])
    return Conflict(
        path=conflict.path,
        revision=row.revision if row else None,
        updated_at=row.updated_at if row else conflict.updated_at,
        updated_by=names.get(row.updated_by_id, "") if row else "",
        stored_text=stored,
        lines=diff.line_diff(stored or "", encode_text(mine).decode()),
    )
