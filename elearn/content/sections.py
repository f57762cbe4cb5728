"""The special sections of a file (`## Kuis` and `## Renungkan` in a module; `## Ujian Akhir`,
`## Pre-test` and `## Tugas Penerapan` in course.md): cut out of the page text, the questions
read as a quiz, a reflection shown in a box of its own above the learner's private note."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from . import messages as msg
from .folder import Report
from .frontmatter import FrontMatter
from .quiz import parse_questions, section_kind, top_level_blocks
from .render import Linker, markdown
from .settings import read_quiz_settings
from .spec import Quiz, QuizSettings

HEADINGS = {
    "quiz": "## Kuis",
    "exam": "## Ujian Akhir",
    "pretest": "## Pre-test",
    "task": "## Tugas Penerapan",
    "reflect": "## Renungkan",
}
# What each kind of file may hold; a section of another kind is reported, not shown.
FILE_SECTIONS = {"module": ("quiz", "reflect"), "course": ("exam", "pretest", "task")}


@dataclass(frozen=True)
class Section:
    line: int  # the file line of its heading
    lines: list[str]  # the lines below the heading, up to the next level-2 heading


def split_sections(
    body: str, body_offset: int, report: Report, file_kind: str = "course"
) -> tuple[list[str], dict[str, Section]]:
    """Cut the special sections (questions, a workplace task) out of a body; return the
    content lines and the sections by kind."""
    lines = body.split("\n")
    h2_starts = _level2_headings(body)
    allowed = FILE_SECTIONS[file_kind]
    content: list[str] = []
    sections: dict[str, Section] = {}
    cursor = 0
    for number, (start, heading, _) in enumerate(h2_starts):
        kind = section_kind(heading)
        if kind is None:
            continue
        following = h2_starts[number + 1] if number + 1 < len(h2_starts) else None
        end = following[0] if following else len(lines)
        line = body_offset + start + 1
        if kind not in allowed:
            report(line, _misplaced(kind))
        elif kind in sections:
            report(line, msg.SECTION_TWICE.format(line=sections[kind].line))
        else:
            sections[kind] = Section(line, lines[start + 1 : end])
            if following and following[2] != "##":
                # `text` over `---` is a level-2 heading: the questions after it would be
                # shown as content, answers and all, where a separator line was meant.
                report(body_offset + end + 1, msg.SETEXT_CLOSES_SECTION)
        content.extend(lines[cursor:start])
        cursor = end
    content.extend(lines[cursor:])
    return content, sections


def _misplaced(kind: str) -> str:
    if kind == "exam":
        return msg.EXAM_IN_MODULE
    if kind == "quiz":
        return msg.QUIZ_IN_COURSE
    if kind == "reflect":
        return msg.REFLECT_IN_COURSE
    return msg.COURSE_SECTION_IN_MODULE.format(heading=HEADINGS[kind])


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
    """The quiz of a section, with the settings of `settings_key` (`quiz`, `exam` or
    `pretest`)."""
    raw = fm.data.get(settings_key)
    # `pretest: true` switches the pre-test on without settings (coursefile reads the value).
    own_settings = settings_key != "pretest" or isinstance(raw, dict)
    settings = read_quiz_settings(fm, report, settings_key) if own_settings else None
    if section is None:
        if settings_key in fm.data and settings_key != "pretest":
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


def own_module(quiz: Quiz | None, slug: str) -> Quiz | None:
    """A module quiz's questions all test that module."""
    if quiz is None:
        return None
    return replace(quiz, questions=tuple(replace(q, module=slug) for q in quiz.questions))


def tag_modules(quiz: Quiz | None, slugs: Collection[str], report: Report) -> Quiz | None:
    """Give each exam or pre-test question the module one of its tags names (if any)."""
    if quiz is None:
        return None
    questions = []
    for question in quiz.questions:
        named = [tag for tag in question.tags if tag in slugs]
        if len(named) > 1:
            report(question.line, msg.TWO_MODULES.format(first=named[0], second=named[1]))
        questions.append(replace(question, module=named[0] if named else None))
    return replace(quiz, questions=tuple(questions))


def check_blueprint(
    quiz: Quiz | None, slugs: Sequence[str], fm: FrontMatter, key: str, report: Report
) -> None:
    """`draw_per_module: N` needs N questions of every module, and `draw` room for them."""
    per_module = quiz.settings.draw_per_module if quiz else None
    if quiz is None or per_module is None:
        return
    line = fm.line(key, "draw_per_module")
    for slug in slugs:
        have = sum(1 for q in quiz.questions if q.module == slug)
        if have < per_module:
            report(
                line,
                msg.DRAW_PER_MODULE_SHORT.format(key=key, count=per_module, module=slug, have=have),
            )
    need = per_module * len(slugs)
    if quiz.settings.draw is not None and quiz.settings.draw < need:
        report(
            fm.line(key, "draw"),
            msg.DRAW_BELOW_BLUEPRINT.format(key=key, draw=quiz.settings.draw, need=need),
        )
