"""What a result page shows of an attempt: the facts the review policy
(domain/review.py) decides from, read from the course and the learner's attempts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask import current_app
from sqlalchemy import bindparam, func, select

from .. import live_versions as live
from ..assignments.pages import my_assignments
from ..domain.review import ModuleTally, Review, ReviewCase, review_level, tally_by_module
from ..domain.scoring import AskedQuestion, is_correct
from ..extensions import db, plain_rows
from ..models import Course, CourseVersion, Question, QuizAttempt, User
from ..models.catalog import PRETEST_SECTION


def settings_of(version: CourseVersion | None, section: str, kind: str) -> dict:
    """The quiz settings the trainer wrote for this quiz in `version` ({} when none)."""
    if version is None:
        return {}
    if kind == "quiz":
        module = next((m for m in version.modules if m.slug == section), None)
        return (module.quiz_settings if module else None) or {}
    if kind == "pretest":
        return version.pretest_settings or {}
    return version.exam_settings or {}


def _from_exam_pool(attempt: QuizAttempt) -> bool:
    """Whether a pre-test asked exam questions (its version had no pre-test of its own)."""
    version = db.session.get(CourseVersion, attempt.version_id)
    return not version.pretest_question_count


def _yearly(user_id: int, course_id: int) -> bool:
    """Whether a yearly mandatory assignment brings this course's exam back every year."""
    user = db.session.get(User, user_id)
    return any(a.course_id == course_id and a.recurrence == "yearly" for a in my_assignments(user))


def _reattemptable(attempt: QuizAttempt, limit: int, passed: bool, used: int) -> bool:
    if attempt.kind == "pretest":
        return False
    if attempt.kind == "exam" and _yearly(attempt.user_id, attempt.course_id):
        return True
    return not passed and (not limit or used < limit)


def level(attempt: QuizAttempt, version: CourseVersion | None, passed: bool, used: int) -> Review:
    """The level the result page of `attempt` shows now.

    `version` is the course's live version (the trainer's current settings), `passed`
    whether any attempt of this quiz passed, `used` how many attempts were made.
    """
    settings = settings_of(version, attempt.section, attempt.kind)
    limit = 1 if attempt.kind == "pretest" else settings.get("attempts") or 0
    case = ReviewCase(
        kind=attempt.kind,
        declared=settings.get("review"),
        reattemptable=_reattemptable(attempt, limit, passed, used),
        pretest_from_exam_pool=attempt.kind == "pretest" and _from_exam_pool(attempt),
        exam_full_allowed=bool(current_app.config.get("EXAM_FULL_REVIEW")),
    )
    return review_level(case)


@cache
def _used_statement():
    """The attempts made at a quiz and the course's live version, in one statement built
    once per process (every submit asks)."""
    used = (
        select(func.count(QuizAttempt.id))
        .where(
            QuizAttempt.user_id == bindparam("user_id"),
            QuizAttempt.course_id == bindparam("course_id"),
            QuizAttempt.section == bindparam("section"),
            QuizAttempt.kind == bindparam("kind"),
        )
        .scalar_subquery()
    )
    live_version = (
        select(Course.live_version_id).where(Course.id == bindparam("course_id")).scalar_subquery()
    )
    return select(used, live_version)


def level_at_submission(attempt: QuizAttempt, passed: bool | None) -> Review:
    """The level the result page shows right after `attempt` is submitted (with its
    outcome `passed`), as recorded in `QuizAttempt.review_shown`."""
    params = {
        "user_id": attempt.user_id,
        "course_id": attempt.course_id,
        "section": attempt.section,
        "kind": attempt.kind,
    }
    used, version_id = plain_rows(_used_statement(), params).one()
    return level(attempt, live.version_view(version_id), bool(passed), used or 0)


def marks(attempt: QuizAttempt, asked: list[AskedQuestion]) -> dict[str, bool]:
    """Whether each asked question was answered right, by question id."""
    responses = attempt.responses or {}
    return {q.qid: is_correct(q, responses.get(q.qid)) for q in asked}


def _modules_by_qid(attempt: QuizAttempt) -> dict[str, str | None]:
    """The module each question of the attempt's version tests (`Question.module_slug`):
    snapshots taken before the draw recorded "module" are read through it."""
    if attempt.kind == "quiz":
        return {}
    own = PRETEST_SECTION if attempt.kind == "pretest" else ""
    rows = db.session.execute(
        select(Question.qid, Question.module_slug, Question.section).where(
            Question.version_id == attempt.version_id, Question.section.in_(("", own))
        )
    ).all()
    # A pre-test with questions of its own asked those; one without asked the exam's.
    rows.sort(key=lambda row: row.section == own)
    return {row.qid: row.module_slug for row in rows}


def _module_of(attempt: QuizAttempt, question: dict, stored: dict) -> str | None:
    if "module" in question:
        return question["module"]
    if attempt.kind == "quiz":
        return attempt.section  # a module quiz's questions are its module's
    return stored.get(question["qid"])


@dataclass(frozen=True)
class ModuleRow:
    """One line of the per-module review: the module's title, slug and tally."""

    title: str
    slug: str | None
    tally: ModuleTally
    weak: bool


def module_rows(
    attempt: QuizAttempt, version: CourseVersion | None, right: dict[str, bool]
) -> list[ModuleRow]:
    """Right/asked per module of the attempt, with the module titles of `version`."""
    titles = {m.slug: m.title for m in version.modules} if version else {}
    stored = _modules_by_qid(attempt)
    tallies = tally_by_module(
        (_module_of(attempt, q, stored), right.get(q["qid"], False)) for q in attempt.questions
    )
    return [
        ModuleRow(
            title=titles.get(t.module) or t.module or "",
            slug=t.module if t.module in titles else None,
            tally=t,
            weak=t.weak(attempt.pass_percent),
        )
        for t in tallies
    ]
