"""The SKM mapping as stored (which competencies and courses address each element), the
import of `courses/skm.yml` that replaces it, the admin's edits, and the threshold below
which an element or a unit is weak. The only module of the mapping that commits."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, delete, select

from .. import audit, site_settings
from ..domain import skm, skm_map
from ..extensions import db
from ..models import (
    Competency,
    Course,
    CourseVersion,
    Module,
    SkmElementCompetency,
    SkmElementCourse,
)

FILE_NAME = "skm.yml"
THRESHOLD_KEY = "skm.weak_below"
FILE_HASH_KEY = "skm.map_file_sha256"
# Weak: below band B (Baik), the regulation's lowest good band, unless the admin says
# otherwise. An element is weak when its average on the index's scale (x 25) is below it.
DEFAULT_THRESHOLD = next(b.low for b in skm.BANDS if b.letter == "B")
THRESHOLD_MIN, THRESHOLD_MAX = 25.0, 100.0


# --- the threshold ----------------------------------------------------------------------


def threshold() -> float:
    """The index (25-100) below which a unit, or an element's average x 25, is weak."""
    try:
        value = float(site_settings.get(THRESHOLD_KEY) or DEFAULT_THRESHOLD)
    except ValueError:
        return DEFAULT_THRESHOLD
    return value if THRESHOLD_MIN < value <= THRESHOLD_MAX else DEFAULT_THRESHOLD


def set_threshold(value: float, actor_id: int | None) -> bool:
    """Store the threshold (two decimals), audited; False when it already was so."""
    return site_settings.put(THRESHOLD_KEY, f"{value:.2f}", actor_id)


def element_threshold(index_threshold: float) -> float:
    """The same threshold on an element's 1-4 average (76.61 -> 3.0644)."""
    return index_threshold / skm.SCALE


# --- what exists ------------------------------------------------------------------------


def known_competencies() -> set[str]:
    return set(db.session.scalars(select(Competency.slug)))


def known_courses() -> dict[str, list[str]]:
    """Published courses by slug, with their live version's module slugs in order."""
    rows = db.session.execute(
        select(Course.slug, Module.slug)
        .join(Module, Module.version_id == Course.live_version_id)
        .order_by(Course.slug, Module.position)
    )
    found: dict[str, list[str]] = defaultdict(list)
    for course, module in rows:
        found[course].append(module)
    return dict(found)


@dataclass(frozen=True)
class CourseChoice:
    """A published course and its modules, as the admin's form offers them."""

    id: int
    slug: str
    title: str
    modules: tuple[tuple[str, str], ...]  # (slug, title)


def course_choices() -> list[CourseChoice]:
    """Every published course with its modules (two statements)."""
    courses = db.session.execute(
        select(Course.id, Course.slug, CourseVersion.title, CourseVersion.id)
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .order_by(CourseVersion.title, Course.id)
    ).all()
    modules: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for version_id, slug, title in db.session.execute(
        select(Module.version_id, Module.slug, Module.title)
        .where(Module.version_id.in_([c[3] for c in courses] or [-1]))
        .order_by(Module.version_id, Module.position)
    ):
        modules[version_id].append((slug, title))
    return [CourseChoice(i, s, t, tuple(modules[v])) for i, s, t, v in courses]


def competency_choices() -> list[Competency]:
    return list(db.session.scalars(select(Competency).order_by(Competency.position)))


# --- the stored mapping -----------------------------------------------------------------


@dataclass(frozen=True)
class MappedCourse:
    """A course (or one module of it) that addresses an element."""

    course_id: int
    slug: str
    title: str  # the live version's title; the slug when none is live
    module_slug: str  # "" for the whole course
    module_title: str | None  # None: the live version has no such module (any more)
    live: bool

    @property
    def key(self) -> str:
        return f"{self.slug}/{self.module_slug}" if self.module_slug else self.slug


@dataclass
class MappedElement:
    element: skm.Element
    competencies: list[Competency] = field(default_factory=list)
    courses: list[MappedCourse] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.competencies and not self.courses


