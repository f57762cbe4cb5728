"""course.md -> CourseSpec: the course's settings, its overview page, its final exam, pre-test
and workplace task."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Any

from . import messages as msg
from .folder import SLUG, Report
from .frontmatter import FrontMatter
from .module import drop_title, report_links
from .render import Linker, plain_text, render_with_toc
from .sections import check_blueprint, section_quiz, split_sections, tag_modules
from .settings import (
    COURSE_KEYS,
    check_keys,
    read_front_matter,
    read_int,
    read_quiz_settings,
    read_text,
    unreadable,
)
from .source import CourseSource
from .spec import CourseSpec, MediaFile, ModuleSpec, Quiz
from .task import parse_task

DEFAULT_PASS_PERCENT = 70
DEFAULT_CATEGORY = "umum"
DEFAULT_FOLLOW_UP_DAYS = 60  # the follow-up evaluation asks two months after completion
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
    content, sections = split_sections(fm.body, fm.body_offset, report, "course")
    quizzes = _quizzes(fm, sections, modules, report, linker)
    settings["pretest"] = quizzes.pop("pretest_on")
    task = parse_task(sections.get("task"), fm, report, linker)
    if "task" in sections and "exam" not in sections:
        report(sections["task"].line, msg.TASK_WITHOUT_EXAM)
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
        **quizzes,
        task=task,
        jp_line=fm.line("jp") or 1,
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
        "pretest": False,  # decided with the sections: see _pretest_on
        "valid_years": read_int(fm, report, ("valid_years",), 1, 100),
        "follow_up_days": _follow_up_days(fm, report),
    }


def _quizzes(
    fm: FrontMatter, sections: dict, modules: list[ModuleSpec], report: Report, linker: Linker
) -> dict[str, Any]:
    """The final exam, the pre-test's own questions and settings, and whether a pre-test is
    offered (`pretest_on`)."""
    slugs = [m.slug for m in modules]

    def read(kind: str) -> Quiz | None:
        quiz = section_quiz(sections.get(kind), fm, kind, report, linker)
        return tag_modules(quiz, slugs, report)

    exam, pretest_quiz = read("exam"), read("pretest")
    pretest_on = _pretest_on(fm, report, "pretest" in sections)
    if pretest_on and "pretest" not in sections and exam is None and "exam" not in sections:
        report(fm.line("pretest"), msg.PRETEST_WITHOUT_EXAM)
    check_blueprint(exam, slugs, fm, "exam", report)
    # Without questions of its own, the pre-test draws from the exam pool by its blueprint.
    pool = _pretest_pool(fm, report, pretest_quiz, exam)
    check_blueprint(pool, slugs, fm, "pretest", report)
    return {
        "exam": exam,
        "pretest_quiz": pretest_quiz,
        "pretest_settings": pool.settings if pool and pretest_on else None,
        "pretest_on": pretest_on,
    }


def _pretest_on(fm: FrontMatter, report: Report, has_section: bool) -> bool:
    """`pretest: true`, pre-test settings, or a `## Pre-test` section switch the pre-test on;
    `pretest: false` beside such a section is a contradiction."""
    raw = fm.data.get("pretest")
    if raw is None:
        return has_section
    if isinstance(raw, bool):
        if not raw and has_section:
            report(fm.line("pretest"), msg.PRETEST_SECTION_OFF)
        return raw
    if isinstance(raw, dict):
        return True  # its settings are read with the pre-test's questions
    report(fm.line("pretest"), msg.PRETEST_NOT_SETTINGS.format(value=raw))
    return False


def _pretest_pool(fm: FrontMatter, report: Report, own: Quiz | None, exam: Quiz | None):
    """The quiz a pre-test draws from: its own section, else the exam's questions with the
    pre-test's settings (their problems were reported when they were first read)."""
    if own is not None or exam is None or not isinstance(fm.data.get("pretest"), dict):
        return own
    settings = read_quiz_settings(fm, lambda line, message: None, "pretest")
    if settings is None:
        return None
    if settings.draw is not None and settings.draw > len(exam.questions):
        count = len(exam.questions)
        report(
            fm.line("pretest", "draw"), msg.DRAW_TOO_LARGE.format(draw=settings.draw, count=count)
        )
    return replace(exam, settings=settings)


def _follow_up_days(fm: FrontMatter, report: Report) -> int:
    value = fm.data.get("follow_up_days")
    if value is None:
        return DEFAULT_FOLLOW_UP_DAYS
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 365:
        report(fm.line("follow_up_days"), msg.FOLLOW_UP_DAYS)
        return DEFAULT_FOLLOW_UP_DAYS
    return value


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
