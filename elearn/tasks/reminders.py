"""The workplace task's part of the daily reminder run: reviews past their due date.

One INSERT ... SELECT; NOT EXISTS keeps a second run from notifying twice about the same
submission.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Integer, String, exists, insert, literal, select

from .. import clock
from ..extensions import db
from ..models import Notice, TaskReview, TaskSubmission, User
from ..models.base import UTCDateTime, utcnow

OVERDUE = "task_overdue"


def create_overdue_notices(today: date, review_days: int) -> int:
    """Tell each reviewer, once per submission, that a review is past its due date (submitted
    more than `review_days` before `today` began); return how many notices are new."""
    start = datetime.combine(today, time.min, tzinfo=clock.zone())
    cutoff = start - timedelta(days=review_days)
    chosen = (
        select(
            TaskSubmission.reviewer_id,
            literal(OVERDUE, String()),
            TaskSubmission.id,
            literal(1, Integer()),
            literal(utcnow(), UTCDateTime()),
        )
        .join(User, (User.id == TaskSubmission.reviewer_id) & User.active.is_(True))
        .where(
            TaskSubmission.submitted_at < cutoff,
            ~exists().where(TaskReview.submission_id == TaskSubmission.id),
            ~exists().where(
                Notice.submission_id == TaskSubmission.id,
                Notice.user_id == TaskSubmission.reviewer_id,
                Notice.kind == OVERDUE,
            ),
        )
    )
    result = db.session.execute(
        insert(Notice).from_select(
            ["user_id", "kind", "submission_id", "count", "created_at"], chosen
        ),
        execution_options={"preserve_rowcount": True},
    )
    return max(result.rowcount or 0, 0)
