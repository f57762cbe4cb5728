"""SKM results imported from a file: the plan (what the file adds, which earlier imported
rows it replaces, which services it creates), then everything in one transaction or nothing.

The file is read by domain/skm_import.py. Looking things up takes a fixed number of
statements whatever the size of the file (the scope's unit codes, their services, the rows
a re-import replaces), and rows are written in bulk.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, insert, select, tuple_
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..domain import skm
from ..domain.skm_import import (
    AVERAGES,
    RESPONDENTS,
    Reading,
    column_name,
    read_rows,
    service_key,
)
from ..domain.texts import N_
from ..extensions import db
from ..models import OrgUnit, SkmElementAverage, SkmResponse, SkmService
from ..reporting.scope import Scope

R = SkmResponse
A = SkmElementAverage
IMPORTED = "impor"  # SkmResponse.source of imported rows; "daring" rows are never replaced
CHUNK = 2000  # rows per bulk insert, keys per delete: well under every driver's limits
SHOWN_GROUPS = 500  # groups a preview lists; the totals count them all
# A file naming more new services than this has a service column that is not one.
MAX_NEW_SERVICES = 200
TOO_MANY_SERVICES = N_(
    "berkas ini akan membuat lebih dari {n} layanan baru; periksa apakah kolom layanan berisi "
    "nama layanan"
).format(n=MAX_NEW_SERVICES)

Key = tuple[int, str, int | None]  # unit id, period, service id (None: no service)


class ImportConflict(Exception):
    """Someone else created one of the file's services meanwhile: upload again."""


@dataclass
class Group:
    """One unit, service and period of the file: what it adds and what it replaces."""

    unit_code: str
    unit_name: str
    service: str | None  # as it will be stored
    new_service: bool
    period: str
    rows: int
    replaced: int
    result: skm.Result


@dataclass
class ImportPlan:
    reading: Reading
    groups: list[Group] = field(default_factory=list)
    new_services: list[tuple[str, str]] = field(default_factory=list)  # (unit code, name)
    replaced: int = 0
    unit_ids: dict[str, int] = field(default_factory=dict)
    service_ids: dict[tuple[int, str], int] = field(default_factory=dict)  # (unit, key)

    @property
    def shape(self) -> str | None:
        return self.reading.shape

    @property
    def errors(self):
        return self.reading.errors.kept

    @property
    def error_count(self) -> int:
        return self.reading.errors.count

    @property
    def rows(self) -> int:
        return self.reading.rows

    @property
    def shown_groups(self) -> list[Group]:
        return self.groups[:SHOWN_GROUPS]


def plan_import(
    table: list[list], scope: Scope, granularity: str = "semester", today: date | None = None
) -> ImportPlan:
    """Read `table` for an importer whose scope is `scope`; when every row is right, say per
    unit, service and period what would be stored and replaced. Nothing is written."""
    units = {
        code: (unit_id, name)
        for code, unit_id, name in db.session.execute(
            select(OrgUnit.code, OrgUnit.id, OrgUnit.name).where(scope.units())
        )
    }
    plan = ImportPlan(read_rows(table, units, granularity, today))
    if not plan.reading.ok:
        return plan
    plan.unit_ids = {code: unit_id for code, (unit_id, _n) in units.items()}
    used = {plan.unit_ids[row.unit_code] for row in _rows(plan.reading)}
    services = db.session.execute(
        select(SkmService.unit_id, SkmService.name, SkmService.id).where(
            SkmService.unit_id.in_(used)
        )
    ).all()
    stored_names = {(unit_id, service_key(name)): name for unit_id, name, _i in services}
    plan.service_ids = {(unit_id, service_key(name)): sid for unit_id, name, sid in services}
    tallies = _tally(plan)
    earlier = _earlier(plan.shape, used, {key[1] for key in tallies})
    creating: set[tuple[int, str]] = set()
    for (unit_id, label, key), (code, name, count, sums, people) in sorted(
        tallies.items(), key=lambda item: (item[1][0], item[0][2] or "", item[0][1])
    ):
        known = plan.service_ids.get((unit_id, key)) if key is not None else None
        new = key is not None and known is None
        if new and (unit_id, key) not in creating:
            creating.add((unit_id, key))
            plan.new_services.append((code, name))
        replaced = 0 if new else earlier.get((unit_id, label, known), 0)
        plan.replaced += replaced
        plan.groups.append(
            Group(
                unit_code=code,
                unit_name=units[code][1],
                service=stored_names.get((unit_id, key), name),
                new_service=new,
                period=label,
                rows=count,
                replaced=replaced,
                result=skm.result(sums, people),
            )
        )
    if len(plan.new_services) > MAX_NEW_SERVICES:
        plan.reading.errors.add(1, column_name("service"), TOO_MANY_SERVICES)
    return plan


def _rows(reading: Reading) -> list:
    return reading.respondents if reading.shape == RESPONDENTS else reading.averages


def _tally(plan: ImportPlan) -> dict:
    """(unit id, period, service key) -> [unit code, service name, rows, sums, respondents],
    the sums in domain.skm.result's shape, to show the file's own index per group."""
    found: dict = {}
    for row in _rows(plan.reading):
        key = (plan.unit_ids[row.unit_code], row.period, service_key(row.service))
        entry = found.setdefault(key, [row.unit_code, row.service, 0, {}, 0])
        entry[2] += 1
        sums = entry[3]
        if plan.shape == RESPONDENTS:
            entry[4] += 1
            for number, value in zip(skm.ELEMENT_NUMBERS, row.scores, strict=True):
                total, count = sums.get(number, (0.0, 0))
                sums[number] = (total + value, count + 1)
        else:
            sums[row.element] = (row.average * row.respondents, row.respondents)
            entry[4] = max(entry[4], row.respondents)
    return found


