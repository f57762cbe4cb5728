"""A marker for texts users read that are defined where Flask may not be imported (domain,
content) or before a request exists: `N_("...")` returns the text unchanged and only tells
`pybabel extract -k N_` to put it in the catalog; the view translates it with `_()`."""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802  (the gettext family's conventional name)
    return text
