"""A learner's competency profile: required by the position, attained from certificates."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..certificates import services as certificates
from ..domain.gaps import CourseOffer, attained_levels, gap_rows, recommendations
from ..extensions import db
from ..models import Competency, Course, CourseCompetency, CourseCompletion, CourseVersion, User
from ..models.base import utcnow


@dataclass
class ProfileRow:
    competency: Competency
    required: int
    attained: int
    gap: int
    courses: list[tuple[str, str]]  # (slug, title) that would close the gap


def profile(user: User) -> list[ProfileRow]:
    """Rows for each competency the position requires or a valid certificate attests."""
    required = {}
    if user.position is not None:
        required = {r.competency.slug: r.level for r in user.position.requirements}
    attained = attained_levels(certificates.attestations(user.id), utcnow())
    rows = gap_rows(required, attained)
    offers = db.session.execute(
        select(Course.slug, CourseVersion.title, Competency.slug, CourseCompetency.level)
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .join(CourseCompetency, CourseCompetency.version_id == CourseVersion.id)
        .join(Competency, Competency.id == CourseCompetency.competency_id)
    ).all()
    titles = {slug: title for slug, title, _, _ in offers}
    completed = set(
        db.session.scalars(
            select(Course.slug)
            .join(CourseCompletion, CourseCompletion.course_id == Course.id)
            .where(CourseCompletion.user_id == user.id)
        )
    )
    advice = recommendations(
        rows, [CourseOffer(c, comp, level) for c, _, comp, level in offers], completed
    )
    by_slug = {
        c.slug: c
        for c in db.session.scalars(
            select(Competency).where(Competency.slug.in_([r.competency for r in rows]))
        )
    }
    order = {slug: (c.position, c.name) for slug, c in by_slug.items()}
    result = [
        ProfileRow(
            competency=by_slug[row.competency],
            required=row.required,
            attained=row.attained,
            gap=row.gap,
            courses=[(slug, titles[slug]) for slug in advice.get(row.competency, [])],
        )
        for row in rows
        if row.competency in by_slug
    ]
    return sorted(result, key=lambda r: (-r.gap, order[r.competency.slug]))
