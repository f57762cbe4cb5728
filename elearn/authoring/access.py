"""Who may author which course: its owner and co-authors; admins may open every course."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Course, CourseAuthor

AUTHORS = ("trainer", "admin")  # roles that reach /author at all


def courses_for(user) -> list[Course]:
    """Courses the user may edit: all for admins, else those they own or co-author."""
    stmt = select(Course).order_by(Course.slug)
    if not user.has_role("admin"):
        stmt = stmt.join(CourseAuthor, CourseAuthor.course_id == Course.id).where(
            CourseAuthor.user_id == user.id
        )
    return list(db.session.scalars(stmt))


def can_edit(user, course_id: int) -> bool:
    if user.has_role("admin"):
        return True
    if not user.has_role("trainer"):
        return False
    return db.session.get(CourseAuthor, (course_id, user.id)) is not None


def course_or_404(slug: str) -> Course:
    """The course named in the URL if the current user may edit it; otherwise 404."""
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None or not can_edit(current_user, course.id):
        abort(404)
    return course


def add_author(course_id: int, user_id: int, role: str = "owner") -> None:
    row = db.session.get(CourseAuthor, (course_id, user_id))
    if row is None:
        db.session.add(CourseAuthor(course_id=course_id, user_id=user_id, role=role))
    else:
        row.role = role
    db.session.flush()
