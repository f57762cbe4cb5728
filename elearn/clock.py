"""The institution's clock: now, today and this year where the deployment is.

Due dates, JP years and report periods are local days of the configured time zone
(`TIMEZONE`, Asia/Jakarta by default), while the database stores UTC instants
(`models.base.utcnow`). Every caller that needs the zone, "today" or "this year" asks
here, so that one setting governs them all.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def timezone_name() -> str:
    """The configured IANA time zone name (e.g. "Asia/Jakarta")."""
    return current_app.config["TIMEZONE"]


def zone() -> ZoneInfo:
    """The configured time zone."""
    return ZoneInfo(timezone_name())


def today() -> date:
    """Today's date where the institution is."""
    return datetime.now(zone()).date()


def this_year() -> int:
    """This calendar year where the institution is."""
    return today().year


def local_date(value: datetime | None) -> date | None:
    """The local calendar date of an aware instant, or None."""
    return None if value is None else value.astimezone(zone()).date()


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first instants of `year` and of the next one, in the institution's time zone."""
    tz = zone()
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)
