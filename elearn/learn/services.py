"""Reading courses: the catalog, enrolment and which modules a learner has read."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..certificates import services as certificates
from ..domain.completion import ModuleState, course_complete
from ..domain.jp import credit_year, totals_by_year
from ..extensions import db
from ..models import (
    Competency,
    Course,
    CourseCompetency,
    CourseCompletion,
    CourseVersion,
    Enrollment,
    Module,
    ModuleProgress,
    QuizAttempt,
)
from ..models.base import utcnow
from ..publishing.blobs import published_media


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


def best_score(user_id: int, course_id: int, kind: str) -> int | None:
    """Best submitted final-exam score of a kind ("exam" or "pretest"), or None."""
    return db.session.scalar(
        select(func.max(QuizAttempt.score)).where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.course_id == course_id,
            QuizAttempt.section == "",
            QuizAttempt.kind == kind,
            QuizAttempt.submitted_at.is_not(None),
        )
    )


def course_by_id(course_id: int) -> Course:
    return db.session.get(Course, course_id)


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


def enrol(
    user_id: int, course_id: int, module_slug: str | None = None, commit: bool = True
) -> Enrollment:
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
    if commit:
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
    course = db.session.get(Course, course_id)
    refresh_completion(user_id, course, commit=False)
    db.session.commit()
    return True


def module_states(user_id: int, course_id: int, version: CourseVersion) -> list[ModuleState]:
    """Describe each module of the version as read / quiz passed, by module slug."""
    from ..quiz.services import passed_sections

    read = read_slugs(user_id, course_id)
    passed = passed_sections(user_id, course_id)
    return [
        ModuleState(m.slug, m.question_count > 0, m.slug in read, m.slug in passed)
        for m in version.modules
    ]


def completion(user_id: int, course_id: int) -> CourseCompletion | None:
    return db.session.scalar(
        select(CourseCompletion).where(
            CourseCompletion.user_id == user_id, CourseCompletion.course_id == course_id
        )
    )


def refresh_completion(user_id: int, course: Course, commit: bool = True):
    """Record the course as completed, once, when the completion rules say it is."""
    from ..quiz.services import passed_sections

    existing = completion(user_id, course.id)
    if existing is not None or course.live_version is None:
        return existing
    version = course.live_version
    states = module_states(user_id, course.id, version)
    exam_passed = "" in passed_sections(user_id, course.id)
    if not course_complete(states, version.exam_question_count > 0, exam_passed):
        return None
    best = db.session.execute(
        select(func.max(QuizAttempt.score), QuizAttempt.kind)
        .where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.course_id == course.id,
            QuizAttempt.section == "",
            QuizAttempt.kind.in_(("exam", "pretest")),
            QuizAttempt.submitted_at.is_not(None),
        )
        .group_by(QuizAttempt.kind)
    ).all()
    scores = {kind: value for value, kind in best}
    now = utcnow()
    row = CourseCompletion(
        user_id=user_id,
        course_id=course.id,
        version_id=version.id,
        completed_at=now,
        year=credit_year(now, current_app.config["TIMEZONE"]),
        jp=version.jp,
        final_score=scores.get("exam"),
        pretest_score=scores.get("pretest"),
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
            # Same transaction: no completion without its certificate, never two.
            certificates.issue(row, version)
    except IntegrityError:  # completed in another request at the same moment
        row = completion(user_id, course.id)
    if commit:
        db.session.commit()
    return row


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
    completed_at: object
    percent: int = 0


def my_courses(user_id: int) -> list[MyCourse]:
    """List the learner's courses with modules complete, where to resume and completion,
    in one query whatever the number of courses."""
    version = CourseVersion
    total = select(func.count(Module.id)).where(Module.version_id == version.id).scalar_subquery()
    # Explicit correlation: these sit two SELECTs deep, and implicit correlation only
    # reaches the nearest one, which would read Course as "any course".
    was_read = (
        exists()
        .where(
            ModuleProgress.user_id == user_id,
            ModuleProgress.course_id == Course.id,
            ModuleProgress.module_slug == Module.slug,
        )
        .correlate(Module, Course)
    )
    was_passed = (
        exists()
        .where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.course_id == Course.id,
            QuizAttempt.section == Module.slug,
            QuizAttempt.passed.is_(True),
        )
        .correlate(Module, Course)
    )
    done = (
        select(func.count(Module.id))
        .where(
            Module.version_id == version.id,
            or_(
                and_(Module.question_count == 0, was_read),
                and_(Module.question_count > 0, was_passed),
            ),
        )
        .scalar_subquery()
    )
    last_exists = exists().where(
        Module.version_id == version.id, Module.slug == Enrollment.last_module_slug
    )
    first_unread = (
        select(Module.slug)
        .where(Module.version_id == version.id, ~was_read)
        .order_by(Module.position)
        .limit(1)
        .scalar_subquery()
    )
    completed_at = (
        select(CourseCompletion.completed_at)
        .where(CourseCompletion.user_id == user_id, CourseCompletion.course_id == Course.id)
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
            completed_at,
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


def jp_by_year(user_id: int) -> dict[int, int]:
    """JP credited per calendar year, from this learner's completions."""
    rows = db.session.execute(
        select(CourseCompletion.year, func.sum(CourseCompletion.jp))
        .where(CourseCompletion.user_id == user_id)
        .group_by(CourseCompletion.year)
    ).all()
    return totals_by_year((int(year), int(jp)) for year, jp in rows)


def media_blob(digest: str):
    """(data, mime) of a published media file, or None."""
    return published_media(digest)
