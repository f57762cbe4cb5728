"""Mandatory-training tests' rows, inserted directly: a live course, assignments, employees,
completions and final-exam retakes at chosen moments."""

from __future__ import annotations

from datetime import UTC, date, datetime

from elearn.extensions import db
from elearn.models import Assignment, Course, CourseVersion, QuizAttempt, User
from tests.helpers.rows import insert_completion, insert_course, insert_version

DUE = date(2026, 3, 31)


def live_course(slug="wajib", title="Kursus Wajib", jp=2) -> Course:
    """A published course stored directly (no course folder needed)."""
    course = insert_course(slug)
    version = insert_version(course, title=title, jp=jp, content_hash=slug.ljust(64, "0")[:64])
    course.live_version_id = version.id
    db.session.commit()
    return course


def assign(course, unit_id, due=DUE, recurrence="none", position_id=None, cancelled=False):
    row = Assignment(
        course_id=course.id,
        unit_id=unit_id,
        position_id=position_id,
        due_date=due,
        recurrence=recurrence,
        cancelled_at=datetime.now(UTC) if cancelled else None,
    )
    db.session.add(row)
    db.session.commit()
    return row


def employees(unit_id, count, prefix="p", position_id=None, email=None) -> list[User]:
    """Employees inserted directly (no password hashing: fast enough for hundreds)."""
    users = [
        User(
            username=f"{prefix}{i:03d}",
            full_name=f"Pegawai {prefix.upper()} {i:03d}",
            unit_id=unit_id,
            position_id=position_id,
            email=email and f"{prefix}{i:03d}@{email}",
        )
        for i in range(count)
    ]
    db.session.add_all(users)
    db.session.commit()
    return users


def at(y, m, d, hour=10) -> datetime:
    """A moment on local day y-m-d (Asia/Jakarta is UTC+7: 10:00 UTC is 17:00 WIB)."""
    return datetime(y, m, d, hour, tzinfo=UTC)


def complete(user, course, when: datetime):
    insert_completion(user.id, db.session.get(CourseVersion, course.live_version_id), when)
    db.session.commit()


def retake(user, course, when: datetime, passed=True, number=2):
    """A submitted final-exam attempt (a yearly cycle's retake when passed)."""
    db.session.add(
        QuizAttempt(
            user_id=user.id,
            course_id=course.id,
            version_id=course.live_version_id,
            section="",
            kind="exam",
            number=number,
            questions=[],
            pass_percent=70,
            total=10,
            correct=9 if passed else 1,
            score=90 if passed else 10,
            passed=passed,
            started_at=when,
            submitted_at=when,
        )
    )
    db.session.commit()
