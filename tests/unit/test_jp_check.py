"""The JP warning: a course's `jp` follows from its modules' `minutes` (1 JP = 45 minutes,
within one JP), once every module writes its minutes."""

from __future__ import annotations

import pytest

from elearn.content import item_checks as ic
from elearn.content.parse import parse_course
from elearn.content.source import CourseSource


def course(jp: int, *minutes: int | None) -> tuple:
    files = {"course.md": f"---\ntitle: Uji\njp: {jp}\n---\n\nIkhtisar.\n".encode()}
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
        if p.message.startswith("`jp:")
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


def test_shipped_courses_have_no_jp_warning():
    from elearn.content.source import load_course_dir
    from tests.helpers import COURSES

    for folder in sorted(p for p in COURSES.iterdir() if p.is_dir()):
        spec, _ = parse_course(load_course_dir(folder, folder.name))
        if spec is not None:
            assert jp_texts(spec) == [], folder.name
