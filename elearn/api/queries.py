"""The API's reads: one statement per page (two for the catalog's competencies), keyset by
id, every row inside the token's subtree. Rows are plain tuples with `.id` first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import (
    Assignment,
    Certificate,
    Competency,
    Course,
    CourseCompetency,
    CourseCompletion,
    CourseVersion,
    OrgUnit,
    Position,
    User,
)
from ..reporting.governments import government_of
from ..reporting.scope import Scope


def _page(stmt: Select, column, after: int, limit: int) -> list:
    return db.session.execute(stmt.where(column > after).order_by(column).limit(limit + 1)).all()


def courses(after: int, limit: int) -> tuple[list, dict[int, list[dict]]]:
    """Live courses and, by version id, the competencies each attests."""
    rows = _page(
        select(
            Course.id,
            Course.slug,
            CourseVersion.title,
            CourseVersion.category,
            CourseVersion.jp,
            CourseVersion.number,
            CourseVersion.published_at,
            CourseVersion.id.label("version_id"),
        ).join(CourseVersion, CourseVersion.id == Course.live_version_id),
        Course.id,
        after,
        limit,
    )
    competencies: dict[int, list[dict]] = {}
    if rows:
        found = db.session.execute(
            select(
                CourseCompetency.version_id,
                Competency.slug,
                Competency.name,
                CourseCompetency.level,
            )
            .join(Competency, Competency.id == CourseCompetency.competency_id)
            .where(CourseCompetency.version_id.in_([r.version_id for r in rows]))
            .order_by(Competency.position, Competency.slug)
        ).all()
        for version_id, slug, name, level in found:
            competencies.setdefault(version_id, []).append(
                {"slug": slug, "name": name, "level": level}
            )
    return rows, competencies


def _completion_select() -> Select:
    return (
        select(
            CourseCompletion.id,
            User.username.label("nip"),
            User.full_name,
            OrgUnit.code.label("unit_code"),
            Course.slug,
            CourseVersion.title,
            CourseCompletion.completed_at,
            CourseCompletion.year,
            CourseCompletion.jp,
            CourseCompletion.final_score,
            Certificate.number.label("certificate_number"),
            Certificate.code.label("certificate_code"),
        )
        .join(User, User.id == CourseCompletion.user_id)
        .join(Course, Course.id == CourseCompletion.course_id)
        .join(CourseVersion, CourseVersion.id == CourseCompletion.version_id)
        .outerjoin(OrgUnit, OrgUnit.id == User.unit_id)
        .outerjoin(Certificate, Certificate.completion_id == CourseCompletion.id)
    )


def completions(
    scope: Scope, year: int | None, since: datetime | None, after: int, limit: int
) -> list:
    stmt = _completion_select().where(scope.users())
    if year is not None:
        stmt = stmt.where(CourseCompletion.year == year)
    if since is not None:
        stmt = stmt.where(CourseCompletion.completed_at >= since)
    return _page(stmt, CourseCompletion.id, after, limit)


def learner_id(scope: Scope, nip: str) -> int | None:
    return db.session.scalar(select(User.id).where(User.username == nip, scope.users()))


def _certificate_select() -> Select:
    return (
        select(
            Certificate.id,
            Certificate.number,
            Certificate.code,
            User.username.label("nip"),
            User.full_name,
            Course.slug,
            Certificate.issued_at,
            Certificate.expires_at,
            Certificate.revoked_at,
            Certificate.record,
        )
        .join(User, User.id == Certificate.user_id)
        .join(Course, Course.id == Certificate.course_id)
    )


def certificates(scope: Scope, after: int, limit: int) -> list:
    return _page(_certificate_select().where(scope.users()), Certificate.id, after, limit)


def certificate(scope: Scope, number: str):
    return db.session.execute(
        _certificate_select().where(Certificate.number == number, scope.users())
    ).first()


def _employee_select(scope: Scope) -> Select:
    return (
        select(
            User.id,
            User.username.label("nip"),
            User.full_name,
            User.email,
            User.employee_type,
            User.rank,
            User.active,
            OrgUnit.code.label("unit_code"),
            Position.code.label("position_code"),
        )
        .join(OrgUnit, OrgUnit.id == User.unit_id)
        .outerjoin(Position, Position.id == User.position_id)
        .where(scope.users())
    )


def employees(scope: Scope, after: int, limit: int) -> list:
    return _page(_employee_select(scope), User.id, after, limit)


def employee(scope: Scope, nip: str):
    return db.session.execute(_employee_select(scope).where(User.username == nip)).first()


def _assignment_select() -> Select:
    version = aliased(CourseVersion)
    return (
        select(
            Assignment.id,
            Course.slug,
            version.title,
            OrgUnit.code.label("unit_code"),
            Position.code.label("position_code"),
            Assignment.due_date,
            Assignment.recurrence,
            Assignment.note,
            Assignment.created_at,
            Assignment.cancelled_at,
        )
        .join(Course, Course.id == Assignment.course_id)
        .outerjoin(version, version.id == Course.live_version_id)
        .join(OrgUnit, OrgUnit.id == Assignment.unit_id)
        .outerjoin(Position, Position.id == Assignment.position_id)
    )


def assignments(scope: Scope, after: int, limit: int) -> list:
    stmt = _assignment_select().where(scope.units(Assignment.unit_id))
    return _page(stmt, Assignment.id, after, limit)


def assignment(assignment_id: int):
    return db.session.execute(_assignment_select().where(Assignment.id == assignment_id)).first()


def course_id(slug: str) -> int | None:
    return db.session.scalar(
        select(Course.id).where(Course.slug == slug, Course.live_version_id.is_not(None))
    )


def unit_id(scope: Scope, code: str) -> int | None:
    return db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == code, scope.units()))


def position_id(unit: int, code: str) -> int | None:
    """The position `code` of the unit's government (positions belong to one)."""
    return db.session.scalar(
        select(Position.id).where(
            Position.code == code, Position.government_id == government_of(unit)
        )
    )
