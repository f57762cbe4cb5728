"""The status line of each integration: last success, last error, failures since.

Every integration records here whatever it tried, from a learner's request, a background
flush or the admin's "test connection", so none of them fails silently."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..extensions import db
from ..models import IntegrationStatus
from ..models.base import utcnow

MESSAGE_LIMIT = 300


class ConnectionFailed(Exception):
    """An integration could not reach or use the system on the other side; the message is
    for the admin (Indonesian, no secret in it)."""


@dataclass(frozen=True)
class Status:
    name: str
    last_success_at: datetime | None = None
    last_success: str | None = None
    last_error_at: datetime | None = None
    last_error: str | None = None
    failures: int = 0

    @property
    def healthy(self) -> bool | None:
        """True after a success with no error since, False after an error, None untried."""
        if self.last_error_at is None and self.last_success_at is None:
            return None
        if self.last_error_at is None:
            return True
        return self.last_success_at is not None and self.last_success_at > self.last_error_at


def _clip(message: str) -> str:
    message = " ".join(str(message).split())
    return message if len(message) <= MESSAGE_LIMIT else message[: MESSAGE_LIMIT - 1] + "…"


def _upsert(name: str, values: dict, on_conflict: dict) -> None:
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(IntegrationStatus).values(name=name, **values)
    stmt = stmt.on_conflict_do_update(index_elements=[IntegrationStatus.name], set_=on_conflict)
    db.session.execute(stmt)
    db.session.commit()


def record_success(name: str, message: str) -> None:
    """Note that `name` just worked (and commit: the status outlives what follows)."""
    values = {"last_success_at": utcnow(), "last_success": _clip(message), "failures": 0}
    _upsert(name, values, values)


def record_failure(name: str, message: str) -> None:
    """Note that `name` just failed, with what the admin should read (and commit)."""
    values = {"last_error_at": utcnow(), "last_error": _clip(message)}
    _upsert(name, {**values, "failures": 1}, {**values, "failures": IntegrationStatus.failures + 1})


def statuses() -> dict[str, Status]:
    """Every recorded status by name (an integration never tried has none)."""
    rows = db.session.scalars(select(IntegrationStatus)).all()
    return {
        row.name: Status(
            row.name,
            row.last_success_at,
            row.last_success,
            row.last_error_at,
            row.last_error,
            row.failures,
        )
        for row in rows
    }
