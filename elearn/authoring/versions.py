"""What the publish, history and version pages show (read only; services.py acts)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ..content import diff
from ..content.item_checks import course_warnings
from ..content.source import CourseSource
from ..content.spec import Problem
from ..extensions import db
from ..models import Course, CourseVersion, User
from ..publishing.services import check_source, known_competencies
from . import store
from .drafts import problems_by_file

# ---------------------------------------------------------------------------
# Checking a draft before publishing


@dataclass
class PublishCheck:
    source: CourseSource
    problems: dict[str, list[Problem]]
    problem_count: int
    changes: list[diff.FileChange]
    live: CourseVersion | None
    live_without_source: bool  # the live version's files were never kept: no diff possible
    draft_hash: str
    same_as: int | None  # number of an earlier version with exactly these files
    warnings: dict[str, list[Problem]] = field(default_factory=dict)  # never block publishing

    @property
    def unchanged(self) -> bool:
        return self.live is not None and self.draft_hash == self.live.content_hash

    @property
    def can_publish(self) -> bool:
        return not self.problem_count and not self.unchanged


def check_publish(course: Course) -> PublishCheck:
    """Validate the whole draft and compare it with the live version, file by file."""
    source = store.draft_source(course)
    spec, problems = check_source(source, known_competencies())
    live = course.live_version
    live_files = store.version_files(live.id) if live else {}
    draft_hash = source.content_hash()
    same = db.session.scalar(
        select(CourseVersion.number).where(
            CourseVersion.course_id == course.id, CourseVersion.content_hash == draft_hash
        )
    )
    return PublishCheck(
        source=source,
        problems=problems_by_file(problems),
        problem_count=len(problems),
        warnings=problems_by_file(course_warnings(spec)) if spec else {},
        changes=diff.compare(live_files, source.files),
        live=live,
        live_without_source=live is not None and not live_files,
        draft_hash=draft_hash,
        same_as=same if same is not None and (live is None or same != live.number) else None,
    )


# ---------------------------------------------------------------------------
# History and restoring


@dataclass
class VersionRow:
    version: CourseVersion
    published_by: str
    live: bool


def history(course: Course) -> list[VersionRow]:
    rows = db.session.execute(
        select(CourseVersion, User.full_name)
        .outerjoin(User, User.id == CourseVersion.published_by_id)
        .where(CourseVersion.course_id == course.id)
        .order_by(CourseVersion.number.desc())
    ).all()
    return [VersionRow(v, name or "", v.id == course.live_version_id) for v, name in rows]


def version_or_none(course: Course, number: int) -> CourseVersion | None:
    return db.session.scalar(
        select(CourseVersion).where(
            CourseVersion.course_id == course.id, CourseVersion.number == number
        )
    )


@dataclass
class ShownFile:
    path: str
    size: int
    text: str | None  # None for media


def version_files(version: CourseVersion) -> list[ShownFile] | None:
    """The files of a version in folder order; None when they were never kept."""
    files = store.version_files(version.id)
    if not files:
        return None
    return [
        ShownFile(p, len(files[p]), diff.text_of(files[p]) if diff.is_text_path(p) else None)
        for p in sorted(files, key=diff.file_order)
    ]


def restore_changes(course: Course, version: CourseVersion) -> list[diff.FileChange] | None:
    """What restoring `version` would change in the current draft (or the live files).

    None when `version`'s own files were never kept: it cannot be restored.
    """
    files = store.version_files(version.id)
    if not files:
        return None
    if store.draft_of(course.id) is not None:
        current = store.draft_source(course).files
    elif course.live_version is not None:
        current = store.version_files(course.live_version.id)
    else:
        current = {}
    return diff.compare(current, files)
