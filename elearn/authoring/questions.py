"""The /author page's list of learners' questions still waiting for an answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..extensions import db
from ..models import Course, CourseVersion, ModuleQuestion

Q = ModuleQuestion


@dataclass(frozen=True)
class Unanswered:
    course_id: int
    slug: str
    title: str
    module_slug: str
    count: int
    oldest: datetime


def unanswered(course_ids: list[int]) -> list[Unanswered]:
    """Unanswered visible questions per course and module of these courses, in one
    aggregate statement, the longest-waiting first."""
    if not course_ids:
        return []
    rows = db.session.execute(
        select(
            Q.course_id,
            Course.slug,
            func.coalesce(func.max(CourseVersion.title), Course.slug),
            Q.module_slug,
            func.count(Q.id),
            func.min(Q.created_at),
        )
        .join(Course, Course.id == Q.course_id)
        .outerjoin(CourseVersion, CourseVersion.id == Course.live_version_id)
        .where(Q.course_id.in_(course_ids), Q.answered_at.is_(None), Q.hidden_at.is_(None))
        .group_by(Q.course_id, Course.slug, Q.module_slug)
        .order_by(func.min(Q.created_at))
    ).all()
    return [Unanswered(*row) for row in rows]
