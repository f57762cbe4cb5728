"""Reading courses: the catalog, enrolment and which modules a learner has read."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    Competency,
    Course,
    CourseCompetency,
    CourseVersion,
    Enrollment,
    MediaBlob,
    Module,
    ModuleProgress,
)
from ..models.base import utcnow


@dataclass
class CatalogPage:
    items: list[tuple[str, CourseVersion]]
    total: int
    page: int
    pages: int


def catalog(
    query: str = "", category: str = "", competency: str = "", page: int = 1, size: int = 12
) -> CatalogPage:
    """Return one page of live courses matching the search words and filters."""
    stmt = select(Course.slug, CourseVersion).join(
        CourseVersion, Course.live_version_id == CourseVersion.id
    )
    for word in query.casefold().split()[:10]:
        stmt = stmt.where(CourseVersion.search_text.contains(word, autoescape=True))
    if category:
        stmt = stmt.where(CourseVersion.category == category)
    if competency:
        stmt = stmt.where(
            exists().where(
                CourseCompetency.version_id == CourseVersion.id,
                CourseCompetency.competency_id == Competency.id,
                Competency.slug == competency,
            )
        )
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    rows = db.session.execute(
        stmt.order_by(CourseVersion.title, Course.slug).offset((page - 1) * size).limit(size)
    ).all()
    return CatalogPage([(slug, version) for slug, version in rows], total, page, pages)


def catalog_filters() -> tuple[list[str], list[Competency]]:
    """List the categories and competencies that live courses use."""
    live = select(Course.live_version_id).where(Course.live_version_id.is_not(None))
    categories = db.session.scalars(
        select(CourseVersion.category)
        .where(CourseVersion.id.in_(live))
        .distinct()
        .order_by(CourseVersion.category)
    ).all()
    competencies = db.session.scalars(
        select(Competency)
        .where(
            Competency.id.in_(
                select(CourseCompetency.competency_id).where(CourseCompetency.version_id.in_(live))
            )
        )
        .order_by(Competency.position, Competency.name)
    ).all()
    return list(categories), list(competencies)


def live_course(slug: str) -> tuple[Course, CourseVersion] | None:
    """Find a published course by slug with its live version and modules."""
    row = db.session.execute(
        select(Course, CourseVersion)
        .join(CourseVersion, Course.live_version_id == CourseVersion.id)
        .where(Course.slug == slug)
        .options(selectinload(CourseVersion.modules).defer(Module.html))
    ).first()
    return (row[0], row[1]) if row else None


def read_slugs(user_id: int, course_id: int) -> set[str]:
    """Return the slugs of the modules this learner marked as read in this course."""
    return set(
        db.session.scalars(
            select(ModuleProgress.module_slug).where(
                ModuleProgress.user_id == user_id, ModuleProgress.course_id == course_id
            )
        )
    )


def enrollment(user_id: int, course_id: int) -> Enrollment | None:
    return db.session.scalar(
        select(Enrollment).where(Enrollment.user_id == user_id, Enrollment.course_id == course_id)
    )


def enrol(user_id: int, course_id: int, module_slug: str | None = None) -> Enrollment:
    """Enrol the learner if needed and remember the module they opened."""
    row = enrollment(user_id, course_id)
    if row is None:
        try:
            with db.session.begin_nested():
                row = Enrollment(user_id=user_id, course_id=course_id)
                db.session.add(row)
        except IntegrityError:  # the same learner in another tab got there first
            row = enrollment(user_id, course_id)
    if module_slug:
        row.last_module_slug = module_slug
        row.last_opened_at = utcnow()
    db.session.commit()
    return row


def mark_read(user_id: int, course_id: int, version_id: int, module_slug: str) -> bool:
    """Record a module as read once; return False if it already was."""
    enrol(user_id, course_id)
    done = db.session.scalar(
        select(ModuleProgress.id).where(
            ModuleProgress.user_id == user_id,
            ModuleProgress.course_id == course_id,
            ModuleProgress.module_slug == module_slug,
        )
    )
    if done is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(
                ModuleProgress(
                    user_id=user_id,
                    course_id=course_id,
                    module_slug=module_slug,
                    version_id=version_id,
                )
            )
    except IntegrityError:  # a double click: the first one counted
        return False
    db.session.commit()
    return True


@dataclass
class MyCourse:
    slug: str
    title: str
    jp: int
    total: int
    done: int
    resume: str | None
    enrolled_at: object
    last_opened_at: object


def my_courses(user_id: int) -> list[MyCourse]:
    """List the learner's courses with modules read and where to resume, in one query."""
    version = CourseVersion
    total = select(func.count(Module.id)).where(Module.version_id == version.id).scalar_subquery()
    done = (
        select(func.count(ModuleProgress.id))
        .join(
            Module,
            and_(Module.version_id == version.id, Module.slug == ModuleProgress.module_slug),
        )
        .where(ModuleProgress.user_id == user_id, ModuleProgress.course_id == Course.id)
        .scalar_subquery()
    )
    last_exists = exists().where(
        Module.version_id == version.id, Module.slug == Enrollment.last_module_slug
    )
    first_unread = (
        select(Module.slug)
        .where(
            Module.version_id == version.id,
            ~exists().where(
                ModuleProgress.user_id == user_id,
                ModuleProgress.course_id == Course.id,
                ModuleProgress.module_slug == Module.slug,
            ),
        )
        .order_by(Module.position)
        .limit(1)
        .scalar_subquery()
    )
    resume = case((last_exists, Enrollment.last_module_slug), else_=first_unread)
    rows = db.session.execute(
        select(
            Course.slug,
            version.title,
            version.jp,
            total,
            done,
            resume,
            Enrollment.enrolled_at,
            Enrollment.last_opened_at,
        )
        .select_from(Enrollment)
        .join(Course, Course.id == Enrollment.course_id)
        .join(version, version.id == Course.live_version_id)
        .where(Enrollment.user_id == user_id)
        .order_by(
            func.coalesce(Enrollment.last_opened_at, Enrollment.enrolled_at).desc(), version.title
        )
    ).all()
    return [MyCourse(*row) for row in rows]


def media_blob(digest: str) -> MediaBlob | None:
    return db.session.scalar(select(MediaBlob).where(MediaBlob.sha256 == digest))
