"""From a weak score to the right training: each unit's SKM result in a period with its weak
elements, the courses mapped to them, the unit's front-line staff, and the one-step
assignment of a recommended course to those staff.

Aggregate SQL only: a page's statements do not grow with its units, respondents or staff.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from ..assignments import services as assignments
from ..domain import skm
from ..extensions import db
from ..models import Assignment, OrgClosure, OrgUnit, Position, SkmResponse, User
from ..reporting.scope import Scope
from . import mapping, results

UNIT_PAGE_SIZE = 50
COMMENT_PAGE_SIZE = 20
DUE_DAYS = 90  # the confirmation's default due date, from today


@dataclass(frozen=True)
class FrontLine:
    """A front-line position with holders in a unit (its subtree, as assignments reach)."""

    position_id: int
    name: str
    holders: int


@dataclass(frozen=True)
class Existing:
    """An active assignment of a course that already reaches a unit's staff."""

    id: int
    unit_id: int  # the unit itself, or one above it
    position_id: int | None  # None: everyone of that unit's subtree


@dataclass(frozen=True)
class Coverage:
    """The active assignments of one course that already reach a unit's staff."""

    existing: tuple[Existing, ...] = ()

    def covered(self, position_id: int) -> Existing | None:
        """The assignment that already asks this position's holders to take the course."""
        for row in self.existing:
            if row.position_id is None or row.position_id == position_id:
                return row
        return None

    def done(self, front_line: list[FrontLine]) -> bool:
        """Every front-line position of the unit is asked already (False without any)."""
        return bool(front_line) and all(self.covered(p.position_id) for p in front_line)


@dataclass
class Recommendation:
    """One course recommended to one unit, for the weak elements it addresses."""

    course: mapping.MappedCourse
    elements: list[skm.Element] = field(default_factory=list)
    modules: list[str] = field(default_factory=list)  # module titles, when only modules
    whole: bool = False  # some element names the whole course
    coverage: Coverage = Coverage()


@dataclass
class WeakElement:
    score: skm.ElementScore
    element: skm.Element
    mapped: mapping.MappedElement


@dataclass
class UnitResult:
    unit_id: int
    name: str
    result: skm.Result
    weak_unit: bool
    weak: list[WeakElement]
    recommendations: list[Recommendation]
    front_line: list[FrontLine]
    comments: int
    existing: dict[int, list[Existing]] = field(default_factory=dict)  # by course id

    def coverage(self, course_id: int) -> Coverage:
        return Coverage(tuple(self.existing.get(course_id, [])))


def weak_scores(result: skm.Result, limit: float) -> list[skm.ElementScore]:
    """The elements whose average, on the index's scale, is below `limit`."""
    below = mapping.element_threshold(limit)
    return [s for s in result.elements if s.average is not None and s.average < below]


def recommend(weak: list[WeakElement]) -> list[Recommendation]:
    """The courses mapped to the weak elements, one per course, in the elements' order."""
    found: dict[int, Recommendation] = {}
    for item in weak:
        for course in item.mapped.courses:
            rec = found.setdefault(course.course_id, Recommendation(course))
            if item.element not in rec.elements:
                rec.elements.append(item.element)
            if course.module_slug:
                title = course.module_title or course.module_slug
                if title not in rec.modules:
                    rec.modules.append(title)
            else:
                rec.whole = True
    for rec in found.values():
        if rec.whole:
            rec.modules = []
    return list(found.values())


def _sort_key(item: tuple[int, skm.Result]):
    unit_id, result = item
    return (result.index is None, result.index or 0.0, unit_id)


def unit_results(
    scope: Scope,
    period: str,
    page: int = 1,
    unit_ids: Iterable[int] | None = None,
    limit: float | None = None,
) -> tuple[list[UnitResult], int]:
    """One page of the units with results in `period` (weakest first) and how many there
    are; `unit_ids` narrows to those units, `limit` is the threshold (else the setting's)."""
    found = results.results(scope, [period], unit_ids)
    ordered = sorted(((u, r) for (u, _p), r in found.items()), key=_sort_key)
    total = len(ordered)
    shown = ordered[(page - 1) * UNIT_PAGE_SIZE : page * UNIT_PAGE_SIZE]
    ids = [unit_id for unit_id, _r in shown]
    if not ids:
        return [], total
    limit = mapping.threshold() if limit is None else limit
    stored = mapping.stored()
    names = dict(
        db.session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(ids))).all()
    )
    comments = comment_counts(ids, period)
    staff = front_line(ids)
    existing = existing_assignments(ids)
    rows = []
    for unit_id, result in shown:
        weak = [
            WeakElement(s, skm.ELEMENTS[s.number - 1], stored[s.number])
            for s in weak_scores(result, limit)
        ]
        recommendations = recommend(weak)
        for rec in recommendations:
            rec.coverage = Coverage(tuple(existing.get((unit_id, rec.course.course_id), [])))
        rows.append(
            UnitResult(
                unit_id,
                names.get(unit_id, ""),
                result,
                result.index is not None and result.index < limit,
                weak,
                recommendations,
                staff.get(unit_id, []),
                comments.get(unit_id, 0),
                {course: found for (unit, course), found in existing.items() if unit == unit_id},
            )
        )
    return rows, total


