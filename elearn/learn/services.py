"""Finding courses: the catalog of live courses, one course by slug, its media files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from sqlalchemy import exists, func, literal_column, select, union
from sqlalchemy.orm import selectinload

from .. import live_versions as live
from ..extensions import db, plain_rows
from ..live_versions import VersionView
from ..models import Competency, Course, CourseCompetency, CourseVersion, Module
from ..publishing.blobs import published_media


@dataclass
class CatalogPage:
    items: list[tuple[str, VersionView]]  # slug and live version (from the cache)
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class CatalogSearch:
    """What the learner searches the catalog for: words, a category, a competency's slug."""

    query: str = ""
    category: str = ""
    competency: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> CatalogSearch:
        """Read the search form's fields (q, category, competency) from a query string."""
        return cls(
            query=args.get("q", "").strip()[:200],
            category=args.get("category", "").strip()[:100],
            competency=args.get("competency", "").strip()[:100],
        )

    @property
    def active(self) -> bool:
        return bool(self.query or self.category or self.competency)

    def link(self, page: int) -> dict[str, str | int | None]:
        """The query string of another page of the same search (empty fields left out)."""
        return {
            "q": self.query or None,
            "category": self.category or None,
            "competency": self.competency or None,
            "page": page,
        }


def catalog(search: CatalogSearch, page: int = 1, size: int = 12) -> CatalogPage:
    """Return one page of live courses matching the search words and filters: the statement
    finds slugs and version ids, the versions themselves come from the per-worker cache."""
    stmt = select(Course.slug, Course.live_version_id).join(
        CourseVersion, Course.live_version_id == CourseVersion.id
    )
    for word in search.query.casefold().split()[:10]:
        stmt = stmt.where(CourseVersion.search_text.contains(word, autoescape=True))
    if search.category:
        stmt = stmt.where(CourseVersion.category == search.category)
    if search.competency:
        stmt = stmt.where(
            exists().where(
                CourseCompetency.version_id == CourseVersion.id,
                CourseCompetency.competency_id == Competency.id,
                Competency.slug == search.competency,
            )
        )
    stmt = stmt.order_by(CourseVersion.title, Course.slug)
    if page <= 1:  # a first page that is not full is the whole catalog: no count needed
        rows = db.session.execute(stmt.limit(size)).all()
        if len(rows) < size:
            return CatalogPage(_cached(rows), len(rows), 1, 1)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    rows = db.session.execute(stmt.offset((page - 1) * size).limit(size)).all()
    return CatalogPage(_cached(rows), total, page, pages)


def _cached(rows) -> list[tuple[str, VersionView]]:
    found = ((slug, live.version_view(version_id)) for slug, version_id in rows)
    return [(slug, version) for slug, version in found if version is not None]


@dataclass(frozen=True)
class CompetencyOption:
    slug: str
    name: str


@cache
def _filters_statement():
    """Built once per process: the catalog asks it on every visit."""
    live = select(Course.live_version_id).where(Course.live_version_id.is_not(None))
    categories = select(
        literal_column("0").label("kind"),
        CourseVersion.category.label("slug"),
        CourseVersion.category.label("name"),
        literal_column("0").label("position"),
    ).where(CourseVersion.id.in_(live))
    competencies = select(
        literal_column("1"), Competency.slug, Competency.name, Competency.position
    ).where(
        Competency.id.in_(
            select(CourseCompetency.competency_id).where(CourseCompetency.version_id.in_(live))
        )
    )
    return union(categories, competencies)


def catalog_filters() -> tuple[list[str], list[CompetencyOption]]:
    """List the categories and competencies that live courses use, in one statement."""
    found = sorted(plain_rows(_filters_statement()), key=lambda r: (r.kind, r.position, r.name))
    return (
        [r.slug for r in found if r.kind == 0],
        [CompetencyOption(r.slug, r.name) for r in found if r.kind == 1],
    )


def live_course(slug: str) -> tuple[Course, CourseVersion] | None:
    """Find a published course by slug with its live version and modules."""
    row = db.session.execute(
        select(Course, CourseVersion)
        .join(CourseVersion, Course.live_version_id == CourseVersion.id)
        .where(Course.slug == slug)
        .options(selectinload(CourseVersion.modules).defer(Module.html))
    ).first()
    return (row[0], row[1]) if row else None


def course_by_id(course_id: int) -> Course:
    return db.session.get(Course, course_id)


def media_blob(digest: str):
    """(data, mime) of a published media file, or None."""
    return published_media(digest)
