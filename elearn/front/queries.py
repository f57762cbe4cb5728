"""The aggregate reads of the public pages: the landing page's figures and course lists,
a course's authors, the live courses of the sitemap. Counts and course ids only: nothing
here names a learner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from .. import clock
from ..extensions import plain_rows
from ..models import (
    Certificate,
    Course,
    CourseAuthor,
    CourseCompletion,
    CourseVersion,
    User,
    UserRole,
)

LIST_SIZE = 3  # courses in each list of the landing page


@dataclass(frozen=True)
class Figures:
    learners: int  # active accounts holding the learner role
    certificates: int  # certificates issued this (Jakarta) year and not revoked
    courses: int  # live courses
    year: int


@dataclass(frozen=True)
class Landing:
    figures: Figures
    featured: tuple[tuple[str, int], ...]  # (slug, live version id)
    newest: tuple[tuple[str, int], ...]


def figures(year: int) -> Figures:
    """The three figures in one statement of scalar subqueries."""
    learners = (
        select(func.count())
        .select_from(UserRole)
        .join(User, User.id == UserRole.user_id)
        .where(UserRole.role == "learner", User.active.is_(True))
        .scalar_subquery()
    )
    certificates = (
        select(func.count())
        .select_from(Certificate)
        .where(Certificate.year == year, Certificate.revoked_at.is_(None))
        .scalar_subquery()
    )
    courses = (
        select(func.count())
        .select_from(Course)
        .where(Course.live_version_id.is_not(None))
        .scalar_subquery()
    )
    row = plain_rows(select(learners, certificates, courses)).one()
    return Figures(int(row[0] or 0), int(row[1] or 0), int(row[2] or 0), year)


def featured(year: int, size: int = LIST_SIZE) -> tuple[tuple[str, int], ...]:
    """The live courses completed most often this year (at least once), most first; ties
    by title. The rule is docs/public-front.md's."""
    done = func.count(CourseCompletion.id)
    stmt = (
        select(Course.slug, Course.live_version_id)
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .join(CourseCompletion, CourseCompletion.course_id == Course.id)
        .where(CourseCompletion.year == year)
        .group_by(Course.id, Course.slug, Course.live_version_id, CourseVersion.title)
        .order_by(done.desc(), CourseVersion.title, Course.slug)
        .limit(size)
    )
    return tuple((slug, version_id) for slug, version_id in plain_rows(stmt))


def newest(size: int = LIST_SIZE) -> tuple[tuple[str, int], ...]:
    """The live courses first published most recently (their first version's date: a new
    edition of an old course is not a new course)."""
    first = (
        select(func.min(CourseVersion.published_at))
        .where(CourseVersion.course_id == Course.id)
        .correlate(Course)
        .scalar_subquery()
    )
    stmt = (
        select(Course.slug, Course.live_version_id)
        .where(Course.live_version_id.is_not(None))
        .order_by(first.desc(), Course.slug)
        .limit(size)
    )
    return tuple((slug, version_id) for slug, version_id in plain_rows(stmt))


def landing() -> Landing:
    year = clock.this_year()
    return Landing(figures(year), featured(year), newest())


def live_version_id(slug: str) -> tuple[int, int] | None:
    """(course id, live version id) of a published course, or None."""
    row = plain_rows(
        select(Course.id, Course.live_version_id).where(
            Course.slug == slug, Course.live_version_id.is_not(None)
        )
    ).first()
    return (row[0], row[1]) if row else None


def authors(course_id: int) -> list[str]:
    """The names of the course's trainers, its owner first: they sign the content publicly.
    Deactivated accounts are left out."""
    owner_first = (CourseAuthor.role != "owner", User.full_name)
    stmt = (
        select(User.full_name)
        .join(CourseAuthor, CourseAuthor.user_id == User.id)
        .where(CourseAuthor.course_id == course_id, User.active.is_(True))
        .order_by(*owner_first)
    )
    return [name for (name,) in plain_rows(stmt)]


def sitemap_courses() -> list[tuple[str, datetime]]:
    """Every live course's slug and the date its live version was published."""
    stmt = (
        select(Course.slug, CourseVersion.published_at)
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .order_by(Course.slug)
    )
    return [(slug, published) for slug, published in plain_rows(stmt)]
