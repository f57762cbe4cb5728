"""The xAPI outbox: statements written with the learning event, sent to the LRS later."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class XapiStatement(db.Model):
    """One statement waiting for, or already accepted by, the LRS. Written in the same
    transaction as what it reports, so an LRS outage loses nothing; the sender
    (`elearn xapi flush`) takes the due rows and marks them sent."""

    __tablename__ = "xapi_statements"
    __table_args__ = (Index("ix_xapi_statements_due", "sent_at", "failed_at", "next_attempt_at"),)

    # The statement's own UUID: the LRS keeps one statement per id, so a resend is harmless.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    statement: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Parked after the last allowed attempt: shown to the admin, re-queued by hand.
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(300))
