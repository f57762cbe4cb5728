"""Recording progress: enrolment, read marks, the pre-test choice and course completion.

The functions without a commit (`note_pretest_taken`, `complete_if_done`) join the
transaction of the caller's action: a completion is committed with the read mark or the
attempt that completed it, together with its certificate, or not at all.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from .. import clock
from .. import live_versions as live
from ..certificates import services as certificates
from ..domain.completion import course_complete
from ..domain.jp import credit_year
from ..domain.progress import resume_due
from ..extensions import commit_keeping_loaded, db
from ..models.base import utcnow
from ..models.catalog import Course
from ..models.learning import CourseCompletion, Enrollment, ModuleProgress
from ..xapi import events as xapi_events
from . import queries


def enrol(user_id: int, course_id: int, module_slug: str | None = None) -> Enrollment:
    """Enrol the learner if needed and remember the module they opened."""
    row = queries.enrollment(user_id, course_id)
    if row is not None and not module_slug:
        return row  # nothing to write: a commit would only make the page load all again
    row = row or _enrolment(user_id, course_id)
    if module_slug:
        row.last_module_slug = module_slug
        row.last_opened_at = utcnow()
    db.session.commit()
    return row


def note_opened(user_id: int, found: queries.Visit, module_slug: str) -> None:
    """Move the learner's resume pointer to the module they opened, only when it moves (or
    "last opened" is an hour old): a page read again writes nothing. The write is a Core
    UPDATE committed without expiring the session, so nothing loaded is read again."""
    now = utcnow()
    if found.enrollment_id is None:
        row = _enrolment(user_id, found.course_id)
        row.last_module_slug, row.last_opened_at = module_slug, now
    elif resume_due(found.last_module_slug, found.last_opened_at, module_slug, now):
        db.session.execute(
            update(Enrollment)
            .where(Enrollment.id == found.enrollment_id)
            .values(last_module_slug=module_slug, last_opened_at=now)
        )
    else:
        return
    # Only an opening that moved the pointer is an event: a page read again sends nothing.
    xapi_events.module(user_id, found.version_id, module_slug, "launched")
    commit_keeping_loaded()


def mark_read(user_id: int, course_id: int, version_id: int, module_slug: str) -> bool:
    """Record a module as read once; return False if it already was."""
    _enrolment(user_id, course_id)
    done = db.session.scalar(
        select(ModuleProgress.id).where(
            ModuleProgress.user_id == user_id,
            ModuleProgress.course_id == course_id,
            ModuleProgress.module_slug == module_slug,
        )
    )
    if done is not None:
        db.session.commit()  # the enrolment, if this was the learner's first step
        return False
    mark = ModuleProgress(
        user_id=user_id, course_id=course_id, module_slug=module_slug, version_id=version_id
    )
    try:
        with db.session.begin_nested():
            db.session.add(mark)
    except IntegrityError:  # a double click: the first one counted
        db.session.commit()
        return False
    note_studying(user_id, course_id)
    xapi_events.module(user_id, version_id, module_slug, "experienced")
    complete_if_done(user_id, course_id)
    db.session.commit()
    return True


def note_studying(user_id: int, course_id: int) -> None:
    """Starting to study (a module read, a quiz started) ends the pre-test offer, as
    skipping it does: taken now it would no longer measure the starting point. In the
    caller's transaction."""
    row = _enrolment(user_id, course_id)
    version = db.session.get(Course, course_id).live_version
    if row.pretest_status is None and version is not None and version.pretest:
        _set_pretest_status(user_id, course_id, "skipped")


def skip_pretest(user_id: int, course_id: int) -> None:
    _set_pretest_status(user_id, course_id, "skipped")
    db.session.commit()


def note_pretest_taken(user_id: int, course_id: int) -> None:
    """Remember, in the caller's transaction, that the learner started the pre-test."""
    _set_pretest_status(user_id, course_id, "taken")


def complete_if_done(user_id: int, course_id: int) -> CourseCompletion | None:
    """Record the course as completed, once, with its certificate, when the completion
    rules say it is; in the caller's transaction."""
    existing = queries.completion(user_id, course_id)
    course = db.session.get(Course, course_id)
    # The rules read the cached version; the ORM one is loaded only to issue a certificate.
    cached = live.version_view(course.live_version_id)
    if existing is not None or cached is None:
        return existing
    passed = queries.passed_sections(user_id, course_id)
    states = queries.module_states(user_id, course_id, cached, passed)
    has_exam, exam_passed = cached.exam_question_count > 0, "" in passed
    if not course_complete(states, has_exam, exam_passed):  # the task asked only then
        return None
    task = queries.task_verification(user_id, course_id)
    task_done = task is not None or not queries.task_required(cached.id)
    if not course_complete(states, has_exam, exam_passed, task_done):
        return None
    version = course.live_version
    scores = queries.best_scores(user_id, course_id)
    now = utcnow()
    row = CourseCompletion(
        user_id=user_id,
        course_id=course_id,
        version_id=version.id,
        completed_at=now,
        year=credit_year(now, clock.timezone_name()),
        jp=version.jp,
        final_score=scores.get("exam"),
        pretest_score=scores.get("pretest"),
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
            certificate = certificates.issue(row, version, task)
    except IntegrityError:  # completed in another request at the same moment
        return queries.completion(user_id, course_id)
    xapi_events.course_completed(row, certificate)
    return row


def _enrolment(user_id: int, course_id: int) -> Enrollment:
    """The learner's enrolment, added to the current transaction if there was none."""
    row = queries.enrollment(user_id, course_id)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = Enrollment(user_id=user_id, course_id=course_id)
            db.session.add(row)
    except IntegrityError:  # the same learner in another tab got there first
        row = queries.enrollment(user_id, course_id)
    return row


def _set_pretest_status(user_id: int, course_id: int, status: str) -> None:
    _enrolment(user_id, course_id)
    db.session.execute(
        update(Enrollment)
        .where(
            Enrollment.user_id == user_id,
            Enrollment.course_id == course_id,
            Enrollment.pretest_status.is_(None),
        )
        .values(pretest_status=status)
    )
