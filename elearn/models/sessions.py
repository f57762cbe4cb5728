"""Server-side login sessions: a cookie is honoured only while its row is here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .people import User


class UserSession(db.Model):
    """One signed-in browser. Logging out deletes it; ending every session of a user
    (logout everywhere, password change, deactivation, role change) deletes them all."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the token in the cookie: a copy of this table opens no session.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Updated at most once per SESSION_TOUCH_SECONDS, so reading pages writes rarely.
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


class AccountToken(db.Model):
    """A password reset link, an e-mail confirmation link or a reset code from HR
    (domain.recovery): stored as a digest, good once, until `expires_at`. Issuing a new one
    of a purpose deletes the account's older ones of it; a password change deletes the
    account's reset links and codes."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))  # reset, email or code
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The address to confirm (purpose "email"); it becomes the account's only when confirmed.
    new_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
