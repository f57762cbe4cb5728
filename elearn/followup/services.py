"""Reading and answering follow-ups; the only module of this package that commits from a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import aliased

from ..extensions import db, plain_rows
from ..models import Course, CourseVersion, FollowUp, Notice, User
from ..models.base import utcnow

PENDING_LIMIT = 50


@dataclass
class FollowUpView:
    """A follow-up as its respondent sees it."""

    id: int
    role: str
    due_date: date
    answered_at: datetime | None
    course_title: str
    course_slug: str
    learner_name: str
    applied: str | None = None
    frequency: int | None = None
    obstacles: tuple[str, ...] = ()
    obstacle_note: str = ""


def _select():
    learner = aliased(User)
    return (
        select(
            FollowUp.id,
            FollowUp.role,
            FollowUp.due_date,
            FollowUp.answered_at,
            func.coalesce(CourseVersion.title, Course.slug),
            Course.slug,
            learner.full_name,
            FollowUp.applied,
            FollowUp.frequency,
            FollowUp.obstacles,
            FollowUp.obstacle_note,
        )
        .join(Course, Course.id == FollowUp.course_id)
        .outerjoin(CourseVersion, CourseVersion.id == Course.live_version_id)
        .join(learner, learner.id == FollowUp.learner_id)
    )


def _view(row) -> FollowUpView:
    *head, obstacles, note = row
    return FollowUpView(*head, obstacles=tuple(obstacles or ()), obstacle_note=note or "")


def of_respondent(follow_up_id: int, user_id: int) -> FollowUpView | None:
    """The follow-up if `user_id` is the one asked to answer it (anyone else: None)."""
    row = db.session.execute(
        _select().where(FollowUp.id == follow_up_id, FollowUp.respondent_id == user_id)
    ).first()
    return _view(row) if row else None


def pending_of(user_id: int) -> list[FollowUpView]:
    """Sent, unanswered follow-ups the user is asked to answer, oldest due first: about
    themselves, and (unit heads) about their staff."""
    found = plain_rows(_pending_statement(), {"user_id": user_id})
    return [_view(row) for row in found]


@cache
def _pending_statement():
    """Built once per process: /my and the header ask it on every visit."""
    return (
        _select()
        .where(
            FollowUp.respondent_id == bindparam("user_id"),
            FollowUp.answered_at.is_(None),
            FollowUp.sent_at.is_not(None),
        )
        .order_by(FollowUp.due_date, FollowUp.id)
        .limit(PENDING_LIMIT)
    )


def answer(
    follow_up_id: int,
    user_id: int,
    applied: str,
    frequency: int,
    obstacles: list[str],
    note: str,
) -> bool:
    """Store the answers once; False when they were already given (another tab, say).

    The follow-up's notices count as read: the respondent acted on them.
    """
    now = utcnow()
    changed = db.session.execute(
        update(FollowUp)
        .where(
            FollowUp.id == follow_up_id,
            FollowUp.respondent_id == user_id,
            FollowUp.answered_at.is_(None),
        )
        .values(
            answered_at=now,
            applied=applied,
            frequency=frequency,
            obstacles=sorted(set(obstacles)),
            obstacle_note=note.strip(),
        )
    ).rowcount
    db.session.execute(
        update(Notice)
        .where(Notice.follow_up_id == follow_up_id, Notice.read_at.is_(None))
        .values(read_at=now)
    )
    db.session.commit()
    return bool(changed)
