"""Administration: position profiles and the position, unit and rank of users."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import aliased

from .. import audit
from ..auth.sessions import end_all as end_sessions
from ..domain.employees import PNS_RANKS
from ..domain.org import UnitDef, closure_rows
from ..domain.positions import PositionDef
from ..extensions import db
from ..models import Competency, OrgClosure, OrgUnit, Position, PositionRequirement, User

RANKS = PNS_RANKS


def competency_ids() -> dict[str, int]:
    return dict(db.session.execute(select(Competency.slug, Competency.id)).all())


def upsert_positions(
    defs: Iterable[PositionDef], government_id: int | None = None, actor_id: int | None = None
) -> tuple[int, int]:
    """Insert or update a government's positions (templates when None) by code, replacing
    their required levels; another government's positions of the same code stay as they are."""
    ids = competency_ids()
    existing = {
        p.code: p
        for p in db.session.scalars(select(Position).where(Position.government_id == government_id))
    }
    added = updated = 0
    for item in defs:
        position = existing.get(item.code)
        if position is None:
            position = Position(
                code=item.code, name=item.name, type=item.type, government_id=government_id
            )
            position.front_line = bool(item.front_line)
            db.session.add(position)
            added += 1
        else:
            updated += 1
            position.name, position.type = item.name, item.type
            if item.front_line is not None:  # a file without the column keeps the flag
                position.front_line = item.front_line
        position.requirements = [
            PositionRequirement(competency_id=ids[slug], level=level)
            for slug, level in sorted(item.requirements.items())
        ]
    audit.record(
        actor_id,
        "positions.import",
        "position",
        added=added,
        updated=updated,
        government_id=government_id,
    )
    db.session.commit()
    return added, updated


def copy_position(template: Position, government_id: int, actor_id: int) -> Position | None:
    """Copy a national template into a government; None when the code is taken there."""
    taken = db.session.scalar(
        select(Position.id).where(
            Position.government_id == government_id, Position.code == template.code
        )
    )
    if taken is not None:
        return None
    copy = Position(
        code=template.code,
        name=template.name,
        type=template.type,
        government_id=government_id,
        front_line=template.front_line,
    )
    copy.requirements = [
        PositionRequirement(competency_id=r.competency_id, level=r.level)
        for r in template.requirements
    ]
    db.session.add(copy)
    db.session.flush()
    audit.record(
        actor_id,
        "position.copy",
        "position",
        copy.id,
        template_id=template.id,
        government_id=government_id,
    )
    db.session.commit()
    return copy


def units_by_id(ids) -> list[OrgUnit]:
    return list(
        db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(ids)).order_by(OrgUnit.name))
    )


def government_by_code(code: str) -> int | None:
    """The id of the government (a root unit) with that code."""
    return db.session.scalar(
        select(OrgUnit.id).where(OrgUnit.code == code, OrgUnit.parent_id.is_(None))
    )


def governments() -> list[OrgUnit]:
    """Every government (root unit), for an admin copying a template."""
    return list(
        db.session.scalars(
            select(OrgUnit).where(OrgUnit.parent_id.is_(None)).order_by(OrgUnit.name)
        )
    )


def competencies() -> list[Competency]:
    return list(db.session.scalars(select(Competency).order_by(Competency.position)))


def save_position(
    position: Position,
    name: str,
    kind: str,
    levels: dict[int, int],
    actor_id: int,
    front_line: bool | None = None,
) -> None:
    """Update a position's name, type, required level per competency id (0 = none) and,
    when given, whether it serves the public face to face (front line)."""
    position.name, position.type = name, kind
    if front_line is not None:
        position.front_line = front_line
    position.requirements = [
        PositionRequirement(competency_id=cid, level=level)
        for cid, level in sorted(levels.items())
        if level
    ]
    audit.record(
        actor_id,
        "position.update",
        "position",
        position.id,
        levels={str(k): v for k, v in levels.items() if v},
        front_line=position.front_line,
    )
    db.session.commit()


