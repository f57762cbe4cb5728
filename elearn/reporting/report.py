"""A report defined once: the filters and sort keys it reads, and the columns it downloads.

A report's page and its CSV/XLSX download read the request through the same `Report`,
fetch their rows with the same query function, and the download writes the report's
`Column`s (header text and how to get the value out of a row). Views only glue these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Response, abort, request
from flask_login import current_user

from ..domain.nip import format_nip
from .export import FORMATS, csv_text, table_response
from .filters import ReportFilters, parse_filters
from .scope import Scope, scope_for


@dataclass(frozen=True)
class Column:
    """One column of a report, for its download, its page table or both.

    The download writes `header` and `value(row)`; the page heads the column with `label`
    (a ?sort= link when `sort` is set) and renders `shown(row)` through the macro `cell` of
    templates/reports/_cells.html. A column without `label` is download-only (raw ids, ISO
    dates), one without `header` page-only (a note, a link).
    """

    header: Any = None  # str or a lazy translation; None: not in the download
    value: Callable[[Any], object] | None = None
    label: Any = None  # the page's header; None: not on the page
    sort: str | None = None  # the ?sort= key its page header links to
    cell: str = "text"  # the macro of reports/_cells.html drawing the page cell
    show: Callable[[Any], object] | None = None  # the page's value, when not `value`'s
    numeric: bool = False  # right-aligned figures
    row_header: bool = False  # the cell names the row (<th scope="row">)

    @property
    def in_download(self) -> bool:
        return self.header is not None

    @property
    def on_page(self) -> bool:
        return self.label is not None

    def shown(self, row: Any) -> object:
        """The value the page cell gets (its macro may read the whole row too)."""
        read = self.show or self.value
        return None if read is None else read(row)


@dataclass(frozen=True)
class Reading:
    """What a report reads from a request: who looks, with which filters, at which units."""

    scope: Scope  # the viewer's whole scope
    filters: ReportFilters
    narrowed: Scope  # the scope narrowed to the chosen unit


@dataclass(frozen=True)
class Report:
    """The request side of a report: which ?sort= keys it knows and whether ?year= counts."""

    sorts: tuple[str, ...]
    default_sort: str
    yearly: bool = True  # False: a report about today, where a bad ?year= deserves no note

    def read(self) -> Reading:
        """The viewer's scope and this request's filters (an out-of-scope unit is a 404)."""
        scope = scope_for(current_user)
        args = request.args
        if not self.yearly:
            args = args.copy()
            args.pop("year", None)
        filters, narrowed = parse_filters(
            args, scope, sorts=self.sorts, default_sort=self.default_sort
        )
        return Reading(scope, filters, narrowed)


@dataclass(frozen=True)
class Table:
    """A download: its file name (without extension), sheet title, columns and rows."""

    filename: str
    title: Any
    columns: Sequence[Column]
    rows: Iterable[Any]

    def response(self, fmt: str) -> Response:
        return table_response(fmt, self.filename, str(self.title), *self._lines())

    def csv_text(self) -> str:
        """The download as CSV text, for the command line."""
        return csv_text(*self._lines())

    def _lines(self) -> tuple[list[str], Iterable[list]]:
        columns = [c for c in self.columns if c.in_download]
        headers = [str(c.header) for c in columns]
        return headers, ([c.value(row) for c in columns] for row in self.rows)


def download(fmt: str, table: Callable[..., Table], *args) -> Response:
    """Answer the download `table(*args)` builds; an unknown format is a 404 before any
    query runs."""
    if fmt not in FORMATS:
        abort(404)
    return table(*args).response(fmt)


def attribute(name: str, header: Any = None, **page: Any) -> Column:
    """A column holding the row's attribute `name`, headed by `header` (default: the name)
    in the download; `page` gives its page side (label, sort, cell...)."""
    return Column(name if header is None else header, lambda row: getattr(row, name), **page)


def titled(name: str, title: Any, **page: Any) -> Column:
    """A column holding the row's attribute `name`, headed by `title` on the page and in the
    download alike."""
    return attribute(name, title, label=title, **page)


def page_only(name: str, label: Any, **page: Any) -> Column:
    """A column only the page shows, holding the row's attribute `name`."""
    return Column(None, None, label, show=lambda row: getattr(row, name), **page)


def nip_on_page(label: Any = "NIP", **page: Any) -> Column:
    """The row's `nip` as the page writes it (grouped); downloads keep the raw digits."""
    return Column(label=label, show=lambda row: format_nip(row.nip), **page)
