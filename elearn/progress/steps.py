"""Where "Lanjutkan" goes: the facts the next-step rule (elearn/domain/steps.py) reads, for
one course or for every course of a learner in a constant number of queries."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache

from sqlalchemy import bindparam, select

from ..domain import tasks as task_rules
from ..domain.completion import ModuleState
from ..domain.steps import CourseProgress, Step, next_step
from ..extensions import plain_rows
from ..live_versions import VersionView
from ..models import Course, SurveyResponse
from ..models.tasks import CourseTask, TaskReview, TaskSubmission

COURSES = bindparam("course_ids", expanding=True)


@cache
def _with_task_statement():
    return (
        select(Course.id)
        .join(CourseTask, CourseTask.version_id == Course.live_version_id)
        .where(Course.id.in_(COURSES))
    )


@cache
def _decisions_statement():
    return (
        select(TaskSubmission.course_id, TaskReview.decision)
        .outerjoin(TaskReview, TaskReview.submission_id == TaskSubmission.id)
        .where(
            TaskSubmission.user_id == bindparam("user_id"), TaskSubmission.course_id.in_(COURSES)
        )
        .order_by(TaskSubmission.course_id, TaskSubmission.number)
    )


@cache
def _surveyed_statement():
    return select(SurveyResponse.course_id).where(
        SurveyResponse.user_id == bindparam("user_id"), SurveyResponse.course_id.in_(COURSES)
    )


def pending_tasks(
    user_id: int, course_ids: Collection[int], with_task: Collection[int] | None = None
) -> set[int]:
    """The courses among `course_ids` whose workplace task waits on this learner: nothing
    sent yet, or returned for revision. Two queries at most, whatever the number of courses;
    one when the caller knows which of them have a task (`with_task`). The statements are
    built once per process (the catalog and /my ask on every visit)."""
    if not course_ids:
        return set()
    if with_task is None:
        found = plain_rows(_with_task_statement(), {"course_ids": list(course_ids)})
        with_task = {course_id for (course_id,) in found}
    if not with_task:
        return set()
    decisions: dict[int, list[str | None]] = {course_id: [] for course_id in with_task}
    params = {"user_id": user_id, "course_ids": list(with_task)}
    for course_id, decision in plain_rows(_decisions_statement(), params):
        decisions[course_id].append(decision)
    return {c for c, made in decisions.items() if task_rules.state(made) in ("open", "returned")}


def surveyed(user_id: int, course_ids: Collection[int]) -> set[int]:
    """The courses among `course_ids` whose satisfaction survey this learner answered."""
    if not course_ids:
        return set()
    params = {"user_id": user_id, "course_ids": list(course_ids)}
    return {course_id for (course_id,) in plain_rows(_surveyed_statement(), params)}


def step_of(
    version: VersionView,
    states: Sequence[ModuleState],
    passed: set[str],
    *,
    completed: bool,
    task_pending: bool,
    survey_done: bool,
) -> Step | None:
    """The next step of a course from what the caller read about the learner in it."""
    return next_step(
        CourseProgress(
            modules=states,
            has_exam=version.exam_question_count > 0,
            exam_passed="" in passed,
            task_pending=task_pending,
            completed=completed,
            survey_done=survey_done,
        )
    )


def course_step(
    user_id: int,
    course_id: int,
    version: VersionView,
    states: Sequence[ModuleState],
    passed: set[str],
    completed: bool,
) -> Step | None:
    """The next step of one course, from the module states and passed sections the page
    already read; one query more for a course with a workplace task, and one for the survey
    once the course is complete."""
    return step_of(
        version,
        states,
        passed,
        completed=completed,
        task_pending=version.has_task
        and course_id in pending_tasks(user_id, [course_id], with_task=[course_id]),
        survey_done=completed and course_id in surveyed(user_id, [course_id]),
    )
