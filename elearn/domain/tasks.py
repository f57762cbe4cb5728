"""Workplace task rules: where a learner stands, when work is due, and when a reviewer may
accept it. Pure functions over plain values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

ACCEPTED = "accepted"
RETURNED = "returned"


def state(decisions: Sequence[str | None]) -> str:
    """Where a learner stands, from the decision on each submission, oldest first (None: not
    decided yet): "open" (nothing sent), "waiting", "returned" or "accepted"."""
    if not decisions:
        return "open"
    if ACCEPTED in decisions:
        return "accepted"
    last = decisions[-1]
    return "waiting" if last is None else "returned"


def may_submit(current: str, exam_passed: bool) -> bool:
    """A learner sends work after passing the exam, and again only after a return."""
    return exam_passed and current in ("open", "returned")


def scores_problem(scores: Sequence[int | None], rubric: Sequence[dict]) -> str | None:
    """None when every criterion has a level of its own scale; else "missing" or "range"."""
    if len(scores) != len(rubric) or any(s is None for s in scores):
        return "missing"
    for score, criterion in zip(scores, rubric, strict=True):
        if not 1 <= score <= len(criterion["levels"]):
            return "range"
    return None


def may_accept(scores: Sequence[int], pass_level: int) -> bool:
    """Acceptance needs every criterion at the pass level or above: a reviewer cannot accept
    work the rubric says falls short (returning is always possible)."""
    return bool(scores) and all(score >= pass_level for score in scores)


def due_at(exam_passed_at: datetime | None, due_days: int) -> datetime | None:
    """When the task is due: `due_days` after the learner first passed the final exam."""
    return exam_passed_at + timedelta(days=due_days) if exam_passed_at else None


def review_due_at(submitted_at: datetime, review_days: int) -> datetime:
    return submitted_at + timedelta(days=review_days)


def overdue(due: datetime | None, now: datetime) -> bool:
    return due is not None and now > due
