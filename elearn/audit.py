"""The audit log: who changed what, and when. The caller's transaction commits it."""

from __future__ import annotations

from .extensions import db
from .models import AuditLog


def record(
    actor_id: int | None, action: str, target_type: str, target_id: int | None = None, **details
) -> None:
    """Add an audit entry to the current transaction."""
    db.session.add(
        AuditLog(
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            details=details,
        )
    )
