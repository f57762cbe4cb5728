"""What each integration with another system last did: no integration fails silently."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class IntegrationStatus(db.Model):
    """One row per integration (sso, api, xapi, badges): its last success and last error,
    shown on the admin's integration page next to a "test connection" button."""

    __tablename__ = "integration_status"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_success: Mapped[str | None] = mapped_column(String(300))
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Bounded: an LRS or a provider may answer with a page of HTML.
    last_error: Mapped[str | None] = mapped_column(String(300))
    # Failures since the last success: a queue stuck for a day reads differently from one
    # blip. Secrets never reach this row: callers write what went wrong, not what was sent.
    failures: Mapped[int] = mapped_column(default=0)


class SiteSetting(db.Model):
    """A setting the admin changes on a page rather than in the environment, as text by key
    (e.g. `sso.learner_passwords_off`); read through elearn.site_settings."""

    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
