"""The live course versions as learners read them, cached in process.

A published version never changes (a publish makes a new version with a new id), so its
modules and their HTML are kept per app and process, keyed by version id (versions are
never deleted, so an id is never reused), as frozen plain values: never ORM objects, which
belong to one session and thread. Each gunicorn worker has its own cache; that is correct
because what it holds never goes stale, and the course -> live version lookup stays a query
on every request.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from .extensions import db
from .models import CourseTask, CourseVersion, Module

CACHE_KEY = "elearn.live_versions"


@dataclass(frozen=True)
class ModuleView:
    id: int
    position: int
    slug: str
    title: str
    minutes: int
    html: str
    toc: tuple
    quiz_settings: dict | None  # shared by every request of the worker: read it, never change it
    question_count: int
    reflect_html: str | None


@dataclass(frozen=True)
class CompetencyRef:
    slug: str
    code: str
    name: str


@dataclass(frozen=True)
class CompetencyLevel:
    """What CourseCompetency shows: the competency and the level the course builds."""

    competency: CompetencyRef
    level: int


@dataclass(frozen=True)
class VersionView:
    """CourseVersion's columns (less the search text) and its modules in course order."""

    id: int
    course_id: int
    number: int
    content_hash: str
    title: str
    summary: str
    category: str
    jp: int
    total_minutes: int
    pass_percent: int
    pretest: bool
    valid_years: int | None
    overview_html: str
    exam_settings: dict | None  # shared like ModuleView.quiz_settings: never changed
    exam_question_count: int
    pretest_settings: dict | None
    pretest_question_count: int
    follow_up_days: int
    published_at: datetime
    modules: tuple[ModuleView, ...]
    competencies: tuple[CompetencyLevel, ...]
    has_task: bool = False  # whether the version declares a workplace task

    @property
    def offers_pretest(self) -> bool:
        # The same rule as CourseVersion.offers_pretest.
        return bool(self.pretest and (self.pretest_question_count or self.exam_question_count))

    def module(self, slug: str) -> ModuleView | None:
        return next((m for m in self.modules if m.slug == slug), None)


class _Gone(LookupError):
    """The version is not there (any more): raised, so that lru_cache keeps nothing."""


VERSION_COLUMNS = tuple(
    f.name for f in fields(VersionView) if f.name not in ("modules", "competencies", "has_task")
)


def _load(version_id: int) -> VersionView:
    """Read one version, its competencies, its modules and its task (four statements)."""
    version = db.session.get(CourseVersion, version_id)
    if version is None:
        raise _Gone(version_id)
    modules = db.session.scalars(
        select(Module).where(Module.version_id == version_id).order_by(Module.position)
    )
    columns = {name: getattr(version, name) for name in VERSION_COLUMNS}
    return VersionView(
        **columns,
        modules=tuple(
            ModuleView(
                m.id,
                m.position,
                m.slug,
                m.title,
                m.minutes,
                m.html,
                tuple(m.toc or ()),
                m.quiz_settings,
                m.question_count,
                m.reflect_html,
            )
            for m in modules
        ),
        competencies=tuple(
            CompetencyLevel(
                CompetencyRef(c.competency.slug, c.competency.code, c.competency.name), c.level
            )
            for c in version.competencies
        ),
        has_task=db.session.get(CourseTask, version_id) is not None,
    )


def version_view(version_id: int | None) -> VersionView | None:
    """The cached view of a version (loaded on first use). The cache belongs to the app, so
    that two apps in one process (the tests) never share one."""
    if version_id is None:
        return None
    cached = current_app.extensions.get(CACHE_KEY)
    if cached is None:
        size = int(current_app.config["LIVE_VERSION_CACHE_SIZE"])
        cached = current_app.extensions[CACHE_KEY] = functools.lru_cache(maxsize=size)(_load)
    try:
        return cached(version_id)
    except _Gone:
        return None