def users(query: str, page: int, scope, size: int = 50) -> tuple[list[User], int]:
    stmt = select(User).where(scope.users())
    query = query.strip().lower()
    if query:
        like = f"%{query}%"
        stmt = stmt.where(or_(func.lower(User.full_name).like(like), User.username.like(like)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(
        stmt.order_by(User.full_name, User.id).offset((page - 1) * size).limit(size)
    ).all()
    return list(rows), total


def units() -> list[OrgUnit]:
    return list(db.session.scalars(select(OrgUnit).order_by(OrgUnit.name)))


def save_user_profile(
    user: User,
    position_id: int | None,
    unit_id: int | None,
    rank: str | None,
    actor_id: int,
    access: tuple[set[str], int | None] | None = None,
) -> None:
    """Save placement; `access` (roles, scope unit) is given only when an admin edits it."""
    user.position_id, user.unit_id, user.rank = position_id, unit_id, rank
    details: dict = {"position_id": position_id, "unit_id": unit_id, "rank": rank}
    if access is not None:
        roles, scope_unit_id = access
        if roles != user.roles or scope_unit_id != user.scope_unit_id:
            # What the person may see changed: no browser keeps the old rights open.
            end_sessions(user.id)
        user.set_roles(roles)
        user.scope_unit_id = scope_unit_id
        details.update(roles=sorted(roles), scope_unit_id=scope_unit_id)
    audit.record(actor_id, "user.profile", "user", user.id, **details)
    db.session.commit()


def member_counts(unit_ids) -> dict[int, int]:
    """Active employees placed directly in each unit (one grouped query)."""
    rows = db.session.execute(
        select(User.unit_id, func.count())
        .where(User.unit_id.in_(unit_ids), User.active.is_(True))
        .group_by(User.unit_id)
    ).all()
    return dict(rows)


def unit_by_code(code: str) -> OrgUnit | None:
    return db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))


def add_unit(code: str, name: str, parent_id: int | None, actor_id: int) -> OrgUnit:
    unit = OrgUnit(code=code, name=name, parent_id=parent_id)
    db.session.add(unit)
    db.session.flush()
    rebuild_closure()
    audit.record(actor_id, "org.add", "org_unit", unit.id, code=code, parent_id=parent_id)
    db.session.commit()
    return unit


def update_unit(unit: OrgUnit, name: str, parent_id: int | None, actor_id: int) -> None:
    moved = unit.parent_id != parent_id
    unit.name, unit.parent_id = name, parent_id
    if moved:
        db.session.flush()
        rebuild_closure()
    audit.record(actor_id, "org.update", "org_unit", unit.id, name=name, parent_id=parent_id)
    db.session.commit()


def descendant_ids(unit_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(OrgClosure.descendant_id).where(OrgClosure.ancestor_id == unit_id)
        )
    )


def unit_parents() -> dict[str, str | None]:
    """Codes of stored units with their parent codes (for checking an import)."""
    parent = aliased(OrgUnit)
    rows = db.session.execute(
        select(OrgUnit.code, parent.code).outerjoin(parent, parent.id == OrgUnit.parent_id)
    ).all()
    return dict(rows)


def upsert_units(defs: Iterable[UnitDef], actor_id: int | None = None) -> tuple[int, int]:
    """Insert or update units by code, then link each to its parent."""
    defs = list(defs)
    existing = {u.code: u for u in db.session.scalars(select(OrgUnit))}
    added = updated = 0
    for item in defs:
        unit = existing.get(item.code)
        if unit is None:
            unit = existing[item.code] = OrgUnit(code=item.code, name=item.name)
            db.session.add(unit)
            added += 1
        else:
            unit.name = item.name
            updated += 1
    db.session.flush()
    for item in defs:
        existing[item.code].parent_id = existing[item.parent_code].id if item.parent_code else None
    db.session.flush()
    rebuild_closure()
    audit.record(actor_id, "org.import", "org_unit", added=added, updated=updated)
    db.session.commit()
    return added, updated


def rebuild_closure() -> None:
    """Recompute the ancestor table from the parent links (in the caller's transaction)."""
    parents = dict(db.session.execute(select(OrgUnit.id, OrgUnit.parent_id)).all())
    db.session.execute(delete(OrgClosure))
    rows = [{"ancestor_id": a, "descendant_id": d, "depth": n} for a, d, n in closure_rows(parents)]
    if rows:
        db.session.execute(insert(OrgClosure), rows)