def stored() -> dict[int, MappedElement]:
    """Every element's mapping (element number -> MappedElement), in two statements."""
    found = {e.number: MappedElement(e) for e in skm.ELEMENTS}
    for element, competency in db.session.execute(
        select(SkmElementCompetency.element, Competency)
        .join(Competency, Competency.id == SkmElementCompetency.competency_id)
        .order_by(SkmElementCompetency.element, SkmElementCompetency.position)
    ):
        found[element].competencies.append(competency)
    rows = db.session.execute(
        select(
            SkmElementCourse.element,
            Course.id,
            Course.slug,
            CourseVersion.title,
            SkmElementCourse.module_slug,
            Module.title,
        )
        .join(Course, Course.id == SkmElementCourse.course_id)
        .outerjoin(CourseVersion, CourseVersion.id == Course.live_version_id)
        .outerjoin(
            Module,
            and_(
                Module.version_id == Course.live_version_id,
                Module.slug == SkmElementCourse.module_slug,
            ),
        )
        .order_by(SkmElementCourse.element, SkmElementCourse.position)
    )
    for element, course_id, slug, title, module_slug, module_title in rows:
        found[element].courses.append(
            MappedCourse(course_id, slug, title or slug, module_slug, module_title, bool(title))
        )
    return found


def _write_element(number: int, competency_ids: Iterable[int], courses) -> None:
    """Replace one element's rows (no commit); `courses` are (course id, module slug)."""
    db.session.execute(delete(SkmElementCompetency).where(SkmElementCompetency.element == number))
    db.session.execute(delete(SkmElementCourse).where(SkmElementCourse.element == number))
    db.session.add_all(
        SkmElementCompetency(element=number, competency_id=cid, position=i)
        for i, cid in enumerate(competency_ids, start=1)
    )
    db.session.add_all(
        SkmElementCourse(element=number, course_id=cid, module_slug=module or "", position=i)
        for i, (cid, module) in enumerate(courses, start=1)
    )


def save_element(
    number: int, competency_ids: list[int], courses: list[tuple[int, str]], actor_id: int
) -> None:
    """The admin's edit of one element: its competencies and courses, audited."""
    _write_element(number, competency_ids, courses)
    audit.record(
        actor_id,
        "skm_map.update",
        "skm_element",
        number,
        competencies=competency_ids,
        courses=[f"{cid}/{module}" if module else str(cid) for cid, module in courses],
    )
    db.session.commit()


# --- the file ---------------------------------------------------------------------------


@dataclass
class FileOutcome:
    status: str  # "replaced", "unchanged" (same file as last imported) or "invalid"
    problems: list = field(default_factory=list)
    mapping: skm_map.SkmMap | None = None


def read_file(path: Path, display: str) -> tuple[str | None, list]:
    """The file's text, or None and the problem of reading it."""
    try:
        return path.read_text(encoding="utf-8-sig"), []
    except (OSError, UnicodeDecodeError) as exc:
        message = f"berkas tidak bisa dibaca sebagai UTF-8: {exc}"
        return None, [skm_map.Problem(display, 1, message)]


def check_file(path: Path, display: str, competencies, courses) -> list:
    """Every problem of the mapping file against what is known; nothing is stored."""
    text, problems = read_file(path, display)
    if text is None:
        return problems
    return skm_map.read(text, display, competencies, courses)[1]


def import_file(path: Path, display: str, actor_id: int | None = None) -> FileOutcome:
    """Replace the stored mapping with the file's, checked against the published courses
    and the competency dictionary. The same file as the last import changes nothing, so
    that the admin's edits survive a re-run (`elearn demo`, a redeploy)."""
    text, problems = read_file(path, display)
    if text is None:
        return FileOutcome("invalid", problems)
    mapping, problems = skm_map.read(text, display, known_competencies(), known_courses())
    if mapping is None:
        return FileOutcome("invalid", problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if site_settings.get(FILE_HASH_KEY) == digest and _has_rows():
        return FileOutcome("unchanged", mapping=mapping)
    ids = dict(db.session.execute(select(Competency.slug, Competency.id)).all())
    courses = dict(db.session.execute(select(Course.slug, Course.id)).all())
    for entry in mapping.entries:
        _write_element(
            entry.element,
            [ids[slug] for slug in entry.competencies],
            [(courses[ref.course], ref.module or "") for ref in entry.courses],
        )
    audit.record(
        actor_id,
        "skm_map.import",
        "skm_map",
        None,
        file=display,
        sha256=digest,
        competencies=mapping.competency_count,
        courses=mapping.course_count,
    )
    # put() commits everything staged here, unless the digest was stored already.
    if not site_settings.put(FILE_HASH_KEY, digest, actor_id, audited=False):
        db.session.commit()
    return FileOutcome("replaced", mapping=mapping)


def _has_rows() -> bool:
    return (
        db.session.scalar(select(SkmElementCourse.id).limit(1)) is not None
        or db.session.scalar(select(SkmElementCompetency.element).limit(1)) is not None
    )
