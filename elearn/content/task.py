"""The workplace task of course.md (`## Tugas Penerapan`): instructions, then a rubric.

    ## Tugas Penerapan
    Petunjuk dalam Markdown ...

    ### Rubrik

    #### Ketepatan data
    - 1: Banyak data salah
    - 2: ...

The rubric is read line by line, so every problem points at the line that has it.
"""

from __future__ import annotations

import re

from . import messages as msg
from .folder import Report
from .frontmatter import FrontMatter
from .render import Linker, render_block
from .settings import check_keys, read_int
from .spec import Criterion, TaskSpec

TASK_KEYS = ("due_days", "pass_level", "minutes")
RUBRIC_HEADINGS = ("### rubrik", "### rubric")
DEFAULT_DUE_DAYS = 30
DEFAULT_PASS_LEVEL = 3
MAX_LEVELS = 10
# The learner's own working time the task asks for; a week of full days is already too much.
MAX_TASK_MINUTES = 2400
CRITERION = re.compile(r"^####\s+(.+?)\s*#*\s*$")
LEVEL = re.compile(r"^\s{0,3}[-*+]\s+(\d+)\s*[:.)]\s*(.*)$")
CONTINUATION = re.compile(r"^\s{2,}\S")


class _Rubric:
    """The criteria read so far, and the one whose levels are being read."""

    def __init__(self, report: Report):
        self.report = report
        self.criteria: list[Criterion] = []
        self.seen: dict[str, int] = {}
        self.name = ""
        self.line = 0
        self.levels: list[str] = []

    def start(self, name: str, line: int) -> None:
        self.close()
        key = name.casefold()
        if key in self.seen:
            self.report(line, msg.TASK_CRITERION_TWICE.format(name=name, line=self.seen[key]))
        else:
            self.seen[key] = line
        self.name, self.line, self.levels = name, line, []

    def level(self, number: int, text: str, line: int) -> None:
        expected = len(self.levels) + 1
        if number != expected:
            previous = len(self.levels)
            self.report(
                line,
                msg.TASK_LEVEL_ORDER.format(number=number, previous=previous, expected=expected),
            )
        if not text:
            self.report(line, msg.TASK_LEVEL_EMPTY.format(number=number))
        self.levels.append(text)

    def continue_level(self, text: str) -> None:
        self.levels[-1] = f"{self.levels[-1]} {text}".strip()

    def close(self) -> None:
        if not self.name:
            return
        if len(self.levels) < 2 or len(self.levels) > MAX_LEVELS:
            self.report(self.line, msg.TASK_CRITERION_LEVELS.format(name=self.name))
        elif self.seen.get(self.name.casefold()) == self.line:
            self.criteria.append(Criterion(self.name, tuple(self.levels), self.line))
        self.name = ""


def read_task_settings(fm: FrontMatter, report: Report) -> tuple[int, int, int]:
    """(due_days, pass_level, minutes) of `task:`, defaults for what is missing or wrong."""
    defaults = DEFAULT_DUE_DAYS, DEFAULT_PASS_LEVEL, 0
    raw = fm.data.get("task")
    if raw is None:
        return defaults
    if not isinstance(raw, dict):
        report(fm.line("task"), msg.TASK_SETTINGS_NOT_MAPPING)
        return defaults
    check_keys(fm, TASK_KEYS, report, ("task",))
    due = read_int(fm, report, ("task", "due_days"), 1, 365, DEFAULT_DUE_DAYS)
    level = read_int(fm, report, ("task", "pass_level"), 1, MAX_LEVELS, DEFAULT_PASS_LEVEL)
    minutes = read_int(fm, report, ("task", "minutes"), 1, MAX_TASK_MINUTES, 0)
    return due, level, minutes


def parse_task(section, fm: FrontMatter, report: Report, linker: Linker) -> TaskSpec | None:
    """The task of a `## Tugas Penerapan` section (`section.line`, `section.lines`), or None.

    `task:` settings without the section are reported; so is a section without a rubric.
    """
    due_days, pass_level, minutes = read_task_settings(fm, report)
    if section is None:
        if "task" in fm.data:
            report(
                fm.line("task"),
                msg.SETTINGS_WITHOUT_SECTION.format(key="task", heading="## Tugas Penerapan"),
            )
        return None
    lines = list(section.lines)
    first = section.line + 1  # the file line of lines[0]
    start = next(
        (i for i, text in enumerate(lines) if text.strip().casefold() in RUBRIC_HEADINGS), None
    )
    instructions = "\n".join(lines if start is None else lines[:start]).strip()
    if not instructions:
        report(section.line, msg.TASK_NO_INSTRUCTIONS)
    if start is None:
        report(section.line, msg.TASK_NO_RUBRIC)
        return None
    criteria = _read_rubric(lines[start + 1 :], first + start + 1, report)
    if not criteria:
        report(first + start, msg.TASK_NO_CRITERIA)
        return None
    for criterion in criteria:
        if len(criterion.levels) < pass_level:
            top = len(criterion.levels)
            report(
                fm.line("task", "pass_level"),
                msg.TASK_LEVEL_TOO_HIGH.format(level=pass_level, name=criterion.name, top=top),
            )
    if not instructions:
        return None
    html = render_block(instructions, linker)
    return TaskSpec(html, tuple(criteria), due_days, pass_level, minutes)


def _read_rubric(lines: list[str], first: int, report: Report) -> list[Criterion]:
    rubric = _Rubric(report)
    for index, text in enumerate(lines):
        line = first + index
        if not text.strip():
            continue
        heading = CRITERION.match(text)
        level = LEVEL.match(text)
        if heading:
            rubric.start(heading.group(1), line)
        elif level and rubric.name:
            rubric.level(int(level.group(1)), " ".join(level.group(2).split()), line)
        elif CONTINUATION.match(text) and rubric.name and rubric.levels:
            rubric.continue_level(" ".join(text.split()))
        else:
            report(line, msg.TASK_LEVEL_LINE)
    rubric.close()
    return rubric.criteria
