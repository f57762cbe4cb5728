"""Locale choice and the Indonesian formatting of dates, times and numbers in templates."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, request, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale

SUPPORTED_LOCALES = ("id", "en")


def select_locale() -> str:
    """Use ?lang= when given (remembered in the session), otherwise Bahasa Indonesia."""
    wanted = request.args.get("lang")
    if wanted in SUPPORTED_LOCALES:
        session["lang"] = wanted
    return session.get("lang", "id")


def long_date(value: datetime | None) -> str:
    return format_date(value, "d MMMM yyyy") if value else ""


def date_time(value: datetime | None) -> str:
    return format_datetime(value, "d MMMM yyyy, HH.mm 'WIB'") if value else ""


def iso_date(value: str | None) -> str:
    """Format an ISO timestamp kept in a signed record as an Indonesian date."""
    return long_date(datetime.fromisoformat(value)) if value else ""


def number(value) -> str:
    return format_decimal(value)


def register(app: Flask) -> None:
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(date_time, "date_time")
    app.add_template_filter(number, "number")
    app.add_template_filter(iso_date, "iso_date")
    app.add_template_global(lambda: str(get_locale() or "id"), "current_locale")
