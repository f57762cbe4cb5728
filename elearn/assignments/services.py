"""Changing mandatory training and notices; the only module here that commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update

from .. import audit
from ..extensions import db
from ..models import (
    Assignment,
    Course,
    CourseVersion,
    ModuleQuestion,
    Notice,
    Position,
)
from ..models.base import utcnow
from ..reporting.governments import visible
from ..reporting.scope import Scope
from .queries import join_notice_course

NOTICE_PAGE_SIZE = 20


def live_courses() -> list[tuple[int, str]]:
    """Published courses as (id, title), for the form."""
    return [
        (cid, title)
        for cid, title in db.session.execute(
            select(Course.id, CourseVersion.title)
            .join(CourseVersion, CourseVersion.id == Course.live_version_id)
            .order_by(CourseVersion.title, Course.id)
        )
    ]


def positions(scope: Scope) -> list[Position]:
    """Positions employees in the viewer's scope can hold (not the national templates)."""
    stmt = select(Position).where(visible(scope), Position.government_id.is_not(None))
    return list(db.session.scalars(stmt.order_by(Position.name, Position.id)))


class DuplicateAssignment(Exception):
    """The same course is already required of the same unit and position."""


def create(
    course_id: int,
    unit_id: int,
    position_id: int | None,
    due: date,
    recurrence: str,
    note: str,
    actor_id: int | None,
    **audit_details,
) -> Assignment:
    """Store a new assignment and its audit entry (`audit_details` join it: the API names
    its token there)."""
    row = stage(course_id, unit_id, position_id, due, recurrence, note, actor_id, **audit_details)
    db.session.commit()
    return row


def stage(
    course_id: int,
    unit_id: int,
    position_id: int | None,
    due: date,
    recurrence: str,
    note: str,
    actor_id: int | None,
    **audit_details,
) -> Assignment:
    """create() up to the commit, for a caller that stores several in one transaction
    (the SKM page's one step for a unit's front-line positions)."""
    existing = db.session.scalar(
        select(Assignment.id).where(
            Assignment.course_id == course_id,
            Assignment.unit_id == unit_id,
            Assignment.position_id.is_(None)
            if position_id is None
            else Assignment.position_id == position_id,
            Assignment.cancelled_at.is_(None),
        )
    )
    if existing is not None:
        raise DuplicateAssignment(existing)
    row = Assignment(
        course_id=course_id,
        unit_id=unit_id,
        position_id=position_id,
        due_date=due,
        recurrence=recurrence,
        note=note,
        created_by=actor_id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        actor_id,
        "assignment.create",
        "assignment",
        row.id,
        course_id=course_id,
        unit_id=unit_id,
        position_id=position_id,
        due_date=due.isoformat(),
        recurrence=recurrence,
        **audit_details,
    )
    return row


def cancel(assignment_id: int, actor_id: int | None) -> bool:
    """Mark an assignment cancelled (the row stays); False if it already was."""
    changed = db.session.execute(
        update(Assignment)
        .where(Assignment.id == assignment_id, Assignment.cancelled_at.is_(None))
        .values(cancelled_at=utcnow())
    ).rowcount
    if changed:
        audit.record(actor_id, "assignment.cancel", "assignment", assignment_id)
    db.session.commit()
    return bool(changed)


# --- notices -------------------------------------------------------------------------


@dataclass
class NoticeRow:
    id: int
    kind: str
    due_date: date | None
    count: int
    created_at: datetime
    read_at: datetime | None
    assignment_id: int | None
    course_slug: str | None
    course_title: str | None
    follow_up_id: int | None = None
    submission_id: int | None = None  # the workplace task notices
    question_id: int | None = None  # the questions to the trainer
    question_module: str | None = None


def _notice_select():
    return join_notice_course(
        select(
            Notice.id,
            Notice.kind,
            Notice.due_date,
            Notice.count,
            Notice.created_at,
            Notice.read_at,
            Notice.assignment_id,
            Course.slug,
            func.coalesce(CourseVersion.title, Course.slug),
            Notice.follow_up_id,
            Notice.submission_id,
            Notice.question_id,
            ModuleQuestion.module_slug,
        ).select_from(Notice)
    )


def notices_of(user_id: int, page: int) -> tuple[list[NoticeRow], int]:
    """One page of a user's notices, newest first, and how many there are."""
    total = db.session.scalar(select(func.count(Notice.id)).where(Notice.user_id == user_id)) or 0
    rows = db.session.execute(
        _notice_select()
        .where(Notice.user_id == user_id)
        .order_by(Notice.created_at.desc(), Notice.id.desc())
        .offset((page - 1) * NOTICE_PAGE_SIZE)
        .limit(NOTICE_PAGE_SIZE)
    ).all()
    return [NoticeRow(*r) for r in rows], total


def unread_count(user_id: int) -> int:
    """Unread notices of a user (one indexed count, for the header)."""
    return (
        db.session.scalar(
            select(func.count(Notice.id)).where(Notice.user_id == user_id, Notice.read_at.is_(None))
        )
        or 0
    )


def mark_all_read(user_id: int) -> int:
    """Mark every unread notice of the user as read; return how many were."""
    changed = db.session.execute(
        update(Notice)
        .where(Notice.user_id == user_id, Notice.read_at.is_(None))
        .values(read_at=utcnow())
    ).rowcount
    db.session.commit()
    return changed
