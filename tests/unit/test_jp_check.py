"""The JP warning: a course's `jp` follows from its modules' `minutes` and its workplace task's
(1 JP = 45 minutes, within one JP), once every module writes its minutes."""

from __future__ import annotations

import pytest

from elearn.content import item_checks as ic
from elearn.content.parse import parse_course
from elearn.content.source import CourseSource

TASK = (
    "\n## Ujian Akhir\n\n### Soal {#u1}\n- [x] Ya\n- [ ] Tidak\n\n> Karena.\n\n"
    "## Tugas Penerapan\n\nSusun daftar.\n\n### Rubrik\n\n#### Isi\n"
    "- 1: Kurang\n- 2: Cukup\n- 3: Baik\n"
)


def course(jp: int, *minutes: int | None, task: int | None = None) -> tuple:
    """A course of modules with these minutes; `task`: a workplace task of that many minutes
    (0: a task without `minutes`)."""
    head = f"---\ntitle: Uji\njp: {jp}\n"
    if task is not None:
        head += f"task:\n  minutes: {task}\n" if task else ""
    text = head + "---\n\nIkhtisar.\n" + (TASK if task is not None else "")
    files = {"course.md": text.encode()}
    for number, value in enumerate(minutes, start=1):
        head = f"minutes: {value}\n" if value is not None else ""
        text = f"---\ntitle: Modul {number}\n{head}---\n\nBacaan.\n"
        files[f"0{number}-modul-{number}.md"] = text.encode()
    spec, problems = parse_course(CourseSource("uji", files, "uji"))
    assert problems == []
    return spec


def jp_texts(spec) -> list[tuple[str, int, str]]:
    return [
        (p.path, p.line, p.message)
        for p in ic.course_warnings(spec)
        if p.message.startswith("`jp:") or p.message == ic.TASK_WITHOUT_MINUTES
    ]


@pytest.mark.parametrize(
    ("jp", "minutes", "warns"),
    [
        (4, (90, 90), False),  # exactly 4 JP
        (4, (70, 65), False),  # 135 minutes: 3 JP, one JP below
        (4, (120, 105), False),  # 225 minutes: 5 JP, one JP above
        (4, (70, 64), True),  # 134 minutes: more than one JP below
        (4, (120, 106), True),  # 226 minutes
        (1, (35,), False),
        (5, (35, 40, 35), True),  # 110 minutes is about 2,4 JP
    ],
)
def test_jp_is_within_one_jp_of_the_minutes(jp, minutes, warns):
    assert bool(jp_texts(course(jp, *minutes))) is warns


def test_the_warning_names_the_jp_line_and_the_figures():
    assert jp_texts(course(5, 35, 40, 35)) == [
        (
            "course.md",
            3,  # the `jp:` line
            ic.JP_MISMATCH.format(jp=5, minutes=110, fits="2,4"),
        )
    ]


def test_modules_that_leave_minutes_to_the_estimate_are_not_checked():
    assert jp_texts(course(20, 30, None)) == []
    assert jp_texts(course(20, 30, 30)) != []


def test_the_task_minutes_count_towards_the_jp_and_the_duration():
    spec = course(3, 45, 45, task=90)
    assert spec.total_minutes == 180
    assert jp_texts(spec) == []  # 4 JP of study, credited 3: within one JP
    assert jp_texts(course(2, 45, 45, task=90)) != []  # the task is what makes 2 JP too few
    assert jp_texts(course(2, 45, 45)) == []  # the same modules without a task fit 2 JP


def test_a_task_without_minutes_is_named_instead_of_a_jp_that_leaves_it_out():
    assert jp_texts(course(2, 45, 45, task=0)) == [("course.md", 3, ic.TASK_WITHOUT_MINUTES)]
    assert jp_texts(course(2, 45, None, task=0)) == []  # no module plan: nothing checked


def test_task_minutes_out_of_range_are_a_problem():
    text = "---\ntitle: Uji\njp: 1\ntask:\n  minutes: 0\n---\n\nI.\n" + TASK
    _, problems = parse_course(CourseSource("uji", {"course.md": text.encode()}, "uji"))
    assert ("uji/course.md", 5, "`task.minutes` harus bilangan bulat 1–2400; tertulis `0`") in [
        (p.path, p.line, p.message) for p in problems
    ]


def test_shipped_courses_have_no_jp_warning():
    from elearn.content.source import load_course_dir
    from tests.helpers import COURSES

    for folder in sorted(p for p in COURSES.iterdir() if p.is_dir()):
        spec, _ = parse_course(load_course_dir(folder, folder.name))
        if spec is not None:
            assert jp_texts(spec) == [], folder.name
