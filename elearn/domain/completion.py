"""When a module and a course count as complete."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ModuleState:
    slug: str
    has_quiz: bool
    read: bool
    quiz_passed: bool


class ModuleFacts(Protocol):
    slug: str
    question_count: int


def module_states(
    modules: Iterable[ModuleFacts], read: set[str], passed: set[str]
) -> list[ModuleState]:
    """Each module in course order, from the read modules and passed sections (by slug)."""
    return [
        ModuleState(m.slug, m.question_count > 0, m.slug in read, m.slug in passed) for m in modules
    ]


def module_complete(state: ModuleState) -> bool:
    """A module with a quiz is complete when the quiz is passed, otherwise when read."""
    return state.quiz_passed if state.has_quiz else state.read


def completed_count(modules: Sequence[ModuleState]) -> int:
    return sum(1 for m in modules if module_complete(m))


def course_complete(
    modules: Sequence[ModuleState], has_exam: bool, exam_passed: bool, task_done: bool = True
) -> bool:
    """A course is complete when every module is, its final exam (if any) is passed, and its
    workplace task (if any: `task_done` False until the reviewer accepts it) is accepted."""
    if not modules:
        return False
    return all(module_complete(m) for m in modules) and (exam_passed or not has_exam) and task_done