def comment_counts(unit_ids: list[int], period: str) -> dict[int, int]:
    rows = db.session.execute(
        select(SkmResponse.unit_id, func.count())
        .where(_has_comment(), SkmResponse.unit_id.in_(unit_ids), SkmResponse.period == period)
        .group_by(SkmResponse.unit_id)
    )
    return dict(rows.all())


def _has_comment():
    return SkmResponse.comment.is_not(None) & (func.trim(SkmResponse.comment) != "")


@dataclass(frozen=True)
class Comment:
    answered_on: date
    text: str


def comments(unit_id: int, period: str, page: int) -> list[Comment]:
    """One page of the comments respondents left for the unit in the period, newest first."""
    rows = db.session.execute(
        select(SkmResponse.answered_on, SkmResponse.comment)
        .where(_has_comment(), SkmResponse.unit_id == unit_id, SkmResponse.period == period)
        .order_by(SkmResponse.answered_on.desc(), SkmResponse.id.desc())
        .offset((page - 1) * COMMENT_PAGE_SIZE)
        .limit(COMMENT_PAGE_SIZE)
    )
    return [Comment(day, text.strip()) for day, text in rows]


def front_line(unit_ids: list[int]) -> dict[int, list[FrontLine]]:
    """Per unit, the front-line positions whose active holders work in its subtree, with
    how many hold each (one grouped statement)."""
    rows = db.session.execute(
        select(OrgClosure.ancestor_id, Position.id, Position.name, func.count(User.id))
        .join(User, User.unit_id == OrgClosure.descendant_id)
        .join(Position, Position.id == User.position_id)
        .where(
            OrgClosure.ancestor_id.in_(unit_ids),
            Position.front_line.is_(True),
            User.active.is_(True),
        )
        .group_by(OrgClosure.ancestor_id, Position.id, Position.name)
        .order_by(OrgClosure.ancestor_id, Position.name, Position.id)
    )
    found: dict[int, list[FrontLine]] = defaultdict(list)
    for unit_id, position_id, name, holders in rows:
        found[unit_id].append(FrontLine(position_id, name, holders))
    return dict(found)


def existing_assignments(unit_ids: list[int]) -> dict[tuple[int, int], list[Existing]]:
    """(unit, course) -> the active assignments reaching the unit's staff: made for the unit
    or a unit above it, for everyone or one position."""
    rows = db.session.execute(
        select(
            OrgClosure.descendant_id,
            Assignment.course_id,
            Assignment.id,
            Assignment.unit_id,
            Assignment.position_id,
        )
        .join(OrgClosure, OrgClosure.ancestor_id == Assignment.unit_id)
        .where(OrgClosure.descendant_id.in_(unit_ids), Assignment.cancelled_at.is_(None))
        .order_by(Assignment.id)
    )
    found: dict[tuple[int, int], list[Existing]] = defaultdict(list)
    for unit_id, course_id, assignment_id, at_unit, position_id in rows:
        found[(unit_id, course_id)].append(Existing(assignment_id, at_unit, position_id))
    return dict(found)


def front_line_positions_in(government_id: int | None) -> int:
    """How many positions of the government are flagged front-line (held or not)."""
    return (
        db.session.scalar(
            select(func.count(Position.id)).where(
                Position.government_id == government_id, Position.front_line.is_(True)
            )
        )
        or 0
    )


@dataclass
class Outcome:
    created: list[tuple[int, FrontLine]] = field(default_factory=list)  # (assignment id, ...)
    kept: list[tuple[Existing, FrontLine]] = field(default_factory=list)


def assign_front_line(
    course_id: int, unit_id: int, due: date, note: str, actor_id: int, period: str | None
) -> Outcome:
    """Require the course of the unit's front-line staff: one assignment per front-line
    position with holders there, through the assignment service, in one transaction. A
    position whose holders are asked already (by this unit's or a higher unit's assignment)
    gets none, so doing it twice creates nothing the second time."""
    outcome = Outcome()
    coverage = Coverage(tuple(existing_assignments([unit_id]).get((unit_id, course_id), [])))
    for position in front_line([unit_id]).get(unit_id, []):
        already = coverage.covered(position.position_id)
        if already is not None:
            outcome.kept.append((already, position))
            continue
        try:
            row = assignments.stage(
                course_id,
                unit_id,
                position.position_id,
                due,
                "none",
                note,
                actor_id,
                source="skm",
                period=period,
            )
        except assignments.DuplicateAssignment as exc:  # made meanwhile by someone else
            outcome.kept.append((Existing(exc.args[0], unit_id, position.position_id), position))
            continue
        outcome.created.append((row.id, position))
    db.session.commit()
    return outcome
