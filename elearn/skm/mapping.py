"""The SKM mapping as stored (which competencies and courses address each element), the
admin's edits of it, and the threshold below which an element or a unit is weak. The file
`courses/skm.yml` that an import puts in its place is read by publishing/skm_map."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, select

from .. import audit, site_settings
from ..domain import skm
from ..extensions import db
from ..models import (
    Competency,
    Course,
    CourseVersion,
    Module,
    SkmElementCompetency,
    SkmElementCourse,
)
from ..publishing.skm_map import write_element

THRESHOLD_KEY = "skm.weak_below"
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


# --- what the admin may choose from --------------------------------------------------


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


def save_element(
    number: int, competency_ids: list[int], courses: list[tuple[int, str]], actor_id: int
) -> None:
    """The admin's edit of one element: its competencies and courses, audited."""
    write_element(number, competency_ids, courses)
    audit.record(
        actor_id,
        "skm_map.update",
        "skm_element",
        number,
        competencies=competency_ids,
        courses=[f"{cid}/{module}" if module else str(cid) for cid, module in courses],
    )
    db.session.commit()
