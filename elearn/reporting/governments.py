"""Which government a unit belongs to, and which position profiles a viewer may see and change.

A government is the root unit of an organisation tree. Its position profiles are seen by
its HR officers (of the whole government or of a part of it) and changed only by officers
whose scope holds the whole government; national templates (no government) are seen by
every HR officer and changed by admins only. Anything else answers 404, like a missing id.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import ColumnElement, or_, select, true

from ..extensions import db
from ..models import OrgClosure, OrgUnit, Position
from .scope import Scope


def government_of(unit_id: int | None) -> int | None:
    """The root unit of the tree `unit_id` is in (None for no unit)."""
    if unit_id is None:
        return None
    return db.session.scalar(
        select(OrgClosure.ancestor_id)
        .join(OrgUnit, OrgUnit.id == OrgClosure.ancestor_id)
        .where(OrgClosure.descendant_id == unit_id, OrgUnit.parent_id.is_(None))
    )


def home_governments(scope: Scope) -> list[int] | None:
    """The governments the viewer works in (None: every one, for admins)."""
    if scope.roots is None:
        return None
    return sorted({g for g in map(government_of, scope.roots) if g is not None})


def whole_governments(scope: Scope) -> list[int] | None:
    """The governments whose whole tree the viewer oversees (None: every one)."""
    if scope.roots is None:
        return None
    if not scope.roots:
        return []
    return list(
        db.session.scalars(
            select(OrgUnit.id).where(OrgUnit.id.in_(scope.roots), OrgUnit.parent_id.is_(None))
        )
    )


def visible(scope: Scope) -> ColumnElement[bool]:
    """A condition: the viewer may see the position (their governments' and templates)."""
    homes = home_governments(scope)
    if homes is None:
        return true()
    return or_(Position.government_id.is_(None), Position.government_id.in_(homes))


def may_change(scope: Scope, position: Position) -> bool:
    if scope.everything:
        return True
    wholes = whole_governments(scope) or []
    return position.government_id is not None and position.government_id in wholes


def changeable_or_404(scope: Scope, position_id: int) -> Position:
    """The position if the viewer may change it; otherwise the same 404 as a missing one."""
    position = db.session.get(Position, position_id)
    if position is None or not may_change(scope, position):
        abort(404)
    return position


def visible_positions(scope: Scope) -> list[Position]:
    return list(db.session.scalars(select(Position).where(visible(scope)).order_by(Position.code)))


def positions_of(government_id: int | None) -> list[Position]:
    """The positions an employee of that government may hold (templates when None)."""
    # `== None` renders IS NULL, so one statement serves both.
    stmt = select(Position).where(Position.government_id == government_id)
    return list(db.session.scalars(stmt.order_by(Position.name, Position.id)))


def holdable(position_id: int, unit_id: int | None) -> bool:
    """Whether an employee of `unit_id` may hold the position: only their government's."""
    position = db.session.get(Position, position_id)
    return position is not None and position.government_id == government_of(unit_id)
