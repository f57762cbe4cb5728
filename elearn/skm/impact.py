"""The SQL behind "Did it help?" (/hr/skm/dampak): per service unit, its SKM results next to
how many of its front-line staff finished the recommended courses (and had their workplace
task accepted). Aggregate statements only: the overview costs the same few statements for
one unit or the whole government, and so does one unit's page.

Front-line staff of a unit: active employees placed in the unit or a unit below it whose
position is flagged front-line (`Position.front_line`, set by HR).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Select, and_, case, exists, func, or_, select, true

from .. import clock
from ..domain import skm
from ..domain import skm_impact as rules
from ..extensions import db
from ..models import (
    Assignment,
    Course,
    CourseCompletion,
    CourseTask,
    CourseVersion,
    OrgClosure,
    OrgUnit,
    Position,
    SkmElementCourse,
    TaskReview,
    TaskSubmission,
    User,
)
from ..reporting.scope import Scope
from . import results

ACCEPTED = "accepted"


@dataclass(frozen=True)
class CourseOption:
    """A live course that may count as training: what the picker and the pages show."""

    id: int
    slug: str
    title: str
    has_task: bool  # its live version asks for a workplace task


def live_courses() -> list[CourseOption]:
    """Every course with a live version, by title, and whether it has a workplace task."""
    stmt = (
        select(Course.id, Course.slug, CourseVersion.title, CourseTask.version_id.is_not(None))
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .outerjoin(CourseTask, CourseTask.version_id == Course.live_version_id)
        .order_by(CourseVersion.title, Course.id)
    )
    return [CourseOption(*row) for row in db.session.execute(stmt)]


def recommended_course_ids(units) -> Select:
    """The courses that count as "the recommended training" of each unit when the viewer
    chose none: a select of (unit_id, course_id) for `units` (ids, or a select of ids).

    A live course mandatory (not cancelled) for the unit or one of its ancestors, whatever
    position it names, that the SKM mapping (courses/skm.yml, /admin/skm/pemetaan) names
    for some element: the training HR assigned because of the survey. Until the mapping
    names any course, every such mandatory course counts.
    """
    mapped = select(SkmElementCourse.course_id)
    stmt = (
        select(OrgClosure.descendant_id.label("unit_id"), Assignment.course_id.label("course_id"))
        .join(Assignment, Assignment.unit_id == OrgClosure.ancestor_id)
        .join(Course, Course.id == Assignment.course_id)
        .where(
            OrgClosure.descendant_id.in_(units),
            Assignment.cancelled_at.is_(None),
            Course.live_version_id.is_not(None),
            or_(~exists(mapped), Assignment.course_id.in_(mapped)),
        )
        .distinct()
    )
    return stmt


def _chosen_pairs(unit_ids: Sequence[int], course_ids: Sequence[int]) -> Select:
    """(unit_id, course_id) for the same chosen courses in every unit."""
    return (
        select(OrgUnit.id.label("unit_id"), Course.id.label("course_id"))
        .join(Course, true())
        .where(OrgUnit.id.in_(unit_ids), Course.id.in_(course_ids))
    )


def front_line_staff(units) -> Select:
    """(unit_id, user_id): the front-line staff of each unit of `units` (its subtree)."""
    return (
        select(OrgClosure.ancestor_id.label("unit_id"), User.id.label("user_id"))
        .select_from(User)
        .join(OrgClosure, OrgClosure.descendant_id == User.unit_id)
        .join(Position, Position.id == User.position_id)
        .where(
            OrgClosure.ancestor_id.in_(units),
            Position.front_line.is_(True),
            User.active.is_(True),
        )
    )


@dataclass(frozen=True)
class Training:
    """A unit's front-line staff and how many finished every recommended course."""

    staff: int
    trained: int
    courses: int  # how many courses count for the unit

    @property
    def share(self) -> rules.Share | None:
        """None when there is nothing to measure: no staff or no course."""
        if not self.staff or not self.courses:
            return None
        return rules.Share(self.trained, self.staff)


