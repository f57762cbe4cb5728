"""The follow-up step of the daily reminder run: questionnaires that fall due, and their notices.

Bulk SQL only (INSERT ... SELECT), a few statements per distinct `follow_up_days` value
whatever the number of learners; the unique key (completion, role) and NOT EXISTS make a
rerun on the same day, or after an interrupted run, create nothing twice.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Date, String, and_, case, exists, func, insert, literal, select, update
from sqlalchemy.orm import aliased

from .. import clock
from ..domain.assignments import day_start_utc
from ..domain.followup import completion_days
from ..extensions import db
from ..models import CourseCompletion, CourseVersion, FollowUp, Notice, OrgClosure, User
from ..models.base import UTCDateTime, utcnow
from ..reporting.overseers import join_unit_heads

COLUMNS = ["completion_id", "learner_id", "course_id", "role", "respondent_id", "due_date"]
NOTICE_COLUMNS = ["user_id", "kind", "follow_up_id", "due_date", "count", "created_at"]
NOTICE_KINDS = {"learner": "follow_up", "supervisor": "staff_follow_up"}
# INSERT ... SELECT reports its row count only when asked to keep it (psycopg).
COUNTED = {"preserve_rowcount": True}


def _window(today: date, days: int):
    """(conditions on CourseCompletion, its due date as SQL) for the completions whose
    follow-up is sent today: the due date is a CASE over the few days of the catch-up window,
    so that no database-specific date arithmetic is needed."""
    zone = clock.timezone_name()
    pairs = completion_days(today, days)
    starts = [day_start_utc(done + timedelta(days=1), zone) for done, _due in pairs]
    completed = CourseCompletion.completed_at
    branches = zip(starts, (due for _done, due in pairs), strict=True)
    due = case(*[(completed < start, literal(d, Date())) for start, d in branches], else_=None)
    where = [
        CourseVersion.follow_up_days == days,
        completed >= day_start_utc(pairs[0][0], zone),
        completed < starts[-1],
    ]
    return where, due


def _not_asked(role: str):
    return ~exists().where(FollowUp.completion_id == CourseCompletion.id, FollowUp.role == role)


def _learner_rows(today: date, days: int):
    where, due = _window(today, days)
    return (
        select(
            CourseCompletion.id,
            CourseCompletion.user_id,
            CourseCompletion.course_id,
            literal("learner", String()),
            CourseCompletion.user_id,
            due,
        )
        .join(CourseVersion, CourseVersion.id == CourseCompletion.version_id)
        .join(User, and_(User.id == CourseCompletion.user_id, User.active.is_(True)))
        .where(*where, _not_asked("learner"))
    )


def _supervisor_rows(today: date, days: int):
    """The nearest active unit head above each learner (as reporting.overseers.supervisor_of
    chooses: closest level first, then the lowest id), never the learner."""
    where, due = _window(today, days)
    head, above = aliased(User), aliased(OrgClosure)
    heads = (
        select(
            CourseCompletion.id.label("completion_id"),
            CourseCompletion.user_id.label("learner_id"),
            CourseCompletion.course_id.label("course_id"),
            head.id.label("head_id"),
            due.label("due_date"),
            func.row_number()
            .over(partition_by=CourseCompletion.id, order_by=(above.depth, head.id))
            .label("rank"),
        )
        .join(CourseVersion, CourseVersion.id == CourseCompletion.version_id)
        .join(User, and_(User.id == CourseCompletion.user_id, User.active.is_(True)))
    )
    ranked = (
        join_unit_heads(heads, User, head, above).where(*where, _not_asked("supervisor")).subquery()
    )
    return select(
        ranked.c.completion_id,
        ranked.c.learner_id,
        ranked.c.course_id,
        literal("supervisor", String()),
        ranked.c.head_id,
        ranked.c.due_date,
    ).where(ranked.c.rank == 1)


def _insert(rows) -> int:
    result = db.session.execute(
        insert(FollowUp).from_select(COLUMNS, rows), execution_options=COUNTED
    )
    return max(result.rowcount or 0, 0)


def _notify() -> None:
    """A notice for every follow-up not yet sent; the e-mail step of the run sends it."""
    now = literal(utcnow(), UTCDateTime())
    kind = case(
        *[(FollowUp.role == role, literal(k, String())) for role, k in NOTICE_KINDS.items()]
    )
    pending = select(
        FollowUp.respondent_id, kind, FollowUp.id, FollowUp.due_date, literal(1), now
    ).where(
        FollowUp.sent_at.is_(None),
        ~exists().where(Notice.follow_up_id == FollowUp.id),
    )
    db.session.execute(insert(Notice).from_select(NOTICE_COLUMNS, pending))
    db.session.execute(update(FollowUp).where(FollowUp.sent_at.is_(None)).values(sent_at=utcnow()))


def create_follow_ups(today: date) -> dict[str, int]:
    """Add the follow-ups that fall due by `today` and their notices; how many per role."""
    created = dict.fromkeys(NOTICE_KINDS, 0)
    settings = db.session.scalars(
        select(CourseVersion.follow_up_days).where(CourseVersion.follow_up_days > 0).distinct()
    ).all()
    for days in sorted(settings):
        created["learner"] += _insert(_learner_rows(today, days))
        created["supervisor"] += _insert(_supervisor_rows(today, days))
    _notify()
    db.session.commit()
    return created
