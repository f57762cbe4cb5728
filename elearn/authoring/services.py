"""Authoring actions: create a course, edit its draft, publish, restore, assign authors.

With files_service.py, the only code of the authoring pages that commits: one commit per
trainer's action. The draft lives in store.py; learners only ever see what publishing
stored.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..content import outline
from ..content import parse as course_parse
from ..extensions import db
from ..models import Course, CourseAuthor, CourseDraft, CourseVersion, User
from ..publishing import services as publishing
from ..publishing.services import CourseResult
from . import drafts, store
from .access import add_author
from .drafts import encode_text
from .errors import AuthoringError

MAX_TEXT_BYTES = course_parse.MAX_MARKDOWN_BYTES


# ---------------------------------------------------------------------------
# Creating a course and opening its draft


def create_course(
    slug: str, title: str, user_id: int, files: dict[str, bytes] | None = None
) -> Course:
    """A course without a live version, owned by its creator, audited.

    Its draft is `files` (an imported zip), else a small valid course to build on.
    """
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
    if files is None:
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

    Raises store.NoSource when the live version's files were never kept (the authoring
    blueprints answer it with one page).
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


# ---------------------------------------------------------------------------
# Saving and conflicts


def save_text(course: Course, path: str, text: str, base_revision: int | None, user_id: int) -> int:
    """Save one file of the draft; raise store.DraftConflict when it changed meanwhile."""
    data = encode_text(text)
    if len(data) > MAX_TEXT_BYTES:
        raise AuthoringError("too_large")
    try:
        revision = store.save_file(course.id, path, data, base_revision, user_id)
        db.session.commit()
    except store.DraftConflict:
        db.session.rollback()
        raise
    return revision


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
    found = drafts.draft_file(course, path)
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
# Publishing, restoring a version, discarding the draft


def publish(course: Course, expected_hash: str, user_id: int) -> CourseResult:
    """Publish the draft the trainer reviewed; the draft then starts over from the new version.

    One transaction: the version with its files, the rebased draft and the audit entry.
    Raises AuthoringError("changed") when the draft is no longer what the trainer saw.
    """
    source = store.draft_source(course)
    if source.content_hash() != expected_hash:
        raise AuthoringError("changed")
    try:
        result = publishing.stage_source(source, user_id)
        if result.status in ("new", "restored"):
            # Rebase rather than delete: revisions continue, so an editor still open on the
            # old draft is told about the conflict instead of saving over the new one.
            store.start_draft(course, user_id, files=dict(source.files), replace=True)
            record(
                user_id, "course.publish", "course", course.id,
                version=result.version, status=result.status,
            )  # fmt: skip
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return publishing.raced(source)
    return result


def restore(course: Course, version: CourseVersion, user_id: int) -> bool:
    """Make the version's files the draft (live is not changed until published).

    False when the version's files were never kept: there is nothing to restore.
    """
    files = store.version_files(version.id)
    if not files:
        return False
    store.start_draft(course, user_id, files=files, replace=True)
    record(user_id, "course.restore_draft", "course", course.id, version=version.number)
    db.session.commit()
    return True


def discard(course: Course, user_id: int) -> None:
    """Throw the draft's changes away: it starts over from the live version."""
    if course.live_version is None:
        raise AuthoringError("never_published")
    files = store.version_source(course.live_version, course.slug).files
    store.start_draft(course, user_id, files=dict(files), replace=True)
    record(user_id, "course.discard_draft", "course", course.id)
    db.session.commit()


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
