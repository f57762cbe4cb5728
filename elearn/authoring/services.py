"""Authoring: drafts, module files, previews, publishing and history of trainers' courses.

The only place of the authoring pages that writes to the database and commits. The
draft lives in store.py; learners only ever see what publish_source stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..content import diff, outline
from ..content import parse as course_parse
from ..content.frontmatter import split_front_matter
from ..content.parse import UrlScheme, parse_course
from ..content.render import Linker
from ..content.source import CourseSource, normalise_text_bytes
from ..content.spec import ModuleSpec, Problem, Quiz
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
from ..publishing.services import CourseResult, check_source, known_competencies, publish_source
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
# Preview: the same parser and renderer as publishing


@dataclass
class Preview:
    path: str
    kind: str  # "course", "module" or "other"
    lines: list[str]
    problems: list[Problem]  # of this file
    other_problems: int  # in the rest of the draft
    exact: bool  # the whole draft parsed cleanly: this is exactly what publishing stores
    module: ModuleSpec | None = None
    position: int = 0
    total: int = 0
    title: str = ""
    summary: str = ""
    jp: int | None = None
    pass_percent: int = course_parse.DEFAULT_PASS_PERCENT
    overview_html: str = ""
    quiz: Quiz | None = None
    excerpts: dict[int, list[tuple[int, str]]] = field(default_factory=dict)


def preview(course: Course, path: str, text: str | None = None) -> Preview:
    """Render one draft file as learners would see it, with the problems of that file.

    `text` replaces the stored text of `path` (the editor's unsaved text). The whole draft
    is parsed, because a file's problems can depend on the others (links, media, slugs).
    """
    files = dict(store.draft_source(course).files)
    if text is not None:
        files[path] = _encode(text)
    source = CourseSource(course.slug, files, "")
    settings = _parse_settings()
    urls = _preview_urls(course.slug, files)
    spec, problems = parse_course(source, urls=urls, **settings)
    here = [p for p in problems if p.path == path]
    own_text = _decode(files.get(path, b""))
    result = Preview(
        path=path,
        kind="course" if path == "course.md" else "module" if outline.is_module(path) else "other",
        lines=own_text.split("\n"),
        problems=here,
        other_problems=len(problems) - len(here),
        exact=spec is not None,
    )
    result.excerpts = excerpts(result.lines, [p.line for p in here])
    names = outline.module_names(files)
    result.total = len(names)
    if spec is not None:
        if result.kind == "module":
            result.module = next((m for m in spec.modules if m.filename == path), None)
        _fill_course(result, spec.title, spec.summary, spec.jp, spec.pass_percent)
        result.overview_html, result.quiz = spec.overview_html, spec.exam
    else:
        _parse_partially(result, source, settings, urls)
    if result.module is not None:
        result.position = names.index(path) + 1 if path in names else result.module.position
        result.quiz = result.module.quiz
    if result.kind == "module" and "course.md" in files:
        result.pass_percent = _course_pass_percent(files["course.md"])
    return result


def _fill_course(result: Preview, title, summary, jp, pass_percent) -> None:
    result.title, result.summary, result.jp, result.pass_percent = title, summary, jp, pass_percent


def _course_pass_percent(data: bytes) -> int:
    value = split_front_matter(_decode(data)).data.get("pass_percent")
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100
    return value if ok else course_parse.DEFAULT_PASS_PERCENT


def excerpts(lines: list[str], wanted: Iterable[int], around: int = 2):
    """Numbered source lines around each problem line, for pages without JavaScript."""
    result: dict[int, list[tuple[int, str]]] = {}
    for line in sorted(set(wanted)):
        first, last = max(1, line - around), min(len(lines), line + around)
        result[line] = [(n, lines[n - 1]) for n in range(first, last + 1)]
    return result


def _parse_settings() -> dict:
    """What check_source passes to the parser, so the preview reports what publishing would."""
    return {
        "known_competencies": known_competencies(),
        "iframe_hosts": current_app.config["ALLOWED_IFRAME_HOSTS"],
        "media_max_bytes": current_app.config["MEDIA_MAX_BYTES"],
    }


def _preview_urls(slug: str, files: dict[str, bytes]) -> UrlScheme:
    """Links of the preview stay in the draft: its media and its other files' previews."""
    by_slug = {outline.slug_of(p): p for p in outline.module_names(files)}

    def module(module_slug: str, fragment: str) -> str:
        path = by_slug.get(module_slug, "course.md")
        return url_for("authoring.preview", slug=slug, path=path, _anchor=fragment or None)

    return UrlScheme(
        # The media page's endpoint serves the draft's files to the course's authors.
        media=lambda name, sha: url_for("authoring_files.media_file", slug=slug, name=name),
        module=module,
        course=lambda fragment: url_for(
            "authoring.preview", slug=slug, path="course.md", _anchor=fragment or None
        ),
    )


def _parse_partially(result: Preview, source: CourseSource, settings: dict, urls) -> None:
    """Render the file even though the draft has problems, as far as the parser gets.

    parse_course returns nothing while any file has a problem, but a trainer in the middle
    of an edit still needs to see the rest of the module. This runs the same steps of
    content/parse.py on this one file (its problems are already known from the full run).
    """
    reporter = course_parse._Reporter(source)
    media = course_parse._collect_media(source, reporter, settings["media_max_bytes"])
    names = course_parse._module_files(source, reporter)
    slugs = {name: outline.slug_of(name) for name in names}

    def linker() -> Linker:
        def media_url(name: str) -> str | None:
            found = media.get(name)
            return urls.media(name, found.sha256) if found else None

        def module_url(filename: str, fragment: str) -> str | None:
            if filename == "course.md":
                return urls.course(fragment)
            slug = slugs.get(filename)
            return urls.module(slug, fragment) if slug else None

        return Linker(media_url, module_url, settings["iframe_hosts"])

    text = course_parse._decode(source, result.path, reporter)
    if text is None:
        return
    if result.kind == "module" and result.path in slugs:
        position = names.index(result.path) + 1
        result.module = course_parse._parse_module(
            result.path, slugs[result.path], position, text, reporter, linker()
        )
    elif result.kind == "course":
        spec = course_parse._parse_course_md(
            source, text, reporter, linker(), settings["known_competencies"], [], media
        )
        if spec is not None:
            _fill_course(result, spec.title, spec.summary, spec.jp, spec.pass_percent)
            result.overview_html, result.quiz = spec.overview_html, spec.exam


# ---------------------------------------------------------------------------
# Publishing


@dataclass
class PublishCheck:
    source: CourseSource
    problems: dict[str, list[Problem]]
    problem_count: int
    changes: list[diff.FileChange]
    live: CourseVersion | None
    live_without_source: bool  # the live version's files were never kept: no diff possible
    draft_hash: str
    same_as: int | None  # number of an earlier version with exactly these files

    @property
    def unchanged(self) -> bool:
        return self.live is not None and self.draft_hash == self.live.content_hash

    @property
    def can_publish(self) -> bool:
        return not self.problem_count and not self.unchanged


def check_publish(course: Course) -> PublishCheck:
    """Validate the whole draft and compare it with the live version, file by file."""
    source = store.draft_source(course)
    _, problems = check_source(source, known_competencies())
    live = course.live_version
    live_files = store.version_files(live.id) if live else {}
    draft_hash = source.content_hash()
    same = db.session.scalar(
        select(CourseVersion.number).where(
            CourseVersion.course_id == course.id, CourseVersion.content_hash == draft_hash
        )
    )
    return PublishCheck(
        source=source,
        problems=problems_by_file(problems),
        problem_count=len(problems),
        changes=diff.compare(live_files, source.files),
        live=live,
        live_without_source=live is not None and not live_files,
        draft_hash=draft_hash,
        same_as=same if same is not None and (live is None or same != live.number) else None,
    )


def publish(course: Course, expected_hash: str, user_id: int) -> CourseResult:
    """Publish the draft the trainer reviewed; the draft then starts over from the new version.

    Raises AuthoringError("changed") when the draft is no longer what the trainer saw.
    """
    source = store.draft_source(course)
    if source.content_hash() != expected_hash:
        raise AuthoringError("changed")
    result = publish_source(source, user_id)
    if result.status in ("new", "restored"):
        db.session.expire_all()
        course = db.session.get(Course, course.id)
        # Rebase rather than delete: revisions continue, so an editor still open on the
        # old draft is told about the conflict instead of saving over the new one.
        store.start_draft(course, user_id, files=dict(source.files), replace=True)
        record(
            user_id, "course.publish", "course", course.id,
            version=result.version, status=result.status,
        )  # fmt: skip
        db.session.commit()
    return result


# ---------------------------------------------------------------------------
# History and restoring


@dataclass
class VersionRow:
    version: CourseVersion
    published_by: str
    live: bool


def history(course: Course) -> list[VersionRow]:
    rows = db.session.execute(
        select(CourseVersion, User.full_name)
        .outerjoin(User, User.id == CourseVersion.published_by_id)
        .where(CourseVersion.course_id == course.id)
        .order_by(CourseVersion.number.desc())
    ).all()
    return [VersionRow(v, name or "", v.id == course.live_version_id) for v, name in rows]


def version_or_none(course: Course, number: int) -> CourseVersion | None:
    return db.session.scalar(
        select(CourseVersion).where(
            CourseVersion.course_id == course.id, CourseVersion.number == number
        )
    )


@dataclass
class ShownFile:
    path: str
    size: int
    text: str | None  # None for media


def version_files(course: Course, version: CourseVersion) -> list[ShownFile]:
    """The files of a version in folder order; raises store.NoSource if they were never kept."""
    files = store.version_source(version, course.slug).files
    return [
        ShownFile(p, len(files[p]), diff.text_of(files[p]) if diff.is_text_path(p) else None)
        for p in sorted(files, key=diff.file_order)
    ]


def restore_changes(course: Course, version: CourseVersion) -> list[diff.FileChange]:
    """What restoring `version` would change in the current draft (or the live files).

    Raises store.NoSource when `version`'s own files were never kept.
    """
    files = store.version_source(version, course.slug).files
    if store.draft_of(course.id) is not None:
        current = store.draft_source(course).files
    elif course.live_version is not None:
        current = store.version_files(course.live_version.id)
    else:
        current = {}
    return diff.compare(current, files)


def restore(course: Course, version: CourseVersion, user_id: int) -> None:
    """Make the version's files the draft (the live version is not changed until published)."""
    files = store.version_source(version, course.slug).files
    store.start_draft(course, user_id, files=dict(files), replace=True)
    record(user_id, "course.restore_draft", "course", course.id, version=version.number)
    db.session.commit()


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
