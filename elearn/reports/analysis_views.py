"""HR analysis: competency gap heat map, training evaluation, SIASN training history."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import roles_required
from ..domain.evaluation import STATEMENTS, Evaluation, total
from ..domain.gaps import below_share, heat_level
from ..domain.nip import format_nip
from ..reporting.export import FORMATS, table_response
from ..reporting.filters import PAGE_SIZE, parse_filters
from ..reporting.scope import scope_for, unit_or_404, visible_units
from . import evaluation_queries, gaps_queries, siasn
from .analysis import base_units, columns, course_choices
from .queries import positions as position_choices

bp = Blueprint("analysis", __name__)
VIEWERS = ("supervisor", "hr", "admin")


def _format_or_404(fmt: str) -> None:
    if fmt not in FORMATS:
        abort(404)


def _filters(sorts: tuple[str, ...], default: str, yearly: bool = True):
    scope = scope_for(current_user)
    args = request.args
    if not yearly:  # gaps are about today: a bad ?year= there deserves no complaint
        args = args.copy()
        args.pop("year", None)
    filters, narrowed = parse_filters(args, scope, sorts=sorts, default_sort=default)
    return scope, filters, narrowed


def _direct() -> bool:
    """?direct=1: only the staff placed in the unit itself, not in its sub-units."""
    return request.args.get("direct") == "1"


# Competency gaps --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    members: int  # members whose position requires the competency
    below: int
    gap: int

    @property
    def share(self) -> float | None:
        return below_share(self.below, self.members)

    @property
    def heat(self) -> int | None:
        return heat_level(self.below, self.members)


def _gap_grid(scope, filters, narrowed, paged: bool):
    bases = base_units(scope, filters.unit_id)
    cols = columns(bases)
    totals = gaps_queries.competency_totals(narrowed, filters, paged=paged)
    ids = [t.id for t in totals] if paged else None
    cells = {
        key: Cell(*figures)
        for key, figures in gaps_queries.grid(narrowed, filters, cols, ids).items()
    }
    # The unit's own staff only get a column when there is somebody to show.
    cols = [c for c in cols if not c.direct or any(key[0] == c.unit_id for key in cells)]
    return bases, cols, totals, cells


@bp.get("/gaps")
@roles_required(*VIEWERS)
def gaps():
    """Heat map: competencies x units, members below their position's required level."""
    scope, filters, narrowed = _filters(gaps_queries.GRID_SORTS, "competency", yearly=False)
    bases, cols, totals, cells = _gap_grid(scope, filters, narrowed, paged=True)
    return render_template(
        "reports/gaps.html",
        filters=filters,
        units=visible_units(scope),
        positions=position_choices(),
        cols=cols,
        rows=[(t, Cell(t.members, t.below, t.gap)) for t in totals],
        cells=cells,
        total_unit=bases[0] if len(bases) == 1 else None,
        count=gaps_queries.count_competencies(narrowed, filters),
        page_size=PAGE_SIZE,
    )


@bp.get("/gaps.<fmt>")
@roles_required(*VIEWERS)
def gaps_export(fmt: str):
    """The heat map as a long table: one row per competency and unit, totals first."""
    _format_or_404(fmt)
    scope, filters, narrowed = _filters(gaps_queries.GRID_SORTS, "competency", yearly=False)
    _bases, cols, totals, cells = _gap_grid(scope, filters, narrowed, paged=False)
    everyone = _("Semua unit")
    rows = []
    for t in totals:
        places = [(everyone, "", Cell(t.members, t.below, t.gap))]
        places += [
            (_unit_label(c), c.code, cells[(c.unit_id, t.id)])
            for c in cols
            if (c.unit_id, t.id) in cells
        ]
        for name, code, cell in places:
            rows.append(
                [t.code, t.name, name, code, cell.members, cell.below, cell.share, cell.gap]
            )
    headers = [
        _("Kode kompetensi"),
        _("Kompetensi"),
        _("Unit kerja"),
        _("Kode unit"),
        _("Pegawai yang wajib"),
        _("Di bawah level"),
        _("Persen di bawah level"),
        _("Jumlah kesenjangan"),
    ]
    return table_response(fmt, "kesenjangan-kompetensi", _("Kesenjangan kompetensi"), headers, rows)


