"""The workplace task section of course.md: instructions and rubric, every problem at its line."""

from __future__ import annotations

from elearn.content import messages as msg
from elearn.content.frontmatter import split_front_matter
from elearn.content.render import Linker
from elearn.content.sections import Section
from elearn.content.task import parse_task

GOOD = """---
title: Uji
task:
  due_days: 14
  pass_level: 2
---
Petunjuk: susun **daftar** layanan unit Anda.

### Rubrik

#### Ketepatan data
- 1: Banyak data salah
- 2: Sedikit data salah,
  mudah diperbaiki
- 3: Semua data benar

#### Kerapian
- 1: Sulit dibaca
- 2: Mudah dibaca
"""


def parse(text: str, heading_line: int | None = None):
    """parse_task over a whole text whose body (after front matter) is the section."""
    fm = split_front_matter(text)
    problems: list[tuple[int, str]] = []
    line = heading_line if heading_line is not None else fm.body_offset
    section = Section(line, fm.body.split("\n"))
    task = parse_task(section, fm, lambda n, m: problems.append((n, m)), Linker())
    return task, problems


def test_a_good_task_reads_instructions_rubric_and_settings():
    task, problems = parse(GOOD)
    assert problems == []
    assert "<strong>daftar</strong>" in task.instructions_html
    assert "Rubrik" not in task.instructions_html
    assert [c.name for c in task.criteria] == ["Ketepatan data", "Kerapian"]
    assert task.criteria[0].levels[1] == "Sedikit data salah, mudah diperbaiki"
    assert (task.due_days, task.pass_level) == (14, 2)
    assert task.rubric()[1] == {"name": "Kerapian", "levels": ["Sulit dibaca", "Mudah dibaca"]}


def test_defaults_are_thirty_days_and_level_three():
    text = GOOD.replace("task:\n  due_days: 14\n  pass_level: 2\n", "").replace(
        "- 2: Mudah dibaca", "- 2: Mudah dibaca\n- 3: Rapi sekali"
    )
    task, problems = parse(text)
    assert problems == []
    assert (task.due_days, task.pass_level) == (30, 3)


def test_a_pass_level_above_a_criterion_is_reported_at_the_setting():
    task, problems = parse(GOOD.replace("pass_level: 2", "pass_level: 3"))
    assert problems == [(5, msg.TASK_LEVEL_TOO_HIGH.format(level=3, name="Kerapian", top=2))]


def test_levels_out_of_order_empty_and_stray_lines_are_reported_at_their_lines():
    text = GOOD.replace("- 3: Semua data benar", "- 4: Semua data benar").replace(
        "- 1: Sulit dibaca", "Teks lepas\n- 1:"
    )
    _, problems = parse(text)
    assert (15, msg.TASK_LEVEL_ORDER.format(number=4, previous=2, expected=3)) in problems
    assert (18, msg.TASK_LEVEL_LINE) in problems
    assert (19, msg.TASK_LEVEL_EMPTY.format(number=1)) in problems


def test_a_criterion_with_one_level_or_twice_is_reported():
    text = GOOD.replace("- 2: Mudah dibaca", "") + "\n#### Kerapian\n- 1: a\n- 2: b\n"
    task, problems = parse(text)
    assert (17, msg.TASK_CRITERION_LEVELS.format(name="Kerapian")) in problems
    assert (21, msg.TASK_CRITERION_TWICE.format(name="Kerapian", line=17)) in problems


def test_no_rubric_no_criteria_and_no_instructions_are_reported():
    assert parse("---\ntitle: x\n---\nKerjakan.\n") == (None, [(3, msg.TASK_NO_RUBRIC)])
    task, problems = parse("---\ntitle: x\n---\nKerjakan.\n\n### Rubrik\n\nteks\n")
    assert task is None
    assert problems == [(8, msg.TASK_LEVEL_LINE), (6, msg.TASK_NO_CRITERIA)]
    task, problems = parse("---\ntitle: x\n---\n### Rubrik\n#### A\n- 1: a\n- 2: b\n- 3: c\n")
    assert task is None
    assert problems == [(3, msg.TASK_NO_INSTRUCTIONS)]


def test_settings_without_the_section_and_bad_settings_are_reported():
    fm = split_front_matter("---\ntitle: x\ntask:\n  due_days: 0\n  other: 1\n---\n")
    problems: list[tuple[int, str]] = []
    assert parse_task(None, fm, lambda n, m: problems.append((n, m)), Linker()) is None
    lines = [line for line, _ in problems]
    assert lines == [5, 4, 3]
    assert problems[2][1] == msg.SETTINGS_WITHOUT_SECTION.format(
        key="task", heading="## Tugas Penerapan"
    )
    fm = split_front_matter("---\ntask: 30\n---\n")
    problems.clear()
    parse_task(None, fm, lambda n, m: problems.append((n, m)), Linker())
    assert problems[0] == (2, msg.TASK_SETTINGS_NOT_MAPPING)


def test_course_md_carries_its_task_and_a_task_needs_the_exam():
    from elearn.content.parse import parse_course
    from elearn.content.source import CourseSource

    module = "---\ntitle: M\nminutes: 5\n---\n\n# M\n\nIsi.\n"
    exam = "\n## Ujian Akhir\n\n### Q? {#q}\n- [x] a\n- [ ] b\n"
    task = GOOD.split("---\n", 2)[2]
    head = "---\ntitle: T\njp: 1\ntask:\n  pass_level: 2\n---\n\n# T\n\nIkhtisar.\n"
    files = {"course.md": (head + exam + "\n## Tugas Penerapan\n\n" + task).encode()}
    files["01-m.md"] = module.encode()
    spec, problems = parse_course(CourseSource("uji", files, "uji"))
    assert problems == []
    assert [c.name for c in spec.task.criteria] == ["Ketepatan data", "Kerapian"]
    assert "Rubrik" not in spec.overview_html
    files["course.md"] = (head + "\n## Tugas Penerapan\n\n" + task).encode()
    spec, problems = parse_course(CourseSource("uji", files, "uji"))
    assert [p.message for p in problems] == [msg.TASK_WITHOUT_EXAM]
    assert problems[0].line == 12  # the section heading
