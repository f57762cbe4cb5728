"""The question section of a file (`## Kuis` in a module, `## Ujian Akhir` in course.md):
cut out of the page text, then read as a quiz with its settings."""

from __future__ import annotations

from dataclasses import dataclass

from . import messages as msg
from .folder import Report
from .frontmatter import FrontMatter
from .quiz import parse_questions, section_kind, top_level_blocks
from .render import Linker, markdown
from .settings import read_quiz_settings
from .spec import Quiz, QuizSettings

HEADINGS = {"quiz": "## Kuis", "exam": "## Ujian Akhir"}


@dataclass(frozen=True)
class Section:
    line: int  # the file line of its heading
    lines: list[str]  # the lines below the heading, up to the next level-2 heading


def split_sections(
    body: str, body_offset: int, report: Report, expected: str
) -> tuple[list[str], Section | None]:
    """Cut the quiz or exam section out of a body; return the content lines and the section."""
    lines = body.split("\n")
    h2_starts = _level2_headings(body)
    content: list[str] = []
    section: Section | None = None
    cursor = 0
    for number, (start, heading, _) in enumerate(h2_starts):
        kind = section_kind(heading)
        if kind is None:
            continue
        following = h2_starts[number + 1] if number + 1 < len(h2_starts) else None
        end = following[0] if following else len(lines)
        line = body_offset + start + 1
        if kind != expected:
            report(line, msg.EXAM_IN_MODULE if expected == "quiz" else msg.QUIZ_IN_COURSE)
        elif section is not None:
            report(line, msg.SECTION_TWICE.format(line=section.line))
        else:
            section = Section(line, lines[start + 1 : end])
            if following and following[2] != "##":
                # `text` over `---` is a level-2 heading: the questions after it would be
                # shown as content, answers and all, where a separator line was meant.
                report(body_offset + end + 1, msg.SETEXT_CLOSES_SECTION)
        content.extend(lines[cursor:start])
        cursor = end
    content.extend(lines[cursor:])
    return content, section


def _level2_headings(body: str) -> list[tuple[int, str, str]]:
    """(body line index, text, markup) of every top-level `##` heading of a body."""
    tokens = markdown().parse(body, {})
    return [
        (opener.map[0], block[1].content, opener.markup)
        for opener, block in top_level_blocks(tokens)
        if opener.type == "heading_open" and opener.tag == "h2"
    ]


def section_quiz(
    section: Section | None, fm: FrontMatter, settings_key: str, report: Report, linker: Linker
) -> Quiz | None:
    """The quiz of a section, with the settings of `settings_key` (`quiz` or `exam`)."""
    settings = read_quiz_settings(fm, report, settings_key)
    if section is None:
        if settings_key in fm.data:
            report(
                fm.line(settings_key),
                msg.SETTINGS_WITHOUT_SECTION.format(
                    key=settings_key, heading=HEADINGS[settings_key]
                ),
            )
        return None
    questions, intro, written = parse_questions(section.lines, section.line + 1, report, linker)
    draw = settings.draw if settings else None
    # Every question written counts: a broken one is reported at its own line, and the
    # pool it will belong to once fixed is what `draw` is compared with.
    if draw is not None and draw > written:
        report(fm.line(settings_key, "draw"), msg.DRAW_TOO_LARGE.format(draw=draw, count=written))
    if not questions:
        if not any(s.lstrip().startswith("###") for s in section.lines):
            report(section.line, msg.SECTION_WITHOUT_QUESTIONS)
        return None
    return Quiz(settings or QuizSettings(), tuple(questions), intro, section.line)