def training_per_unit(
    unit_ids: Sequence[int], course_ids: Sequence[int] | None
) -> dict[int, Training]:
    """Per unit: front-line staff, those who finished every course that counts (the chosen
    `course_ids`, or each unit's own `recommended_course_ids`), in one statement."""
    if not unit_ids:
        return {}
    chosen = course_ids is not None
    pairs = (
        _chosen_pairs(unit_ids, course_ids) if chosen else recommended_course_ids(unit_ids)
    ).cte("pairs")
    need = select(pairs.c.unit_id, func.count().label("n")).group_by(pairs.c.unit_id).cte("need")
    staff = front_line_staff(unit_ids).cte("staff")
    done = (
        select(staff.c.unit_id, staff.c.user_id, func.count().label("k"))
        .select_from(staff)
        .join(pairs, pairs.c.unit_id == staff.c.unit_id)
        .join(
            CourseCompletion,
            and_(
                CourseCompletion.user_id == staff.c.user_id,
                CourseCompletion.course_id == pairs.c.course_id,
            ),
        )
        .group_by(staff.c.unit_id, staff.c.user_id)
        .cte("done")
    )
    stmt = (
        select(
            staff.c.unit_id,
            func.count(),
            func.sum(case((done.c.k == need.c.n, 1), else_=0)),
            func.max(need.c.n),
        )
        .select_from(staff)
        .outerjoin(need, need.c.unit_id == staff.c.unit_id)
        .outerjoin(done, and_(done.c.unit_id == staff.c.unit_id, done.c.user_id == staff.c.user_id))
        .group_by(staff.c.unit_id)
    )
    found = {}
    for unit_id, count, trained, courses in db.session.execute(stmt):
        found[unit_id] = Training(int(count), int(trained or 0), int(courses or 0))
    return found


@dataclass(frozen=True)
class UnitName:
    id: int
    code: str
    name: str


def unit_names(unit_ids: Iterable[int]) -> dict[int, UnitName]:
    ids = list(unit_ids)
    if not ids:
        return {}
    stmt = select(OrgUnit.id, OrgUnit.code, OrgUnit.name).where(OrgUnit.id.in_(ids))
    return {row[0]: UnitName(*row) for row in db.session.execute(stmt)}


# --- the overview -----------------------------------------------------------------------


@dataclass(frozen=True)
class ImpactRow:
    """One unit of the overview: its latest result, the change since the one before, and
    its front-line staff's training."""

    id: int
    code: str
    name: str
    latest: rules.Dated | None
    previous: rules.Dated | None
    training: Training

    @property
    def index(self) -> float | None:
        return self.latest.result.index if self.latest else None

    @property
    def change(self) -> float | None:
        if self.latest is None or self.previous is None:
            return None
        return skm.change(self.previous.result.index, self.latest.result.index)

    @property
    def trained_percent(self) -> float | None:
        share = self.training.share
        return share.percent if share else None


def by_unit(found: dict[tuple[int, str], skm.Result]) -> dict[int, dict[str, skm.Result]]:
    grouped: dict[int, dict[str, skm.Result]] = defaultdict(dict)
    for (unit_id, period), result in found.items():
        grouped[unit_id][period] = result
    return dict(grouped)


def overview(scope: Scope, course_ids: Sequence[int] | None) -> list[ImpactRow]:
    """Every unit in scope with SKM results, by name (5 statements, none when none)."""
    grouped = by_unit(results.results(scope))
    names = unit_names(grouped)
    training = training_per_unit(sorted(grouped), course_ids)
    rows = []
    for unit_id, per_period in grouped.items():
        latest, previous = rules.latest_two(rules.ordered(per_period))
        unit = names[unit_id]
        rows.append(
            ImpactRow(
                unit.id,
                unit.code,
                unit.name,
                latest,
                previous,
                training.get(unit_id, Training(0, 0, 0)),
            )
        )
    return sorted(rows, key=lambda r: (r.name.casefold(), r.id))


SORT_KEYS = {
    "name": lambda row: (row.name.casefold(), row.id),
    "ikm": lambda row: row.index,
    "change": lambda row: row.change,
    "trained": lambda row: row.trained_percent,
}


def sort_overview(rows: list[ImpactRow], sort: str, descending: bool) -> list[ImpactRow]:
    return rules.sort_rows(rows, SORT_KEYS[sort], descending)


# --- one unit ---------------------------------------------------------------------------


