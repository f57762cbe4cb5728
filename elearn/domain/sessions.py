"""When a login session ends by itself: idle too long, or simply too old."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class SessionLimits:
    idle: timedelta  # no request for this long ends the session
    lifetime: timedelta  # a session ends this long after login, however busy
    touch_every: timedelta  # how stale the stored "last seen" may get before it is written

    @classmethod
    def of(cls, idle_minutes: float, max_hours: float, touch_seconds: float) -> SessionLimits:
        return cls(
            timedelta(minutes=idle_minutes),
            timedelta(hours=max_hours),
            timedelta(seconds=touch_seconds),
        )


def expired(limits: SessionLimits, started: datetime, seen: datetime, now: datetime) -> bool:
    """Whether a session started at `started` and last seen at `seen` is over at `now`.

    `seen` lags the last request by up to `touch_every`, so idle expiry may come that
    much early; the stored time is what a copied cookie could not refresh.
    """
    return now - seen > limits.idle or now - started > limits.lifetime


def due_for_touch(limits: SessionLimits, seen: datetime, now: datetime) -> bool:
    """Whether "last seen" is stale enough to be worth a write."""
    return now - seen >= limits.touch_every
