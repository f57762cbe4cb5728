"""Requests generated from the app's URL map: every route, its path filled from a table of
values by argument name, with hostile path parts, query strings and bodies (issue 12).

Nothing here names a route, so a route added tomorrow is requested the day it exists; a new
path argument name only needs a line in the table the test gives `paths`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from wtforms import FileField

from elearn.forms import Form

PLACEHOLDER = re.compile(r"<(?:(?P<converter>[a-zA-Z_]+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
HUGE = "9223372036854775808"  # past SQLite's 64-bit integers
PAST_INT32 = "2147483648"  # past PostgreSQL's integer
HOSTILE_PARTS = {
    "int": (PAST_INT32, HUGE, "0"),
    "default": ("%00", "a%1Fb", "x" * 300, quote("ñ漢字😀")),
    "path": ("%00.md", "..%2F..%2Fetc%2Fpasswd", quote("ñ漢字😀") + ".md"),
}
# The query arguments the pages read, each with a NUL and with numbers no column holds.
QUERY_NAMES = (
    "q",
    "page",
    "unit",
    "year",
    "course",
    "position",
    "sort",
    "dir",
    "status",
    "category",
    "competency",
    "revision",
    "version",
    "section",
    "lang",
    "direct",
    "next",
    "token",
    "courses",  # /hr/skm/dampak: the courses that count, and the chart's elements
    "element",
    "training",
    "tahun",
    "semua",
)
HOSTILE_QUERIES = (
    "&".join(f"{name}=a%00b" for name in QUERY_NAMES),
    "&".join(f"{name}={HUGE}" for name in QUERY_NAMES),
)
# Fields views read from request.form without a form class.
PLAIN_FIELDS = (
    "position_id",
    "unit_id",
    "rank",
    "roles",
    "scope_unit_id",
    "code",
    "name",
    "parent_id",
    "direction",
    "action",
)


def form_classes() -> list[type[Form]]:
    """Every form class of the platform (the app must have been created: it imports them)."""
    found, todo = [], [Form]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return [cls for cls in found if cls.__module__.startswith("elearn.") and cls is not Form]


def field_names(app) -> tuple[list[str], list[str]]:
    """(text field names, file field names) over every form, plus the plain fields."""
    texts, files = set(PLAIN_FIELDS), set()
    with app.test_request_context():
        for cls in form_classes():
            try:
                form = cls(formdata=None, meta={"csrf": False})
                fields = [(f.short_name, isinstance(f, FileField)) for f in form]
            except TypeError:  # forms that need arguments (the assignment form)
                fields = _declared(cls)
            for name, is_file in fields:
                (files if is_file else texts).add(name)
    return sorted(texts - {"csrf_token"}), sorted(files)


def _declared(cls) -> list[tuple[str, bool]]:
    return [
        (name, issubclass(getattr(value, "field_class", object), FileField))
        for name, value in vars(cls).items()
        if hasattr(value, "field_class")
    ]


def hostile_bodies(texts: list[str], files: list[str]) -> dict[str, dict]:
    """Form bodies by name, each without the CSRF token (the caller adds it)."""
    return {
        "empty": {},
        "nul": {name: "a\x00b\x01c" for name in texts},
        "huge": {name: HUGE for name in texts},
        "long": {name: "漢字😀ñ" * 250 for name in texts},  # all under the 1 MB body limit
    }


def file_parts(texts: list[str], files: list[str]) -> dict:
    """A body with a file part under every field name (fresh: a request closes its files)."""
    import io

    return {name: (io.BytesIO(b"x\x00y"), "a.png") for name in texts + files}


# Routes that end the client's session: requested last, or every route after them would be
# requested by a visitor instead of the role under test.
SESSION_ENDERS = ("/account/logout-everywhere", "/logout")


@dataclass(frozen=True)
class Route:
    rule: str
    methods: frozenset[str]


def routes(app) -> list[Route]:
    """Every route but the static files; logging out comes last, so the client stays in."""
    found = [
        Route(rule.rule, frozenset(rule.methods - {"HEAD", "OPTIONS"}))
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
    ]
    return sorted(found, key=lambda r: (r.rule in SESSION_ENDERS, r.rule))


def fill(rule: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values[m["name"]], rule)


def paths(route: Route, real: dict, foreign: dict) -> Iterator[tuple[str, str]]:
    """(kind, path): the rule filled with real values, with out-of-scope ones, and with each
    argument in turn made hostile."""
    converters = {m["name"]: m["converter"] or "default" for m in PLACEHOLDER.finditer(route.rule)}
    if not converters:
        yield "plain", route.rule
        return
    base = {name: str(real[name]) for name in converters}
    yield "real", fill(route.rule, base)
    if any(name in foreign for name in converters):
        yield "foreign", fill(route.rule, {**base, **foreign_values(converters, foreign)})
    for name, converter in converters.items():
        for bad in HOSTILE_PARTS.get(converter, HOSTILE_PARTS["default"]):
            yield f"hostile {name}", fill(route.rule, {**base, name: bad})


def foreign_values(converters: dict[str, str], foreign: dict) -> dict[str, str]:
    return {name: str(foreign[name]) for name in converters if name in foreign}
