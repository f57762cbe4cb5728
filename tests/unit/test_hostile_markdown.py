"""Hostile Markdown finishes in bounded work (issue 12, finding 3): every payload of
bench/hostile_markdown.py is read within its file's budget of work units (markdown-it rule
calls and tokens), or refused with a problem; files over the size limit are not parsed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench.hostile_markdown import PAYLOADS, course_with, module_text
from elearn.content import budget
from elearn.content.folder import MAX_MARKDOWN_BYTES
from elearn.content.parse import parse_course, parse_file
from elearn.content.render import plain_text
from elearn.content.source import load_course_dir

COURSES = Path(__file__).resolve().parents[2] / "courses"
TOO_COMPLEX = "berkas terlalu rumit untuk diproses"


def checked(text: str):
    """The problems of a course whose module is TEXT, and the rule calls spent on it."""
    with budget.budget(10**12) as spent:
        _, problems = parse_course(course_with(text))
    return problems, spent.spent


# course.md of the test course is tiny: its own budget is all it may add.
COURSE_MD_UNITS = budget.BASE_UNITS


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_each_hostile_payload_stays_within_its_budget(kind):
    text = module_text(kind, 24 * 1024)
    problems, spent = checked(text)
    assert spent <= budget.limit_for(text) + COURSE_MD_UNITS
    for problem in problems:
        assert problem.path == "kursus/01-modul.md", str(problem)
        assert 1 <= problem.line <= text.count("\n") + 1


@pytest.mark.parametrize(
    ("kind", "mark"), [("open brackets", "["), ("emphasis", "*"), ("quiz of brackets", "[")]
)
def test_a_hostile_file_at_the_size_limit_is_stopped_with_a_problem_at_its_line(kind, mark):
    text = module_text(kind, MAX_MARKDOWN_BYTES)
    problems, spent = checked(text)
    assert spent <= budget.limit_for(text) + COURSE_MD_UNITS
    complex_ = [p for p in problems if p.message.startswith(TOO_COMPLEX)]
    assert len(complex_) == 1
    line = complex_[0].line
    assert text.split("\n")[line - 1].count(mark) > 1000


def test_the_editor_preview_of_one_file_is_bounded_too():
    text = module_text("open brackets", MAX_MARKDOWN_BYTES)
    with budget.budget(10**12) as spent:
        found = parse_file(course_with(text), "01-modul.md")
    assert found.module is None
    assert [p.message for p in found.problems][0].startswith(TOO_COMPLEX)
    assert spent.spent <= budget.limit_for(text) + COURSE_MD_UNITS


def test_a_file_over_the_size_limit_is_refused_unread():
    text = "[" * (200 * 1024)
    problems, spent = checked(text)
    assert [(p.path, p.line, p.message) for p in problems] == [
        ("kursus/01-modul.md", 1, "berkas terlalu besar (200 KB); batasnya 140 KB: "
         "bagi menjadi beberapa modul")
    ]  # fmt: skip
    assert spent < COURSE_MD_UNITS


def test_the_size_limit_leaves_three_times_the_largest_shipped_file():
    # The second edition's course.md files (a 40-question bank, a pre-test, a task) are about
    # 40 KB; the limit bounds one parse, so it grows only with a measured bench, not with them.
    largest = max(p.stat().st_size for p in COURSES.rglob("*.md"))
    assert 3 * largest <= MAX_MARKDOWN_BYTES


def test_shipped_courses_use_a_fraction_of_their_budget():
    for folder in sorted(p.parent for p in COURSES.glob("*/course.md")):
        source = load_course_dir(folder)
        size = sum(len(data) for name, data in source.files.items() if name.endswith(".md"))
        with budget.budget(10**12) as spent:
            spec, problems = parse_course(source)
        assert problems == [] and spec is not None
        assert spent.spent <= 2.5 * size, folder.name  # budgets allow 5 a byte


def test_budget_stops_at_its_limit_and_charges_the_budgets_around_it():
    with budget.budget(10**6) as outer:
        with pytest.raises(budget.TooComplex), budget.budget(100) as inner:
            plain_text("[" * 10_000)
        assert inner.spent == 101
    assert outer.spent == 101


def test_plain_text_is_linear_on_open_brackets_and_tags():
    # The regexes it replaced took about 40 s here; a token walk takes well under one.
    started = time.perf_counter()
    assert plain_text("[" * 100_000) == ""
    assert plain_text("a < " * 30_000 + "b") == "a < " * 30_000 + "b"
    assert time.perf_counter() - started < 20
