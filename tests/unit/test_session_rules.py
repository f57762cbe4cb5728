"""When a login session ends by itself, and when its "last seen" is worth a write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from elearn.domain.sessions import SessionLimits, due_for_touch, expired

LIMITS = SessionLimits.of(idle_minutes=60, max_hours=12, touch_seconds=60)
LOGIN = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_a_busy_session_lives_until_its_absolute_lifetime():
    now = LOGIN + timedelta(hours=12)
    assert not expired(LIMITS, LOGIN, now - timedelta(minutes=1), now)
    later = now + timedelta(seconds=1)
    assert expired(LIMITS, LOGIN, later - timedelta(minutes=1), later)


def test_an_idle_session_ends_after_the_idle_timeout():
    seen = LOGIN + timedelta(hours=2)
    assert not expired(LIMITS, LOGIN, seen, seen + timedelta(minutes=60))
    assert expired(LIMITS, LOGIN, seen, seen + timedelta(minutes=60, seconds=1))


def test_last_seen_is_written_at_most_once_per_touch_interval():
    assert not due_for_touch(LIMITS, LOGIN, LOGIN + timedelta(seconds=59))
    assert due_for_touch(LIMITS, LOGIN, LOGIN + timedelta(seconds=60))
