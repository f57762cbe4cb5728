"""The courses shipped in courses/, read as `elearn courses check` reads them, for the tests
that hold their substance (test_shipped_courses) and their second edition."""

from __future__ import annotations

from elearn.content.competencies import parse_competencies
from elearn.content.parse import parse_course
from elearn.content.source import load_course_dir

from . import COURSES


def dictionary() -> set[str]:
    """The competency codes of courses/competencies.yml."""
    defs, problems = parse_competencies(
        (COURSES / "competencies.yml").read_text(encoding="utf-8"), "competencies.yml"
    )
    assert problems == []
    return {d.slug for d in defs}


def parse_shipped(name: str):
    """(folder, spec) of the shipped course `name`, which must have no problem."""
    folder = COURSES / name
    spec, problems = parse_course(load_course_dir(folder, f"courses/{folder.name}"), dictionary())
    assert problems == [], "\n".join(map(str, problems))
    return folder, spec
