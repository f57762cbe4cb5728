"""Authoring: drafts, module files, previews, publishing and history of trainers' courses.

The only place of the authoring pages that writes to the database and commits. The
draft lives in store.py; learners only ever see what publish_source stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..content import diff, outline
from ..content import parse as course_parse
from ..content.source import CourseSource, normalise_text_bytes
from ..content.spec import Problem
from ..extensions import db
from ..models import (
    Course,
    CourseAuthor,
    CourseDraft,
    CourseVersion,
    DraftFile,
    User,
    VersionFile,
)
from ..publishing.services import check_source, known_competencies
from . import store
from .access import add_author

MAX_TEXT_BYTES = course_parse.MAX_MARKDOWN_BYTES


class AuthoringError(Exception):
    """A request the trainer can correct; `code` says which message to show."""

    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details


# ---------------------------------------------------------------------------
# The course list


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
    draft_sets: dict[int, set[tuple[str, str]]] = {}
    course_md: dict[int, str] = {}
    for course_id, path, sha in db.session.execute(
        select(DraftFile.course_id, DraftFile.path, DraftFile.sha256).where(
            DraftFile.course_id.in_(ids)
        )
    ):
        draft_sets.setdefault(course_id, set()).add((path, sha))
        if path == "course.md":
            course_md[course_id] = sha
    live_sets: dict[int, set[tuple[str, str]]] = {}
    for version_id, path, sha in db.session.execute(
        select(VersionFile.version_id, VersionFile.path, VersionFile.sha256).where(
            VersionFile.version_id.in_(live_ids)
        )
    ):
        live_sets.setdefault(version_id, set()).add((path, sha))
    roles = dict(
        db.session.execute(
            select(CourseAuthor.course_id, CourseAuthor.role).where(
                CourseAuthor.user_id == user_id, CourseAuthor.course_id.in_(ids)
            )
        ).all()
    )
    names = user_names(d.updated_by_id for d in drafts.values())
    # Only courses never published need their title read from the draft's course.md.
    published = {c.id for c in courses if c.live_version_id}
    unpublished_md = {cid: sha for cid, sha in course_md.items() if cid not in published}
    texts = store.blobs(unpublished_md.values())
    rows = []
    for course in courses:
        live = versions.get(course.live_version_id) if course.live_version_id else None
        draft = drafts.get(course.id)
        title = live.title if live else ""
        if not title and course.id in unpublished_md:
            title = outline.title_of(_decode(texts.get(unpublished_md[course.id], b"")))
        changed = draft is not None and (
            live is None or draft_sets.get(course.id, set()) != live_sets.get(live.id, set())
        )
        rows.append(
            CourseRow(
                course=course,
                title=title or course.slug,
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


def user_names(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return dict(
        db.session.execute(select(User.id, User.full_name).where(User.id.in_(wanted))).all()
    )


# ---------------------------------------------------------------------------
# Creating a course and opening its draft


def create_course(slug: str, title: str, user_id: int) -> Course:
    """A course without a live version, whose draft is a small valid course to build on."""
    slug = slug.strip().lower() or outline.slug_for_title(title)
    problem = outline.course_slug_problem(slug)
    if problem:
        raise AuthoringError(f"slug_{problem}", slug=slug)
    if db.session.scalar(select(Course.id).where(Course.slug == slug)) is not None:
        raise AuthoringError("slug_taken", slug=slug)
    course = Course(slug=slug)
    db.session.add(course)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AuthoringError("slug_taken", slug=slug) from None
    add_author(course.id, user_id, "owner")
    files = {
        "course.md": outline.course_template(title).encode(),
        "01-pengantar.md": outline.first_module_template().encode(),
    }
    store.start_draft(course, user_id, files=files)
    record(user_id, "course.create", "course", course.id, slug=slug)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AuthoringError("slug_taken", slug=slug) from None
    return course


def open_draft(course: Course, user_id: int) -> CourseDraft:
    """The course's draft, started from the live version the first time it is opened.

    Raises store.NoSource when the live version's files were never kept.
    """
    draft = store.draft_of(course.id)
    if draft is not None:
        return draft
    try:
        draft = store.start_draft(course, user_id)
        db.session.commit()
    except IntegrityError:
        # Another trainer opened it at the same moment: use theirs.
        db.session.rollback()
        draft = store.draft_of(course.id)
        if draft is None:
            raise
    return draft


# ---------------------------------------------------------------------------
# The editor's view of a draft


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
    data = store.blobs(r.sha256 for r in rows.values())
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
            item.title = outline.title_of(_decode(files[path]))
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
    data = store.blobs([row.sha256])[row.sha256]
    return row, _decode(data)


def _decode(data: bytes) -> str:
    return normalise_text_bytes(data).decode("utf-8", errors="replace")


def _encode(text: str) -> bytes:
    """Textareas send CRLF line endings; files keep LF, so a save without edits changes nothing."""
    return text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")


# ---------------------------------------------------------------------------
# Saving and conflicts


def save_text(course: Course, path: str, text: str, base_revision: int | None, user_id: int) -> int:
    """Save one file of the draft; raise store.DraftConflict when it changed meanwhile."""
    data = _encode(text)
    if len(data) > MAX_TEXT_BYTES:
        raise AuthoringError("too_large")
    try:
        revision = store.save_file(course.id, path, data, base_revision, user_id)
        db.session.commit()
    except store.DraftConflict:
        db.session.rollback()
        raise
    return revision


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
        lines=diff.line_diff(stored or "", _encode(mine).decode()),
    )


# ---------------------------------------------------------------------------
# Modules: add, rename, reorder, delete


def module_slugs(course_id: int) -> set[str]:
    return {outline.slug_of(p) for p in outline.module_names(store.draft_files(course_id))}


def add_module(course: Course, title: str, slug: str, user_id: int) -> str:
    """Append a module file `NN-slug.md` with a starting text; return its name."""
    title = " ".join(title.split())
    slug = slug.strip().lower() or outline.slug_for_title(title)
    rows = store.draft_files(course.id)
    taken = {outline.slug_of(p) for p in outline.module_names(rows)}
    problem = outline.module_slug_problem(slug, taken)
    if problem:
        raise AuthoringError(f"slug_{problem}", slug=slug)
    name = outline.next_name(rows, slug)
    try:
        store.save_file(course.id, name, outline.module_template(title).encode(), None, user_id)
        db.session.commit()
    except store.DraftConflict:
        db.session.rollback()
        raise AuthoringError("slug_taken", slug=slug) from None
    return name


def rename_module(
    course: Course, path: str, title: str, slug: str, revision: int, user_id: int
) -> str:
    """Give a module a new title (its front matter) and slug (its file name, same prefix)."""
    found = draft_file(course, path)
    if found is None or not outline.is_module(path):
        raise AuthoringError("gone")
    row, text = found
    if row.revision != revision:
        raise AuthoringError("stale")
    title = " ".join(title.split())
    slug = slug.strip().lower() or outline.slug_of(path)
    taken = module_slugs(course.id) - {outline.slug_of(path)}
    problem = outline.module_slug_problem(slug, taken)
    if problem:
        raise AuthoringError(f"slug_{problem}", slug=slug)
    new = outline.renamed(path, slug)
    try:
        if new != path:
            store.rename_file(course.id, path, new, revision, user_id)
            revision += 1
        if title and title != outline.title_of(text):
            store.save_file(
                course.id, new, outline.with_title(text, title).encode(), revision, user_id
            )
        db.session.commit()
    except store.DraftConflict:
        db.session.rollback()
        raise AuthoringError("stale") from None
    return new


def move_module(course: Course, path: str, step: int, user_id: int) -> None:
    """Move a module up (-1) or down (+1); every prefix is renumbered 1..n to match."""
    rows = store.draft_files(course.id)
    order = outline.module_names(rows)
    if path not in order:
        raise AuthoringError("gone")
    if outline.duplicate_slugs(order):
        raise AuthoringError("duplicate_slugs")
    try:
        for old, new in outline.renumber(outline.moved(order, path, step)):
            store.rename_file(course.id, old, new, rows[old].revision, user_id)
        db.session.commit()
    except store.DraftConflict:
        db.session.rollback()
        raise AuthoringError("stale") from None


def delete_file(course: Course, path: str, revision: int, user_id: int) -> None:
    if path == "course.md":
        raise AuthoringError("course_md")
    try:
        store.delete_file(course.id, path, revision, user_id)
        db.session.commit()
    except store.DraftConflict:
        db.session.rollback()
        raise AuthoringError("stale") from None


# ---------------------------------------------------------------------------
# Owners and co-authors (admins assign them)


def authors(course: Course) -> list[CourseAuthor]:
    return list(
        db.session.scalars(
            select(CourseAuthor)
            .join(User, User.id == CourseAuthor.user_id)
            .where(CourseAuthor.course_id == course.id)
            .order_by(CourseAuthor.role.desc(), User.full_name, User.id)
        )
    )


def assign_author(course: Course, username: str, role: str, actor_id: int) -> User:
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise AuthoringError("no_user", username=username.strip())
    if not user.has_role("trainer", "admin"):
        raise AuthoringError("not_trainer", name=user.full_name)
    add_author(course.id, user.id, role)
    record(actor_id, "course.author_set", "course", course.id, user_id=user.id, role=role)
    db.session.commit()
    return user


def remove_author(course: Course, user_id: int, actor_id: int) -> bool:
    row = db.session.get(CourseAuthor, (course.id, user_id))
    if row is None:
        return False
    db.session.delete(row)
    record(actor_id, "course.author_remove", "course", course.id, user_id=user_id)
    db.session.commit()
    return True
