"""course.md -> CourseSpec: the course's settings, its overview page and its final exam."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from . import messages as msg
from .folder import SLUG, Report
from .frontmatter import FrontMatter
from .module import drop_title, report_links
from .render import Linker, plain_text, render_with_toc
from .sections import section_quiz, split_sections
from .settings import (
    COURSE_KEYS,
    check_keys,
    read_bool,
    read_front_matter,
    read_int,
    read_text,
    unreadable,
)
from .source import CourseSource
from .spec import CourseSpec, MediaFile, ModuleSpec

DEFAULT_PASS_PERCENT = 70
DEFAULT_CATEGORY = "umum"
MAX_LEVEL = 5  # competency levels run 1..5


def parse_course_md(
    source: CourseSource,
    text: str,
    report: Report,
    linker: Linker,
    known_competencies: Collection[str] | None,
    modules: list[ModuleSpec],
    media: dict[str, MediaFile],
) -> CourseSpec | None:
    """Read course.md; the spec needs a title and `jp`, its problems go to `report`."""
    fm = read_front_matter(text, report)
    settings = course_settings(fm, report, known_competencies)
    content, section = split_sections(fm.body, fm.body_offset, report, "exam")
    exam = section_quiz(section, fm, "exam", report, linker)
    if settings["pretest"] and section is None:
        report(fm.line("pretest"), msg.PRETEST_WITHOUT_EXAM)
    overview_source = "\n".join(content)
    overview_html, _ = render_with_toc(drop_title(overview_source, settings["title"]), linker)
    report_links(linker, fm.body, fm.body_offset, report)
    if not settings["title"] or settings["jp"] is None:
        return None
    texts = [settings["title"], settings["summary"], plain_text(overview_source)]
    texts += [f"{m.title} {m.text}" for m in modules]
    return CourseSpec(
        slug=source.slug,
        **settings,
        overview_html=overview_html,
        modules=tuple(modules),
        exam=exam,
        media=tuple(media[name] for name in sorted(media)),
        content_hash=source.content_hash(),
        text=" ".join(texts),
    )


def course_settings(
    fm: FrontMatter, report: Report, known_competencies: Collection[str] | None
) -> dict[str, Any]:
    """The settings of course.md's front matter by CourseSpec field; `jp` None when missing."""
    check_keys(fm, COURSE_KEYS, report)
    category = read_text(fm, report, "category") or DEFAULT_CATEGORY
    if not SLUG.match(category):
        report(fm.line("category"), msg.CATEGORY_NOT_SLUG)
    jp = read_int(fm, report, ("jp",), 1, 1000)
    if jp is None and fm.data.get("jp") is None and not unreadable(fm):
        report(fm.line("jp"), msg.JP_REQUIRED)
    return {
        "title": read_text(fm, report, "title", required=True),
        "summary": read_text(fm, report, "summary"),
        "category": category,
        "jp": jp,
        "competencies": _competencies(fm, report, known_competencies),
        "pass_percent": read_int(fm, report, ("pass_percent",), 0, 100, DEFAULT_PASS_PERCENT),
        "pretest": read_bool(fm, report, ("pretest",)),
        "valid_years": read_int(fm, report, ("valid_years",), 1, 100),
    }


def _competencies(fm: FrontMatter, report: Report, known: Collection[str] | None) -> tuple:
    raw = fm.data.get("competencies")
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        report(fm.line("competencies"), msg.COMPETENCIES_NOT_MAPPING)
        return ()
    result = []
    for code, level in raw.items():
        line = fm.line("competencies", str(code))
        code = str(code)
        if known is not None and code not in known:
            report(line, msg.COMPETENCY_UNKNOWN.format(code=code))
            continue
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= MAX_LEVEL:
            report(line, msg.COMPETENCY_LEVEL.format(code=code, level=level))
            continue
        result.append((code, level))
    return tuple(result)
