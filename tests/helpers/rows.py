"""Rows inserted directly, for tests of pages that only read them (reports, assignments):
no course folder, no publishing, no password hashing."""

from __future__ import annotations

from elearn.extensions import db
from elearn.models import Course, CourseVersion


def insert_course(slug: str) -> Course:
    course = Course(slug=slug)
    db.session.add(course)
    db.session.flush()
    return course


def insert_version(
    course: Course,
    number: int = 1,
    *,
    title: str,
    jp: int,
    content_hash: str,
    category: str = "uji",
    total_minutes: int = 90,
) -> CourseVersion:
    version = CourseVersion(
        course_id=course.id,
        number=number,
        content_hash=content_hash,
        title=title,
        category=category,
        jp=jp,
        total_minutes=total_minutes,
        pass_percent=70,
    )
    db.session.add(version)
    db.session.flush()
    return version
