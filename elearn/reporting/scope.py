"""Who sees what: the organisation subtree an HR officer or a unit head may look at.

Every HR query takes a `Scope` and filters with `Scope.users()` / `Scope.units()`;
a unit or learner outside it is answered with 404, exactly like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import ColumnElement, Select, false, select, true

from ..extensions import db
from ..models import OrgClosure, OrgUnit, User


@dataclass(frozen=True)
class Scope:
    # Subtree roots; None means every unit of every government (admins).
    roots: tuple[int, ...] | None
    read_only: bool = False  # unit heads look, never change

    @property
    def everything(self) -> bool:
        return self.roots is None

    def unit_ids(self) -> Select:
        """A subquery of the ids of every unit in scope."""
        stmt = select(OrgClosure.descendant_id)
        if self.roots is not None:
            stmt = stmt.where(OrgClosure.ancestor_id.in_(self.roots or (-1,)))
        return stmt

    def units(self, column=OrgUnit.id) -> ColumnElement[bool]:
        """A condition: `column` (a unit id) is in scope."""
        if self.roots is None:
            return true()
        if not self.roots:
            return false()
        return column.in_(self.unit_ids())

    def users(self, column=User.unit_id) -> ColumnElement[bool]:
        """A condition: the user whose unit is `column` is in scope.

        Admins also see users with no unit; everyone else only people placed in a unit.
        """
        if self.roots is None:
            return true()
        return self.units(column)

    def has_unit(self, unit_id: int | None) -> bool:
        if unit_id is None:
            return self.roots is None
        if self.roots is None:
            return db.session.get(OrgUnit, unit_id) is not None
        return (
            db.session.scalar(
                select(OrgClosure.depth).where(
                    OrgClosure.descendant_id == unit_id,
                    OrgClosure.ancestor_id.in_(self.roots or (-1,)),
                )
            )
            is not None
        )

    def narrowed(self, unit_id: int) -> Scope:
        """The same viewer looking at one unit's subtree (which must be in scope)."""
        return Scope((unit_id,), self.read_only)


def scope_for(user) -> Scope:
    """Return what `user` may see: admins everything, HR their subtree, heads their unit."""
    if user.has_role("admin"):
        return Scope(None)
    if user.has_role("hr"):
        return Scope((user.scope_unit_id,) if user.scope_unit_id else ())
    if user.has_role("supervisor"):
        root = user.scope_unit_id or user.unit_id
        return Scope((root,) if root else (), read_only=True)
    return Scope(())


def unit_or_404(scope: Scope, unit_id: int) -> OrgUnit:
    """Return the unit if the viewer may see it; otherwise the same 404 as a missing one."""
    if not scope.has_unit(unit_id):
        abort(404)
    unit = db.session.get(OrgUnit, unit_id)
    if unit is None:
        abort(404)
    return unit


def user_or_404(scope: Scope, user_id: int) -> User:
    """Return the employee if the viewer's scope holds their unit; 404 otherwise."""
    user = db.session.scalar(select(User).where(User.id == user_id, scope.users()))
    if user is None:
        abort(404)
    return user


def visible_units(scope: Scope) -> list[tuple[OrgUnit, int]]:
    """Units in scope with their depth below the viewer's roots, in tree order, for pickers."""
    units = db.session.scalars(select(OrgUnit).where(scope.units()).order_by(OrgUnit.name)).all()
    children: dict[int | None, list[OrgUnit]] = {}
    ids = {u.id for u in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        children.setdefault(parent, []).append(unit)
    ordered: list[tuple[OrgUnit, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in children.get(parent, []):
            ordered.append((unit, depth))
            walk(unit.id, depth + 1)

    walk(None, 0)
    return ordered


def top_units(scope: Scope) -> list[int]:
    """The units a report starts from: the viewer's roots, or every government for admins."""
    if scope.roots is not None:
        return list(scope.roots)
    return list(db.session.scalars(select(OrgUnit.id).where(OrgUnit.parent_id.is_(None))))