def unit_course_ids(unit_id: int) -> list[int]:
    """The unit's recommended courses (`recommended_course_ids`)."""
    sub = recommended_course_ids([unit_id]).subquery()
    return list(db.session.scalars(select(sub.c.course_id).order_by(sub.c.course_id)))


@dataclass(frozen=True)
class StaffProgress:
    """Each front-line staff member's day of finishing every course that counts, and of
    having every workplace task among them accepted (None: not, or not yet)."""

    trained_on: list[date | None]
    accepted_on: list[date | None]


def staff_progress(
    unit_id: int, course_ids: Sequence[int], task_course_ids: Sequence[int]
) -> StaffProgress:
    """One statement: per staff member, completions of the courses and accepted tasks."""
    staff = front_line_staff([unit_id]).cte("staff")
    completed = (
        select(
            CourseCompletion.user_id,
            func.count().label("k"),
            func.max(CourseCompletion.completed_at).label("last"),
        )
        .join(staff, staff.c.user_id == CourseCompletion.user_id)
        .where(CourseCompletion.course_id.in_(course_ids))
        .group_by(CourseCompletion.user_id)
        .subquery()
    )
    # The first acceptance per person and course, then the latest of those per person.
    first = (
        select(
            TaskSubmission.user_id,
            TaskSubmission.course_id,
            func.min(TaskReview.decided_at).label("at"),
        )
        .join(TaskReview, TaskReview.submission_id == TaskSubmission.id)
        .join(staff, staff.c.user_id == TaskSubmission.user_id)
        .where(TaskReview.decision == ACCEPTED, TaskSubmission.course_id.in_(task_course_ids))
        .group_by(TaskSubmission.user_id, TaskSubmission.course_id)
        .subquery()
    )
    accepted = (
        select(first.c.user_id, func.count().label("k"), func.max(first.c.at).label("last"))
        .group_by(first.c.user_id)
        .subquery()
    )
    stmt = (
        select(staff.c.user_id, completed.c.k, completed.c.last, accepted.c.k, accepted.c.last)
        .select_from(staff)
        .outerjoin(completed, completed.c.user_id == staff.c.user_id)
        .outerjoin(accepted, accepted.c.user_id == staff.c.user_id)
    )
    trained, task_done = [], []
    for _user, k, last, k_task, last_task in db.session.execute(stmt):
        trained.append(rules.done_on(k or 0, len(course_ids), _day(last)))
        task_done.append(rules.done_on(k_task or 0, len(task_course_ids), _day(last_task)))
    return StaffProgress(trained, task_done)


def _day(value: datetime | None) -> date | None:
    """The local day of an instant read back from an aggregate."""
    if value is None:
        return None
    if value.tzinfo is None:  # an aggregate's type on some drivers: stored as UTC
        value = value.replace(tzinfo=UTC)
    return clock.local_date(value)


@dataclass(frozen=True)
class PeriodLine:
    """One period of a unit: its result and the staff's training by the period's end."""

    dated: rules.Dated
    trained: rules.Share
    accepted: rules.Share | None  # None: no course that counts has a workplace task


@dataclass(frozen=True)
class UnitImpact:
    periods: list[PeriodLine]
    courses: list[CourseOption]
    progress: StaffProgress
    default_training: date | None

    @property
    def staff(self) -> int:
        return len(self.progress.trained_on)

    @property
    def has_task(self) -> bool:
        return any(c.has_task for c in self.courses)


def unit_impact(scope: Scope, unit_id: int, courses: Sequence[CourseOption]) -> UnitImpact:
    """A unit's results per period beside its staff's training (4 statements)."""
    narrowed = scope.narrowed(unit_id)
    found = results.results(narrowed, unit_ids=[unit_id])
    dated = rules.ordered({period: r for (_unit, period), r in found.items()})
    course_ids = [c.id for c in courses]
    task_ids = [c.id for c in courses if c.has_task]
    progress = staff_progress(unit_id, course_ids, task_ids)
    lines = [
        PeriodLine(
            d,
            rules.share_by(progress.trained_on, d.period.end),
            rules.share_by(progress.accepted_on, d.period.end) if task_ids else None,
        )
        for d in dated
    ]
    default = (
        rules.training_date([d.period.end for d in dated], progress.trained_on)
        if course_ids
        else None
    )
    return UnitImpact(lines, list(courses), progress, default)