def _file_name(text: str) -> str:
    """Letters, digits and dashes only: unit codes come from HR's spreadsheets."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "laporan"


def _unit_label(column) -> str:
    if column.direct:
        return _("%(unit)s (langsung)", unit=column.name)
    return column.name


def _gap_members_context(unit_id: int, competency_id: int):
    scope, filters, _narrowed = _filters(gaps_queries.MEMBER_SORTS, "name", yearly=False)
    unit = unit_or_404(scope, unit_id)
    competency = gaps_queries.competency_or_404(competency_id)
    # The unit is in the path; a ?unit= would only contradict it (it was checked above).
    filters = replace(filters, unit_id=None)
    return scope.narrowed(unit.id), filters, unit, competency, (unit.id if _direct() else None)


@bp.get("/gaps/<int:unit_id>/<int:competency_id>")
@roles_required(*VIEWERS)
def gap_members(unit_id: int, competency_id: int):
    """The members of a unit below the level of one competency, with courses to close it."""
    narrowed, filters, unit, competency, direct = _gap_members_context(unit_id, competency_id)
    return render_template(
        "reports/gaps_cell.html",
        filters=filters,
        unit=unit,
        competency=competency,
        direct=direct is not None,
        positions=position_choices(),
        members=gaps_queries.members_below(narrowed, filters, competency, direct),
        format_nip=format_nip,
        count=gaps_queries.count_members_below(narrowed, filters, competency.id, direct),
        page_size=PAGE_SIZE,
    )


@bp.get("/gaps/<int:unit_id>/<int:competency_id>.<fmt>")
@roles_required(*VIEWERS)
def gap_members_export(unit_id: int, competency_id: int, fmt: str):
    _format_or_404(fmt)
    narrowed, filters, unit, competency, direct = _gap_members_context(unit_id, competency_id)
    members = gaps_queries.members_below(narrowed, filters, competency, direct, paged=False)
    headers = [
        _("NIP"),
        _("Nama"),
        _("Unit kerja"),
        _("Jabatan"),
        _("Level dibutuhkan"),
        _("Level tercapai"),
        _("Kesenjangan"),
        _("Kursus yang disarankan"),
    ]
    rows = [
        [
            m.nip,
            m.name,
            m.unit,
            m.position,
            m.required,
            m.attained,
            m.gap,
            "; ".join(title for _slug, title in m.courses),
        ]
        for m in members
    ]
    return table_response(
        fmt,
        _file_name(f"kesenjangan-{competency.slug}-{unit.code}"),
        competency.name,
        headers,
        rows,
    )


# Training evaluation ------------------------------------------------------------------------


def _evaluation_headers(first: str) -> list[str]:
    return [
        first,
        _("Selesai"),
        _("Peserta dengan pre-test dan ujian akhir"),
        _("Rata-rata pre-test"),
        _("Rata-rata ujian akhir"),
        _("Rata-rata kenaikan"),
        *[statement_labels()[s] for s in STATEMENTS],
        _("Rata-rata kepuasan"),
        _("Jumlah responden"),
    ]


def statement_labels() -> dict[str, str]:
    return {
        "relevance": _("Relevansi"),
        "clarity": _("Kejelasan"),
        "usefulness": _("Kegunaan"),
        "ease": _("Kemudahan platform"),
        "recommend": _("Kesediaan merekomendasikan"),
    }


def _evaluation_cells(figures: Evaluation) -> list:
    return [
        figures.completions,
        figures.pairs,
        figures.average_pretest,
        figures.average_final,
        figures.average_gain,
        *[figures.statement_average(s) for s in STATEMENTS],
        figures.overall,
        figures.responses,
    ]


@bp.get("/evaluation")
@roles_required(*VIEWERS)
def evaluation():
    """Per course: pre-test against final score, and the satisfaction survey."""
    scope, filters, narrowed = _filters(evaluation_queries.COURSE_SORTS, "course")
    rows = evaluation_queries.by_course(narrowed, filters)
    if 0 < len(rows) < PAGE_SIZE or (not rows and filters.page == 1):
        # The last page: its rows give the count, without aggregating everything again.
        count = (filters.page - 1) * PAGE_SIZE + len(rows)
    else:
        count = evaluation_queries.count_courses(narrowed, filters)
    return render_template(
        "reports/evaluation.html",
        filters=filters,
        units=visible_units(scope),
        courses=course_choices(),
        positions=position_choices(),
        rows=rows,
        count=count,
        page_size=PAGE_SIZE,
        statements=STATEMENTS,
        labels=statement_labels(),
    )


@bp.get("/evaluation.<fmt>")
@roles_required(*VIEWERS)
def evaluation_export(fmt: str):
    _format_or_404(fmt)
    _scope, filters, narrowed = _filters(evaluation_queries.COURSE_SORTS, "course")
    rows = [
        [title, *_evaluation_cells(figures)]
        for _id, title, figures in evaluation_queries.by_course(narrowed, filters, paged=False)
    ]
    return table_response(
        fmt,
        f"evaluasi-pelatihan-{filters.year}",
        _("Evaluasi pelatihan"),
        _evaluation_headers(_("Kursus")),
        rows,
    )


def _evaluation_course_context(course_id: int):
    scope, filters, narrowed = _filters(evaluation_queries.UNIT_SORTS, "unit")
    course = evaluation_queries.course_or_404(course_id)
    filters = replace(filters, course_id=None)  # the course is in the path
    cols = columns(base_units(scope, filters.unit_id))
    units = evaluation_queries.by_unit(narrowed, filters, course.id, cols)
    return scope, filters, narrowed, course, units


@bp.get("/evaluation/<int:course_id>")
@roles_required(*VIEWERS)
def evaluation_course(course_id: int):
    """One course per unit, with the comments (unit and date only: answers are anonymous)."""
    scope, filters, narrowed, course, units = _evaluation_course_context(course_id)
    return render_template(
        "reports/evaluation_course.html",
        filters=filters,
        course=course,
        units=visible_units(scope),
        positions=position_choices(),
        rows=[(_unit_label(c), figures) for c, figures in units],
        overall=total(figures for _c, figures in units),
        comments=evaluation_queries.comments(narrowed, filters, course.id),
        count=evaluation_queries.count_comments(narrowed, filters, course.id),
        page_size=PAGE_SIZE,
        statements=STATEMENTS,
        labels=statement_labels(),
    )


@bp.get("/evaluation/<int:course_id>.<fmt>")
@roles_required(*VIEWERS)
def evaluation_course_export(course_id: int, fmt: str):
    _format_or_404(fmt)
    _scope, filters, _narrowed, course, units = _evaluation_course_context(course_id)
    rows = [[_unit_label(c), c.code, *_evaluation_cells(figures)] for c, figures in units]
    if units:
        overall = total(figures for _c, figures in units)
        rows.append([_("Semua unit"), "", *_evaluation_cells(overall)])
    headers = _evaluation_headers(_("Unit kerja"))
    headers.insert(1, _("Kode unit"))
    return table_response(
        fmt,
        f"evaluasi-{course.slug}-{filters.year}",
        course.title,
        headers,
        rows,
    )


# SIASN training history ---------------------------------------------------------------------


@bp.get("/siasn", endpoint="siasn")
@roles_required(*VIEWERS)
def siasn_history():
    """A preview of the training history download, a page at a time."""
    scope, filters, narrowed = _filters(siasn.SORTS, "name")
    return render_template(
        "reports/siasn.html",
        filters=filters,
        units=visible_units(scope),
        courses=course_choices(),
        positions=position_choices(),
        rows=siasn.history(narrowed, filters),
        format_nip=format_nip,
        count=siasn.count(narrowed, filters),
        page_size=PAGE_SIZE,
    )


@bp.get("/siasn.<fmt>")
@roles_required(*VIEWERS)
def siasn_export(fmt: str):
    _format_or_404(fmt)
    _scope, filters, narrowed = _filters(siasn.SORTS, "name")
    rows = [row.cells() for row in siasn.history(narrowed, filters, paged=False)]
    return table_response(
        fmt, f"riwayat-pelatihan-siasn-{filters.year}", "SIASN", siasn.HEADERS, rows
    )
