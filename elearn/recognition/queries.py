"""The SQL behind the recognition lists: a few aggregate statements per page, whatever the
number of employees. The rules (who qualifies, minimum unit size, ties) are
elearn/domain/recognition.py's; each function takes the viewer's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from ..assignments.queries import StateSQL, population, reaching
from ..clock import local_date
from ..domain import recognition as rules
from ..domain.assignments import Cycle
from ..extensions import db
from ..models import Assignment, Certificate, CourseCompletion, OrgUnit, Position, User
from ..models.credentials import RECOGNITION
from ..reporting.filters import ReportFilters
from ..reporting.scope import Scope
from ..reports.queries import employee_conditions
from ..skm.results import periods_in, results


def _employees(scope: Scope, year: int) -> list:
    """Who counts: the reports' employees (active, placed in a unit in scope)."""
    return employee_conditions(scope, ReportFilters(year=year))


def _jp_of_year(scope: Scope, year: int):
    """A subquery: JP credited in `year` per employee in scope who has any."""
    return (
        select(CourseCompletion.user_id, func.sum(CourseCompletion.jp).label("jp"))
        .where(
            CourseCompletion.year == year,
            CourseCompletion.user_id.in_(select(User.id).where(*_employees(scope, year))),
        )
        .group_by(CourseCompletion.user_id)
        .subquery()
    )


# --- mandatory courses due in the year --------------------------------------------------


def due_cycles(scope: Scope, year: int) -> dict[int, Cycle]:
    """The assignments reaching the scope that ask for a completion in `year`, each as a
    cycle whose current window is the one that meets its due date of the year (so the
    assignment reports' state SQL tests it). One statement."""
    rows = db.session.execute(
        select(
            Assignment.id, Assignment.due_date, Assignment.recurrence, Assignment.cancelled_at
        ).where(
            Assignment.due_date <= date(year, 12, 31),
            (Assignment.recurrence == "yearly") | (Assignment.due_date >= date(year, 1, 1)),
            reaching(scope),
        )
    ).all()
    cycles = {}
    for aid, due, recurrence, cancelled_at in rows:
        if not rules.applies_in_year(due, recurrence, year, local_date(cancelled_at)):
            continue
        window = rules.window_in_year(due, recurrence, year)
        this = rules.due_in_year(due, recurrence, year)
        cycles[aid] = Cycle(0, this, window.after, window, None, "pending")
    return cycles


def _unmet(scope: Scope, cycles: dict[int, Cycle]):
    """The ids of employees with a due date of the year they did not meet."""
    completion = aliased(CourseCompletion)
    met = StateSQL(cycles, completion).met_current()
    return (
        population(select(User.id).select_from(Assignment), completion, scope)
        .where(Assignment.id.in_(list(cycles)), ~met)
        .correlate(None)
    )


# --- ASN -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Recognised:
    place: int
    user_id: int
    nip: str
    name: str
    unit: str
    position: str | None
    jp: int
    public: bool  # agreed that their name be shown beyond HR
    total: int  # everyone who qualified, whatever the top shown


def recognised(
    scope: Scope,
    year: int,
    target: int,
    cycles: dict[int, Cycle],
    top: int | None = rules.TOP,
    user_id: int | None = None,
) -> list[Recognised]:
    """The employees who qualify in `year`, most JP first, with competition places (one
    statement); `user_id` asks about one person only."""
    jp = _jp_of_year(scope, year)
    value = func.coalesce(jp.c.jp, 0)
    conditions = [*_employees(scope, year), value >= target]
    if cycles:
        conditions.append(User.id.not_in(_unmet(scope, cycles)))
    if user_id is not None:
        conditions.append(User.id == user_id)
    inner = (
        select(
            func.rank().over(order_by=value.desc()).label("place"),
            User.id.label("user_id"),
            User.username,
            User.full_name,
            OrgUnit.name.label("unit"),
            Position.name.label("position"),
            value.label("jp"),
            User.recognition_public,
            func.count().over().label("total"),
        )
        .select_from(User)
        .join(OrgUnit, OrgUnit.id == User.unit_id)
        .outerjoin(Position, Position.id == User.position_id)
        .join(jp, jp.c.user_id == User.id, isouter=target <= 0)
        .where(*conditions)
        .subquery()
    )
    stmt = select(inner).order_by(inner.c.place, inner.c.full_name, inner.c.user_id)
    if top is not None:
        stmt = stmt.where(inner.c.place <= top)
    return [
        Recognised(int(r[0]), r[1], r[2], r[3], r[4], r[5], int(r[6]), bool(r[7]), int(r[8]))
        for r in db.session.execute(stmt)
    ]


def issued(year: int, user_ids: list[int]) -> dict[int, tuple[int, str, bool]]:
    """The recognition certificates of `year` held by these people: user id -> (certificate
    id, verification code, revoked)."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(
            Certificate.user_id,
            Certificate.id,
            Certificate.code,
            Certificate.revoked_at.is_not(None),
        ).where(
            Certificate.kind == RECOGNITION,
            Certificate.award_year == year,
            Certificate.user_id.in_(user_ids),
        )
    )
    return {user: (cid, code, bool(revoked)) for user, cid, code, revoked in rows}


# --- units ---------------------------------------------------------------------------


def unit_compliance(
    scope: Scope, year: int, target: int, minimum: int = rules.MIN_UNIT_EMPLOYEES
) -> list[rules.UnitCompliance]:
    """Per unit with at least `minimum` employees placed in it: employees, and those who
    reached the target in `year` (one statement)."""
    jp = _jp_of_year(scope, year)
    employees = func.count(User.id)
    stmt = (
        select(
            OrgUnit.id,
            OrgUnit.code,
            OrgUnit.name,
            employees,
            func.count(case((func.coalesce(jp.c.jp, 0) >= target, 1))),
        )
        .select_from(User)
        .join(OrgUnit, OrgUnit.id == User.unit_id)
        .outerjoin(jp, jp.c.user_id == User.id)
        .where(*_employees(scope, year))
        .group_by(OrgUnit.id, OrgUnit.code, OrgUnit.name)
        .having(employees >= minimum)
    )
    return [
        rules.UnitCompliance(uid, code, name, int(n), int(ok))
        for uid, code, name, n, ok in db.session.execute(stmt)
    ]


@dataclass(frozen=True)
class UnitName:
    code: str
    name: str


def ikm_changes(scope: Scope, year: int, top: int | None = rules.TOP):
    """Units whose IKM rose from the year before, ranked, with their codes and names:
    (place, IkmChange, UnitName) (the periods, the results in three, and the names)."""
    wanted = [p for p in periods_in(scope) if p[:4] in (str(year), str(year - 1))]
    if not wanted:
        return []
    ranked = rules.largest_improvements(results(scope, periods=wanted), year, top)
    if not ranked:
        return []
    ids = [change.unit_id for _place, change in ranked]
    names = {
        uid: UnitName(code, name)
        for uid, code, name in db.session.execute(
            select(OrgUnit.id, OrgUnit.code, OrgUnit.name).where(OrgUnit.id.in_(ids))
        )
    }
    return [(place, change, names[change.unit_id]) for place, change in ranked]
