"""Follow-up evaluation (Kirkpatrick level 3): does the learner use the course at work?

N days after a completion (the course's `follow_up_days`, 0 = never), the learner and their
unit head each answer three questions. This module holds what does not need a database: the
answer scales, when a follow-up falls due, and the shares the reports show. The wording of
the questions lives with the form (it is translated text).
"""

from __future__ import annotations

from datetime import date, timedelta

ROLES = ("learner", "supervisor")
# Question 1: applied at work?
APPLIED = ("ya", "sebagian", "belum")
# Question 2: how often, 1 (never) .. 5 (every working day).
FREQUENCIES = (1, 2, 3, 4, 5)
# Question 3: what stood in the way (any number of these, plus free text).
OBSTACLES = ("waktu", "sarana", "dukungan", "relevansi", "pemahaman", "lainnya")
NOTE_MAX = 1000

DEFAULT_DAYS = 60
# A follow-up missed by the daily job (it did not run, the course setting changed) is still
# sent this many days late, but no later: the first run after an upgrade must not ask about
# every course anyone ever completed.
CATCH_UP_DAYS = 30
DIGITS = 1


def due_on(completed_on: date, days: int | None) -> date | None:
    """The day the follow-up of a completion on `completed_on` falls due; None without one."""
    if not days or days <= 0:
        return None
    return completed_on + timedelta(days=days)


def is_due(completed_on: date, days: int | None, today: date) -> bool:
    """Whether the follow-up is to be sent on `today`: due, and not more than CATCH_UP_DAYS
    late."""
    due = due_on(completed_on, days)
    return due is not None and due <= today <= due + timedelta(days=CATCH_UP_DAYS)


def completion_days(today: date, days: int) -> list[tuple[date, date]]:
    """(completion day, due day) of every completion day whose follow-up `is_due` today,
    oldest first; empty when the course asks for none."""
    if days <= 0:
        return []
    first = today - timedelta(days=days + CATCH_UP_DAYS)
    return [
        (first + timedelta(days=i), first + timedelta(days=i + days))
        for i in range(CATCH_UP_DAYS + 1)
    ]


def share(count: int, answers: int, digits: int = DIGITS) -> float | None:
    """`count` out of `answers` as a percentage, rounded; None when nobody answered."""
    if not answers:
        return None
    return round(100 * count / answers, digits)


def applied_count(applied: int, partly: int) -> int:
    """Answers that report the course applied at work: fully or in part."""
    return applied + partly
