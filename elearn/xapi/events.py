"""The learning events that become statements, called by the services in their own
transaction. Each returns at once when xAPI is not configured; otherwise it builds the
statements from the cached course version (no extra query) and queues them."""

from __future__ import annotations

from .. import live_versions as live
from ..domain import xapi
from ..models.base import utcnow
from . import queue


def _course(version_id: int) -> tuple[xapi.CourseRef, live.VersionView] | None:
    view = live.version_view(version_id)
    if view is None:
        return None
    return xapi.CourseRef(view.course_id, view.title), view


def module(user_id: int, version_id: int, slug: str, verb: str) -> None:
    """The learner opened (`launched`) or marked read (`experienced`) a module."""
    if not queue.enabled():
        return
    found = _course(version_id)
    if found is None:
        return
    course, view = found
    title = next((m.title for m in view.modules if m.slug == slug), slug)
    site = queue.site()
    who = queue.learner(user_id, site)
    queue.add([xapi.module_statement(site, who, course, (slug, title), verb, utcnow())])


def quiz_submitted(attempt, correct: int, passed: bool | None) -> None:
    """A submitted quiz, exam or pre-test attempt: `attempted`, then `passed`/`failed`."""
    if not queue.enabled():
        return
    found = _course(attempt.version_id)
    if found is None:
        return
    course, view = found
    section, kind = attempt.section, attempt.kind
    title = next((m.title for m in view.modules if m.slug == section), section or kind)
    site = queue.site()
    who = queue.learner(attempt.user_id, site)
    quiz = {"section": section, "kind": kind, "title": title}
    outcome = {"id": attempt.id, "correct": correct, "total": attempt.total, "passed": passed}
    queue.add(xapi.quiz_statements(site, who, course, quiz, outcome, utcnow()))


def course_completed(completion, certificate) -> None:
    """The course completed (with its JP) and, when one was issued, its certificate earned."""
    if not queue.enabled():
        return
    found = _course(completion.version_id)
    if found is None:
        return
    course, _view = found
    site = queue.site()
    who = queue.learner(completion.user_id, site)
    when = completion.completed_at
    built = [xapi.completion_statement(site, who, course, completion.jp, completion.id, when)]
    if certificate is not None:
        built.append(xapi.certificate_statement(site, who, course, certificate.number, when))
    queue.add(built)
