"""Locale choice and the formatting of dates, times and numbers in templates, in the
request's language (Bahasa Indonesia unless a user or visitor chose another)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import (
    force_locale,
    format_date,
    format_datetime,
    format_decimal,
    get_locale,
    get_translations,
)
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

SOURCE_LOCALE = "id"  # the texts in the code are Bahasa Indonesia: no catalog needed
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}  # each in its own language
# Babel's CLDR patterns differ per language (Indonesian writes the time 14.05, English
# 14:05); the time zone is always WIB, the zone the platform's times are shown in.
DATE_PATTERNS = {"id": "d MMMM yyyy", "en": "d MMMM yyyy"}
DATE_TIME_PATTERNS = {"id": "d MMMM yyyy, HH.mm 'WIB'", "en": "d MMMM yyyy, HH:mm 'WIB'"}


def available_locales(app: Flask) -> tuple[str, ...]:
    """The source language and every language with a compiled catalog; offering a language
    without one would only relabel Indonesian pages."""
    found = {SOURCE_LOCALE}
    for directory in app.config.get("BABEL_TRANSLATION_DIRECTORIES", "translations").split(";"):
        root = Path(app.root_path, directory)
        found |= {mo.parents[1].name for mo in root.glob("*/LC_MESSAGES/messages.mo")}
    return tuple(sorted(found))


def offered_locales() -> tuple[str, ...]:
    return current_app.extensions["elearn_locales"]


def select_locale() -> str:
    """?lang= when given (remembered in the session), else the signed-in user's choice (a
    column loaded with the user: no statement of its own), else the session's, else
    Bahasa Indonesia. Outside a request (a command, a job): CLI_LOCALE."""
    offered = offered_locales()
    if not has_request_context():
        chosen = current_app.config.get("CLI_LOCALE")
        return chosen if chosen in offered else SOURCE_LOCALE
    wanted = request.args.get("lang")
    if wanted in offered:
        session["lang"] = wanted
        return wanted
    if current_user and current_user.is_authenticated:
        chosen = getattr(current_user, "locale", None)
        if chosen in offered:
            return chosen
    remembered = session.get("lang")
    return remembered if remembered in offered else SOURCE_LOCALE


def long_date(value: datetime | None) -> str:
    if not value:
        return ""
    return format_date(value, DATE_PATTERNS.get(current_locale_name(), DATE_PATTERNS["id"]))


def date_time(value: datetime | None) -> str:
    if not value:
        return ""
    pattern = DATE_TIME_PATTERNS.get(current_locale_name(), DATE_TIME_PATTERNS["id"])
    return format_datetime(value, pattern)


def iso_date(value: str | None) -> str:
    """Format an ISO timestamp kept in a signed record as an Indonesian date."""
    return long_date(datetime.fromisoformat(value)) if value else ""


def number(value) -> str:
    return format_decimal(value)


def _translations():
    """The request's catalog, looked up once per request: Flask-Babel's own lookup turns the
    locale into its string key on every call, and a page says some twenty texts."""
    found = g.get("_elearn_translations")
    if found is None:
        found = g._elearn_translations = get_translations()
    return found


def current_locale_name() -> str:
    """The request's language as a string ("id", "en"), looked up once per request like
    the catalog (the layout asks twice)."""
    if not has_request_context():
        return str(get_locale() or SOURCE_LOCALE)
    found = g.get("_elearn_locale")
    if found is None:
        found = g._elearn_locale = str(get_locale() or SOURCE_LOCALE)
    return found


def forget_request_locale() -> None:
    """After the language changed mid-request (the switch): the next text, such as the
    switch's own flash message, is looked up in the new language."""
    from flask_babel import refresh

    refresh()
    g.pop("_elearn_locale", None)
    g.pop("_elearn_translations", None)


@contextmanager
def in_locale(code: str | None) -> Iterator[str]:
    """Say what is inside in `code`, e.g. an e-mail in its recipient's stored choice; when
    that is empty or no longer offered, in the current request's or command's language. The
    value is the language used; the surrounding language comes back afterwards."""
    chosen = code if code in offered_locales() else current_locale_name()
    cached = {key: g.pop(key, None) for key in ("_elearn_locale", "_elearn_translations")}
    try:
        with force_locale(chosen):
            yield chosen
    finally:
        for key, value in cached.items():
            g.pop(key, None)
            if value is not None:
                setattr(g, key, value)


def language_choices() -> list[tuple[str, str]]:
    """(code, name) of every offered language, for the switch."""
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in offered_locales()]


def translated_text(value) -> str:
    """A text from a package that may not import Flask (content's problem texts, see
    content/messages.Text) in the request's language; any other value as it is."""
    translate = getattr(value, "translated", None)
    if translate is None:
        return value
    return translate(_translations().ugettext)


def install_template_gettext(app: Flask) -> None:
    """Replace the gettext callables Flask-Babel gave Jinja with ones that reuse the
    request's catalog (same texts, same new-style formatting and escaping)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals["_"] = template_gettext


@pass_eval_context
def template_gettext(eval_ctx, string: str, **variables):
    """`_()` in templates, as Jinja's new-style gettext does it (the text escaped as Markup
    where autoescaping is on, then always %-formatted) without its two extra hops through
    the template context: a catalog page says some fifty texts."""
    text = _translations().ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704  (our own catalog's text, as trusted as the template)
    return text % variables


def register(app: Flask) -> None:
    app.extensions["elearn_locales"] = available_locales(app)
    install_template_gettext(app)
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(date_time, "date_time")
    app.add_template_filter(number, "number")
    app.add_template_filter(iso_date, "iso_date")
    app.add_template_global(current_locale_name, "current_locale")
    app.add_template_global(language_choices, "language_choices")
    app.add_template_filter(translated_text, "translated")
