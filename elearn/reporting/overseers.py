"""The unit head (or HR officer) who answers for a learner, found with one query each."""

from __future__ import annotations

from sqlalchemy import and_, func, select

from ..domain.overseers import Candidate, nearest
from ..extensions import db
from ..models import OrgClosure, User, UserRole


def _candidates(learner: User, role: str) -> list[Candidate]:
    """Active users with `role` overseeing a unit on the path from the learner's unit up."""
    if learner.unit_id is None:
        return []
    rows = db.session.execute(
        select(User.id, OrgClosure.depth)
        .join(UserRole, (UserRole.user_id == User.id) & (UserRole.role == role))
        .join(
            OrgClosure,
            OrgClosure.ancestor_id == func.coalesce(User.scope_unit_id, User.unit_id),
        )
        .where(OrgClosure.descendant_id == learner.unit_id, User.active.is_(True))
    )
    return [Candidate(user_id, depth) for user_id, depth in rows]


def overseer_id(learner: User, role: str) -> int | None:
    """The id of the nearest active `role` holder above the learner, or None."""
    return nearest(_candidates(learner, role), learner.id)


def supervisor_of(learner: User) -> User | None:
    """The learner's unit head: their unit's, walking up the tree when it has none."""
    found = overseer_id(learner, "supervisor")
    return db.session.get(User, found) if found else None


def reviewer_of(learner: User) -> User | None:
    """Who checks the learner's work: their unit head, else the HR officer of their scope."""
    found = overseer_id(learner, "supervisor") or overseer_id(learner, "hr")
    return db.session.get(User, found) if found else None


def join_unit_heads(stmt, learner, head, above):
    """`stmt` joined to every active unit head `head` (an alias of User) overseeing the unit
    of `learner` (User or an alias) or a unit above it, never the learner themselves; `above`
    (an alias of OrgClosure) says how far up (`above.depth`). For bulk SQL over many learners:
    the daily reminders and follow-ups."""
    return (
        stmt.join(above, above.descendant_id == learner.unit_id)
        .join(
            head,
            and_(
                above.ancestor_id == func.coalesce(head.scope_unit_id, head.unit_id),
                head.active.is_(True),
                head.id != learner.id,
            ),
        )
        .join(UserRole, and_(UserRole.user_id == head.id, UserRole.role == "supervisor"))
    )