def _earlier(shape: str | None, unit_ids: Iterable[int], periods: Iterable[str]) -> dict:
    """Rows stored by earlier imports of this shape: (unit, period, service) -> count."""
    table = R if shape == RESPONDENTS else A
    stmt = (
        select(table.unit_id, table.period, table.service_id, func.count())
        .where(table.unit_id.in_(list(unit_ids)), table.period.in_(list(periods)))
        .group_by(table.unit_id, table.period, table.service_id)
    )
    if shape == RESPONDENTS:
        stmt = stmt.where(R.source == IMPORTED)
    return {(u, p, s): n for u, p, s, n in db.session.execute(stmt)}


@dataclass(frozen=True)
class Stored:
    import_id: str
    rows: int
    replaced: int
    services: int


def apply_import(plan: ImportPlan, actor_id: int | None) -> Stored:
    """Store a valid plan in one transaction: create its new services, remove the rows that
    earlier imports stored for the same units, services and periods, add the file's rows."""
    if not plan.reading.ok:
        raise ValueError("a plan with errors cannot be applied")
    import_id = secrets.token_hex(16)
    try:
        service_ids = _create_services(plan)
        keys = _keys(plan, service_ids)
        replaced = _remove_earlier(plan.shape, keys)
        _insert(plan, service_ids, import_id)
    except IntegrityError as exc:
        db.session.rollback()
        raise ImportConflict from exc
    audit.record(
        actor_id,
        "skm.import",
        "skm",
        shape=plan.shape,
        import_id=import_id,
        rows=plan.rows,
        replaced=replaced,
        services_created=[name for _code, name in plan.new_services],
        units=sorted({g.unit_code for g in plan.groups}),
        periods=sorted({g.period for g in plan.groups}),
    )
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise ImportConflict from exc
    return Stored(import_id, plan.rows, replaced, len(plan.new_services))


def _create_services(plan: ImportPlan) -> dict[tuple[int, str], int]:
    ids = dict(plan.service_ids)
    created = [
        SkmService(unit_id=plan.unit_ids[code], name=name, public_code=public_code())
        for code, name in plan.new_services
    ]
    if created:
        db.session.add_all(created)
        db.session.flush()
        ids.update({(s.unit_id, service_key(s.name)): s.id for s in created})
    return ids


def public_code() -> str:
    """The random code of a service's public questionnaire (/skm/<code>)."""
    return secrets.token_hex(8)


def _service_id(plan: ImportPlan, ids: dict, row) -> int | None:
    key = service_key(row.service)
    return None if key is None else ids[(plan.unit_ids[row.unit_code], key)]


def _keys(plan: ImportPlan, ids: dict) -> set[Key]:
    return {
        (plan.unit_ids[row.unit_code], row.period, _service_id(plan, ids, row))
        for row in _rows(plan.reading)
    }


def _remove_earlier(shape: str | None, keys: set[Key]) -> int:
    """Delete what earlier imports of this shape stored for exactly these keys."""
    table = R if shape == RESPONDENTS else A
    removed = 0
    ordered = sorted(keys, key=lambda k: (k[0], k[1], k[2] or 0))
    for start in range(0, len(ordered), CHUNK // 4):
        chunk = ordered[start : start + CHUNK // 4]
        stmt = delete(table).where(
            table.unit_id.in_({k[0] for k in chunk}),
            table.period.in_({k[1] for k in chunk}),
            tuple_(table.unit_id, table.period, func.coalesce(table.service_id, 0)).in_(
                [(u, p, s or 0) for u, p, s in chunk]
            ),
        )
        if shape == RESPONDENTS:
            stmt = stmt.where(R.source == IMPORTED)
        removed += db.session.execute(
            stmt, execution_options={"synchronize_session": False}
        ).rowcount
    return removed


def _insert(plan: ImportPlan, ids: dict, import_id: str) -> None:
    if plan.shape == RESPONDENTS:
        table, values = R, [_respondent(plan, ids, row, import_id) for row in _rows(plan.reading)]
    elif plan.shape == AVERAGES:
        table, values = A, [_average(plan, ids, row, import_id) for row in _rows(plan.reading)]
    else:
        return
    for start in range(0, len(values), CHUNK):
        db.session.execute(insert(table.__table__), values[start : start + CHUNK])


def _respondent(plan: ImportPlan, ids: dict, row, import_id: str) -> dict:
    return {
        "unit_id": plan.unit_ids[row.unit_code],
        "service_id": _service_id(plan, ids, row),
        "period": row.period,
        "answered_on": row.answered_on,
        **{f"u{n}": s for n, s in zip(skm.ELEMENT_NUMBERS, row.scores, strict=True)},
        "comment": row.comment,
        "source": IMPORTED,
        "gender": row.gender,
        "age_group": row.age_group,
        "education": row.education,
        "occupation": row.occupation,
        "import_id": import_id,
    }


def _average(plan: ImportPlan, ids: dict, row, import_id: str) -> dict:
    return {
        "unit_id": plan.unit_ids[row.unit_code],
        "service_id": _service_id(plan, ids, row),
        "period": row.period,
        "element": row.element,
        "average": row.average,
        "respondents": row.respondents,
        "import_id": import_id,
    }
