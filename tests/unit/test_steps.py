"""The next unfinished step of a course ("Lanjutkan"), as a pure rule."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.domain.completion import ModuleState, module_complete
from elearn.domain.steps import EXAM, MODULE, QUIZ, SURVEY, TASK, CourseProgress, Step, next_step

PROPERTY = settings(max_examples=200, deadline=None)

READING = ModuleState("pengantar", has_quiz=False, read=False, quiz_passed=False)
WITH_QUIZ = ModuleState("lanjutan", has_quiz=True, read=False, quiz_passed=False)
NEW = CourseProgress(
    modules=(READING, WITH_QUIZ),
    has_exam=True,
    exam_passed=False,
    task_pending=False,
    completed=False,
    survey_done=False,
)
MODULES_DONE = replace(
    NEW, modules=(replace(READING, read=True), replace(WITH_QUIZ, read=True, quiz_passed=True))
)


def test_a_new_learner_starts_with_the_first_module():
    assert next_step(NEW) == Step(MODULE, "pengantar")


def test_a_read_module_with_a_quiz_leads_to_its_quiz():
    progress = replace(NEW, modules=(replace(READING, read=True), replace(WITH_QUIZ, read=True)))
    assert next_step(progress) == Step(QUIZ, "lanjutan")


def test_an_unread_module_comes_before_a_later_one_read():
    # opening or reading a later module first does not skip an earlier one
    progress = replace(NEW, modules=(READING, replace(WITH_QUIZ, read=True)))
    assert next_step(progress) == Step(MODULE, "pengantar")


def test_a_passed_quiz_completes_its_module_even_unread():
    progress = replace(
        NEW, modules=(replace(READING, read=True), replace(WITH_QUIZ, quiz_passed=True))
    )
    assert next_step(progress) == Step(EXAM)


def test_after_the_modules_the_exam_then_the_task_then_the_survey():
    assert next_step(MODULES_DONE) == Step(EXAM)
    waiting = replace(MODULES_DONE, exam_passed=True, task_pending=True)
    assert next_step(waiting) == Step(TASK)
    done = replace(MODULES_DONE, exam_passed=True, completed=True)
    assert next_step(done) == Step(SURVEY)
    assert next_step(replace(done, survey_done=True)) is None


def test_a_course_without_exam_goes_from_the_modules_to_the_survey():
    progress = replace(MODULES_DONE, has_exam=False, completed=True)
    assert next_step(progress) == Step(SURVEY)
    assert next_step(replace(progress, has_exam=False, completed=False)) is None


def test_a_completed_course_asks_only_its_survey():
    # a newer version may have added a module: the completion stands
    assert next_step(replace(NEW, completed=True)) == Step(SURVEY)


def test_an_empty_course_has_no_module_step():
    assert next_step(replace(NEW, modules=(), has_exam=False)) is None


modules = st.lists(
    st.builds(
        ModuleState,
        slug=st.text(alphabet="abc-", min_size=1, max_size=4),
        has_quiz=st.booleans(),
        read=st.booleans(),
        quiz_passed=st.booleans(),
    ),
    max_size=6,
    unique_by=lambda m: m.slug,
)
progresses = st.builds(
    CourseProgress,
    modules=modules,
    has_exam=st.booleans(),
    exam_passed=st.booleans(),
    task_pending=st.booleans(),
    completed=st.booleans(),
    survey_done=st.booleans(),
)


@PROPERTY
@given(progresses)
def test_the_step_is_the_first_thing_not_done_in_course_order(progress):
    step = next_step(progress)
    unfinished = [m for m in progress.modules if not module_complete(m)]
    if progress.completed:
        assert step == (None if progress.survey_done else Step(SURVEY))
    elif unfinished:
        first = unfinished[0]
        assert step is not None and step.module == first.slug
        assert step.kind == (QUIZ if first.has_quiz and first.read else MODULE)
    elif progress.has_exam and not progress.exam_passed:
        assert step == Step(EXAM)
    elif progress.task_pending:
        assert step == Step(TASK)
    else:
        assert step is None
