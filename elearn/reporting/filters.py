"""The filters every HR report shares: unit subtree, year, course, position, sort, page."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, or_, select
from werkzeug.datastructures import MultiDict

from ..clock import this_year
from ..extensions import db
from ..models import Course, Position
from ..web import id_value, page_number
from .governments import visible
from .scope import Scope, unit_or_404

PAGE_SIZE = 50
FIRST_YEAR = 2000


@dataclass(frozen=True)
class ReportFilters:
    year: int
    unit_id: int | None = None
    course_id: int | None = None
    position_id: int | None = None
    sort: str = ""
    descending: bool = False
    page: int = 1
    query: str = ""
    errors: tuple[str, ...] = field(default=())

    def args(self, **changes) -> dict:
        """Query-string arguments for links that keep these filters (e.g. sort, next page)."""
        current = replace(self, **changes)
        values = {
            "unit": current.unit_id,
            "year": current.year,
            "course": current.course_id,
            "position": current.position_id,
            "sort": current.sort or None,
            "dir": "desc" if current.descending else None,
            "page": current.page if current.page > 1 else None,
            "q": current.query or None,
        }
        return {k: v for k, v in values.items() if v is not None}

    def sorted_by(self, column: str) -> dict:
        """Arguments for a column header link: sort by it, flipping the direction if it is on."""
        descending = not self.descending if self.sort == column else False
        return self.args(sort=column, descending=descending, page=1)


def name_or_nip(query: str, name, nip) -> ColumnElement[bool] | None:
    """The ?q= search of HR lists: a name in any case, or a NIP typed with or without spaces."""
    if not query:
        return None
    return or_(
        name.icontains(query, autoescape=True),
        nip.contains("".join(query.split()), autoescape=True),
    )


def _id(raw: str | None) -> int | None | str:
    """Parse an id argument: None when absent, "bad" when not a valid id."""
    if raw in (None, ""):
        return None
    value = id_value(raw)
    return "bad" if value is None else value


def parse_filters(
    args: MultiDict, scope: Scope, sorts: tuple[str, ...] = (), default_sort: str = ""
) -> tuple[ReportFilters, Scope]:
    """Read report filters; an out-of-scope unit is a 404, other bad values fall back with a note.

    Returns the filters and the scope narrowed to the chosen unit.
    """
    errors: list[str] = []
    year = this_year()
    raw_year = (args.get("year") or "").strip()
    if raw_year:
        if raw_year.isascii() and raw_year.isdigit() and FIRST_YEAR <= int(raw_year) <= year + 1:
            year = int(raw_year)
        else:
            errors.append(
                _(
                    "Tahun harus antara %(a)s dan %(b)s; ditampilkan tahun %(c)s.",
                    a=FIRST_YEAR,
                    b=year + 1,
                    c=year,
                )
            )
    unit_id = _id(args.get("unit"))
    if unit_id == "bad":
        abort(404)
    narrowed = scope
    if unit_id is not None:
        unit_or_404(scope, unit_id)
        narrowed = scope.narrowed(unit_id)
    course_id = _id(args.get("course"))
    if course_id is not None and (course_id == "bad" or db.session.get(Course, course_id) is None):
        errors.append(_("Kursus yang dipilih tidak ada; filter kursus diabaikan."))
        course_id = None
    position_id = _id(args.get("position"))
    if position_id is not None and (
        position_id == "bad"
        or db.session.scalar(select(Position.id).where(Position.id == position_id, visible(scope)))
        is None
    ):
        errors.append(_("Jabatan yang dipilih tidak ada; filter jabatan diabaikan."))
        position_id = None
    sort = args.get("sort", "")
    if sort not in sorts:
        sort = default_sort
    filters = ReportFilters(
        year=year,
        unit_id=unit_id,
        course_id=course_id,
        position_id=position_id,
        sort=sort,
        descending=args.get("dir") == "desc",
        page=page_number(args.get("page")),
        # Control characters (a NUL, say) match nothing and PostgreSQL refuses them.
        query="".join(ch for ch in args.get("q") or "" if ch.isprintable()).strip()[:100],
        errors=tuple(errors),
    )
    return filters, narrowed
