"""The next unfinished step of a course, the one "Lanjutkan" opens: each module in order
(read it, then pass its quiz), then the final exam, then the workplace task, then the
satisfaction survey. The pre-test is no step: it is offered on the course page, and
learners may skip it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .completion import ModuleState, module_complete

MODULE = "module"  # read the module
QUIZ = "quiz"  # pass the module's quiz
EXAM = "exam"
TASK = "task"  # the workplace task, submitted or revised by the learner
SURVEY = "survey"


@dataclass(frozen=True)
class Step:
    kind: str
    module: str | None = None  # the module's slug, for MODULE and QUIZ


@dataclass(frozen=True)
class CourseProgress:
    """What the next step depends on, for one learner in one course."""

    modules: Sequence[ModuleState]
    has_exam: bool
    exam_passed: bool
    task_pending: bool  # the course has a workplace task waiting on the learner
    completed: bool
    survey_done: bool


def next_step(progress: CourseProgress) -> Step | None:
    """The first step not done yet, in course order; None when nothing is left. A completed
    course has only its survey left, even if a newer version added a module."""
    if progress.completed:
        return None if progress.survey_done else Step(SURVEY)
    for module in progress.modules:
        if module_complete(module):
            continue
        return Step(QUIZ if module.has_quiz and module.read else MODULE, module.slug)
    if progress.has_exam and not progress.exam_passed:
        return Step(EXAM)
    if progress.task_pending:
        return Step(TASK)
    return None
