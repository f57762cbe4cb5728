"""Employee import: preview, then write all rows or none; new accounts get activation codes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from .. import audit
from ..domain.employees import EmployeeRow, check_rows
from ..domain.positions import RowError
from ..domain.texts import N_
from ..extensions import db
from ..models import OrgClosure, OrgUnit, Position, User
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


# One answer for every NIP the officer may not import, whatever the reason (registered
# outside their scope, in another government, their own account, an officer's account), so
# that an import never tells whether a NIP exists outside the officer's scope.
NIP_UNUSABLE = N_("NIP tidak dapat digunakan; hubungi admin")


def plan_import(
    table: list[list], scope: Scope = EVERYTHING, actor_id: int | None = None
) -> ImportPlan:
    """Validate every row against the units in scope and their governments' positions; count
    what would change. Every problem of the file is reported at once.

    An HR officer may only place people in their own subtree, and may not take over an
    employee recorded elsewhere, nor change their own or another officer's account.
    """
    lookup = _Lookup.of(scope)
    rows, errors = check_rows(table, lookup.units, (), lookup.positions_of_unit())
    existing = _existing([r.nip for r in rows])
    if not scope.everything:
        errors += [
            RowError(row.row, "nip", NIP_UNUSABLE)
            for row in _unusable(rows, existing, scope, actor_id)
        ]
    if errors:
        return ImportPlan(errors=sorted(errors, key=lambda e: e.row))
    plan = ImportPlan(rows=rows)
    for row in rows:
        user = existing.get(row.nip)
        if user is None:
            plan.new += 1
        elif _changes(user, row, lookup):
            plan.updated += 1
        else:
            plan.unchanged += 1
    return plan


def _unusable(rows, existing: dict[str, User], scope: Scope, actor_id) -> list[EmployeeRow]:
    """Rows naming an account the officer may not change by import."""
    if not existing:
        return []
    mine = set(
        db.session.scalars(select(User.username).where(User.username.in_(existing), scope.users()))
    )
    unusable = []
    for row in rows:
        user = existing.get(row.nip)
        if user is None:
            continue
        if row.nip not in mine or user.id == actor_id or user.has_role("hr", "admin"):
            unusable.append(row)
    return unusable


def _existing(nips: list[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for start in range(0, len(nips), 1000):  # keep IN lists a reasonable size
        chunk = nips[start : start + 1000]
        for user in db.session.scalars(select(User).where(User.username.in_(chunk))):
            found[user.username] = user
    return found


@dataclass
class _Lookup:
    """Units in scope by code with their government, and each government's positions."""

    units: dict[str, int]
    government: dict[str, int]  # unit code -> government id
    positions: dict[tuple[int, str], int]  # (government id, code) -> position id

    @classmethod
    def of(cls, scope: Scope) -> _Lookup:
        root = aliased(OrgUnit)
        rows = db.session.execute(
            select(OrgUnit.code, OrgUnit.id, OrgClosure.ancestor_id)
            .join(OrgClosure, OrgClosure.descendant_id == OrgUnit.id)
            .join(root, root.id == OrgClosure.ancestor_id)
            .where(root.parent_id.is_(None), scope.units())
        ).all()
        governments = {g for _c, _i, g in rows}
        positions = db.session.execute(
            select(Position.government_id, Position.code, Position.id).where(
                Position.government_id.in_(governments)
            )
        ).all()
        return cls(
            units={code: unit_id for code, unit_id, _g in rows},
            government={code: g for code, _i, g in rows},
            positions={(g, code): pid for g, code, pid in positions},
        )

    def positions_of_unit(self) -> dict[str, set[str]]:
        codes: dict[int, set[str]] = {}
        for government, code in self.positions:
            codes.setdefault(government, set()).add(code)
        return {unit: codes.get(g, set()) for unit, g in self.government.items()}

    def position_id(self, row: EmployeeRow) -> int | None:
        if not row.position_code:
            return None
        return self.positions[(self.government[row.unit_code], row.position_code)]


def _changes(user: User, row: EmployeeRow, lookup: _Lookup) -> dict:
    wanted = {
        "full_name": row.name,
        "email": row.email if row.email else user.email,
        "employee_type": row.employee_type,
        "unit_id": lookup.units[row.unit_code],
        "position_id": lookup.position_id(row) if row.position_code else user.position_id,
        "rank": row.rank or user.rank,
    }
    return {k: v for k, v in wanted.items() if getattr(user, k) != v}


def apply_import(
    plan: ImportPlan, actor_id: int | None, **audit_details
) -> list[tuple[str, str, str]]:
    """Write a valid plan in one transaction: update by NIP, never delete; return new codes.
    `audit_details` join the audit entry (the API names its token there)."""
    if plan.errors:
        raise ValueError("a plan with errors cannot be applied")
    existing = _existing([r.nip for r in plan.rows])
    lookup = _Lookup.of(EVERYTHING)
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
                unit_id=lookup.units[row.unit_code],
                position_id=lookup.position_id(row),
                rank=row.rank,
                activation_code=code,
                activation_expires_at=expires,
            )
            user.set_roles(["learner"])
            db.session.add(user)
            created.append((row.nip, row.name, code))
        else:
            for key, value in _changes(user, row, lookup).items():
                setattr(user, key, value)
    audit.record(
        actor_id,
        "employees.import",
        "user",
        new=len(created),
        updated=plan.updated,
        unchanged=plan.unchanged,
        **audit_details,
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
