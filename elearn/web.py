"""Small helpers shared by views: request arguments and URL converters."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

MAX_ID = 2_147_483_647  # ids are 32-bit integers in both databases


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a positive 32-bit id, so huge numbers are a plain 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def page_number(raw: str | None, last: int = 100_000) -> int:
    """Read a ?page= value; anything that is not a plain positive number means page 1."""
    raw = raw or ""
    if raw.isascii() and raw.isdigit() and len(raw) <= 6 and 0 < int(raw) <= last:
        return int(raw)
    return 1
