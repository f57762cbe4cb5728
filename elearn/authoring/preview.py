"""The editor's preview: a module as learners will see it, its quiz with the answer key,
and the problems and item-writing warnings of the file being edited, by line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import current_app, url_for

from ..content import outline
from ..content.frontmatter import split_front_matter
from ..content.item_checks import quiz_warnings
from ..content.parse import DEFAULT_PASS_PERCENT, UrlScheme, parse_course, parse_file
from ..content.source import CourseSource
from ..content.spec import CourseSpec, ModuleSpec, Problem, Quiz
from ..models import (
    Course,
)
from ..publishing.services import known_competencies
from . import store
from .drafts import decode_text, encode_text

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
    pass_percent: int = DEFAULT_PASS_PERCENT
    overview_html: str = ""
    quiz: Quiz | None = None
    pretest_quiz: Quiz | None = None  # course.md's own `## Pre-test` questions
    warnings: list[Problem] = field(default_factory=list)  # item-writing, of this file's quizzes
    excerpts: dict[int, list[tuple[int, str]]] = field(default_factory=dict)


def preview(course: Course, path: str, text: str | None = None) -> Preview:
    """Render one draft file as learners would see it, with the problems of that file.

    `text` replaces the stored text of `path` (the editor's unsaved text). The whole draft
    is parsed, because a file's problems can depend on the others (links, media, slugs).
    """
    files = dict(store.draft_source(course).files)
    if text is not None:
        files[path] = encode_text(text)
    source = CourseSource(course.slug, files, "")
    settings = _parse_settings()
    urls = _preview_urls(course.slug, files)
    spec, problems = parse_course(source, urls=urls, **settings)
    here = [p for p in problems if p.path == path]
    own_text = decode_text(files.get(path, b""))
    result = Preview(
        path=path,
        kind="course" if path == "course.md" else "module" if outline.is_module(path) else "other",
        lines=own_text.split("\n"),
        problems=here,
        other_problems=len(problems) - len(here),
        exact=spec is not None,
    )
    names = outline.module_names(files)
    result.total = len(names)
    if spec is not None:
        if result.kind == "module":
            result.module = next((m for m in spec.modules if m.filename == path), None)
        _show_course(result, spec)
    else:
        # Nothing is published while any file has a problem, but a trainer in the middle
        # of an edit still needs to see the rest of this file.
        found = parse_file(source, path, urls=urls, **settings)
        result.module = found.module
        if found.course is not None:
            _show_course(result, found.course)
    if result.module is not None:
        result.position = names.index(path) + 1 if path in names else result.module.position
        result.quiz = result.module.quiz
    result.warnings = _warnings(result)
    result.excerpts = excerpts(result.lines, [p.line for p in (*here, *result.warnings)])
    if result.kind == "module" and "course.md" in files:
        result.pass_percent = _course_pass_percent(files["course.md"])
    return result


def _show_course(result: Preview, spec: CourseSpec) -> None:
    result.title, result.summary, result.jp = spec.title, spec.summary, spec.jp
    result.pass_percent = spec.pass_percent
    result.overview_html, result.quiz = spec.overview_html, spec.exam
    result.pretest_quiz = spec.pretest_quiz


def _warnings(result: Preview) -> list[Problem]:
    """The item-writing warnings of the file's quizzes, read from what was just parsed: a
    question with a problem is left out of its quiz, so its warnings wait for the fix."""
    found = []
    if result.quiz is not None:
        found += quiz_warnings(result.quiz, exam=result.kind == "course", module_count=result.total)
    if result.kind == "course" and result.pretest_quiz is not None:
        found += quiz_warnings(result.pretest_quiz)
    return [Problem(result.path, line, message) for line, message in sorted(set(found))]


def _course_pass_percent(data: bytes) -> int:
    value = split_front_matter(decode_text(data)).data.get("pass_percent")
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100
    return value if ok else DEFAULT_PASS_PERCENT


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
