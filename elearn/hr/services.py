"""Employee import: preview, then write all rows or none; new accounts get activation codes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from .. import audit
from ..domain.employees import EmployeeRow, validate_rows
from ..domain.positions import RowError
from ..extensions import db
from ..models import OrgUnit, Position, User
from ..models.base import utcnow
from ..reporting.report import Column, Table, attribute
from ..reporting.scope import Scope

EVERYTHING = Scope(None)

ACTIVATION_DAYS = 30
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


@dataclass
class ImportPlan:
    rows: list[EmployeeRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0


def activation_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def plan_import(table: list[list], scope: Scope = EVERYTHING) -> ImportPlan:
    """Validate every row against the units in scope and the positions; count what would change.

    An HR officer may only place people in their own subtree, and may not take over an
    employee who is recorded in another part of the organisation (or another government).
    """
    units = set(db.session.scalars(select(OrgUnit.code).where(scope.units())))
    positions = set(db.session.scalars(select(Position.code)))
    rows, errors = validate_rows(table, units, positions)
    plan = ImportPlan(rows=rows, errors=errors)
    if errors:
        return plan
    existing = _existing([r.nip for r in rows])
    if not scope.everything:
        mine = (
            set(
                db.session.scalars(
                    select(User.username).where(User.username.in_(existing), scope.users())
                )
            )
            if existing
            else set()
        )
        for row in rows:
            if row.nip in existing and row.nip not in mine:
                plan.errors.append(
                    RowError(
                        row.row,
                        "nip",
                        "NIP ini sudah terdaftar di unit di luar cakupan Anda; hubungi admin",
                    )
                )
        if plan.errors:
            return plan
    unit_ids, position_ids = _ids()
    for row in rows:
        user = existing.get(row.nip)
        if user is None:
            plan.new += 1
        elif _changes(user, row, unit_ids, position_ids):
            plan.updated += 1
        else:
            plan.unchanged += 1
    return plan


def _existing(nips: list[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for start in range(0, len(nips), 1000):  # keep IN lists a reasonable size
        chunk = nips[start : start + 1000]
        for user in db.session.scalars(select(User).where(User.username.in_(chunk))):
            found[user.username] = user
    return found


def _ids() -> tuple[dict[str, int], dict[str, int]]:
    units = dict(db.session.execute(select(OrgUnit.code, OrgUnit.id)).all())
    positions = dict(db.session.execute(select(Position.code, Position.id)).all())
    return units, positions


def _changes(user: User, row: EmployeeRow, units: dict, positions: dict) -> dict:
    wanted = {
        "full_name": row.name,
        "email": row.email if row.email else user.email,
        "employee_type": row.employee_type,
        "unit_id": units[row.unit_code],
        "position_id": positions[row.position_code] if row.position_code else user.position_id,
        "rank": row.rank or user.rank,
    }
    return {k: v for k, v in wanted.items() if getattr(user, k) != v}


def apply_import(plan: ImportPlan, actor_id: int | None) -> list[tuple[str, str, str]]:
    """Write a valid plan in one transaction: update by NIP, never delete; return new codes."""
    if plan.errors:
        raise ValueError("a plan with errors cannot be applied")
    existing = _existing([r.nip for r in plan.rows])
    units, positions = _ids()
    expires = utcnow() + timedelta(days=ACTIVATION_DAYS)
    created: list[tuple[str, str, str]] = []
    for row in plan.rows:
        user = existing.get(row.nip)
        if user is None:
            code = activation_code()
            user = User(
                username=row.nip,
                full_name=row.name,
                email=row.email,
                employee_type=row.employee_type,
                unit_id=units[row.unit_code],
                position_id=positions.get(row.position_code) if row.position_code else None,
                rank=row.rank,
                activation_code=code,
                activation_expires_at=expires,
            )
            user.set_roles(["learner"])
            db.session.add(user)
            created.append((row.nip, row.name, code))
        else:
            for key, value in _changes(user, row, units, positions).items():
                setattr(user, key, value)
    audit.record(
        actor_id,
        "employees.import",
        "user",
        new=len(created),
        updated=plan.updated,
        unchanged=plan.unchanged,
    )
    db.session.commit()
    return created


def pending_activations(scope: Scope = EVERYTHING) -> list[User]:
    """Accounts in scope whose activation code is still usable, for HR to hand out."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.activation_code.is_not(None),
                User.activation_expires_at > utcnow(),
                scope.users(),
            )
            .order_by(User.full_name)
        )
    )


ACTIVATION_COLUMNS = (
    attribute("username", "nip"),
    attribute("full_name", "nama"),
    attribute("activation_code", "kode_aktivasi"),
    Column("berlaku_sampai", lambda user: user.activation_expires_at.date().isoformat()),
)


def activation_table(users: list[User]) -> Table:
    """The activation codes of `users` as the page and `elearn employees codes` write them."""
    return Table("kode-aktivasi", "", ACTIVATION_COLUMNS, users)
