"""The institution's clock follows the configured time zone, not the server's."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from elearn import clock


@pytest.mark.parametrize(
    ("zone", "instant", "day"),
    [
        # 18:30 UTC on New Year's Eve is already 1 January in Jakarta (UTC+7) ...
        ("Asia/Jakarta", datetime(2026, 12, 31, 18, 30, tzinfo=UTC), "2027-01-01"),
        # ... and still 31 December in a zone behind UTC.
        ("America/Sao_Paulo", datetime(2026, 12, 31, 18, 30, tzinfo=UTC), "2026-12-31"),
        ("Asia/Jayapura", datetime(2026, 6, 30, 14, 59, tzinfo=UTC), "2026-06-30"),
        ("Asia/Jayapura", datetime(2026, 6, 30, 15, 0, tzinfo=UTC), "2026-07-01"),
    ],
)
def test_local_date_is_the_day_in_the_configured_zone(make_app, zone, instant, day):
    with make_app(TIMEZONE=zone).app_context():
        assert clock.timezone_name() == zone
        assert clock.local_date(instant).isoformat() == day
        assert clock.local_date(None) is None


def test_today_and_this_year_are_local(make_app):
    with make_app(TIMEZONE="Asia/Makassar").app_context():
        before = datetime.now(ZoneInfo("Asia/Makassar")).date()
        today = clock.today()
        after = datetime.now(ZoneInfo("Asia/Makassar")).date()
        assert before <= today <= after
        assert clock.this_year() == today.year


def test_year_bounds_are_local_midnights(make_app):
    with make_app(TIMEZONE="Asia/Jakarta").app_context():
        start, end = clock.year_bounds(2026)
    assert start.astimezone(UTC) == datetime(2025, 12, 31, 17, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
