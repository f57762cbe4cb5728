"""Small helpers shared by views: request arguments, path parts and URL converters.

Every value a request brings in (query arguments, form fields, path parts) passes through
here before a view reads it, so a bad value is handled once for every route: control
characters are dropped from arguments and fields (PostgreSQL refuses a NUL in text, and
nobody types one), a path part holding one names nothing (404), and ids are 32-bit.
"""

from __future__ import annotations

from flask import Request, abort
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter

MAX_ID = 2_147_483_647  # ids are 32-bit integers in both databases

# Every C0 control character and DEL, but tab and line breaks, which text areas carry.
CONTROL = {code: None for code in (*range(0x20), 0x7F) if chr(code) not in "\t\n\r"}


def without_controls(value):
    """A text without control characters; anything else (an uploaded file) as it is."""
    return value.translate(CONTROL) if isinstance(value, str) else value


def has_controls(value) -> bool:
    return isinstance(value, str) and value != value.translate(CONTROL)


class CleanMultiDict(ImmutableMultiDict):
    """Query arguments and form fields, their names and texts without control characters."""

    def __init__(self, mapping=None):
        pairs = MultiDict(mapping).items(multi=True) if mapping else ()
        super().__init__([(without_controls(k), without_controls(v)) for k, v in pairs])


class CleanRequest(Request):
    """The request every view sees: args and form are CleanMultiDicts, parsed lazily as
    before, so upload views still set their body limit before the body is read."""

    parameter_storage_class = CleanMultiDict


def refuse_control_path_parts(endpoint, values) -> None:
    """URL value preprocessor: a path part holding a control character is a page that does
    not exist (no slug, file or code has one)."""
    if values and any(has_controls(value) for value in values.values()):
        abort(404)


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a positive 32-bit id, so huge numbers are a plain 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def id_value(raw: str | None) -> int | None:
    """A positive 32-bit id typed in a field or argument; None when absent or not one."""
    raw = (raw or "").strip()
    if raw.isascii() and raw.isdigit() and len(raw) <= 10 and 0 < int(raw) <= MAX_ID:
        return int(raw)
    return None


def page_number(raw: str | None, last: int = 100_000) -> int:
    """Read a ?page= value; anything that is not a plain positive number means page 1."""
    raw = raw or ""
    if raw.isascii() and raw.isdigit() and len(raw) <= 6 and 0 < int(raw) <= last:
        return int(raw)
    return 1


def csrf_field() -> Markup:
    """The hidden CSRF input of a form whose route validates the token: pages that only
    show such a form need no WTForms object to render it."""
    return Markup('<input type="hidden" name="csrf_token" value="%s">') % generate_csrf()
