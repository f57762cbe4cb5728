"""HR analysis: competency gap heat map, training evaluation, SIASN training history."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..auth.permissions import roles_required
from ..domain.evaluation import STATEMENTS, total
from ..domain.gaps import below_share, heat_level
from ..reporting.filters import PAGE_SIZE
from ..reporting.report import Column, Reading, Report, Table, attribute, download
from ..reporting.scope import unit_or_404, visible_units
from . import evaluation_queries, gaps_queries, siasn
from .analysis import UnitColumn, base_units, columns, course_choices
from .gap_members import (
    MEMBER_COLUMNS,
    MEMBER_SORTS,
    competency_or_404,
    count_members_below,
    members_below,
)
from .queries import positions as position_choices

bp = Blueprint("analysis", __name__)
VIEWERS = ("supervisor", "hr", "admin")
# Gaps are about today: a ?year= there is ignored.
GAPS = Report(gaps_queries.GRID_SORTS, "competency", yearly=False)
GAP_MEMBERS = Report(MEMBER_SORTS, "name", yearly=False)
EVALUATION = Report(evaluation_queries.COURSE_SORTS, "course")
EVALUATION_COURSE = Report(evaluation_queries.UNIT_SORTS, "unit")
SIASN = Report(siasn.SORTS, "name")


def _page_context(reading: Reading) -> dict:
    """What every analysis page shows around its table: the pickers and the page size."""
    return {
        "filters": reading.filters,
        "units": visible_units(reading.scope),
        "positions": position_choices(reading.scope),
        "page_size": PAGE_SIZE,
    }


def _direct() -> bool:
    """?direct=1: only the staff placed in the unit itself, not in its sub-units."""
    return request.args.get("direct") == "1"


def _file_name(text: str) -> str:
    """Letters, digits and dashes only: unit codes come from HR's spreadsheets."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "laporan"


def _unit_label(column: UnitColumn) -> str:
    if column.direct:
        return _("%(unit)s (langsung)", unit=column.name)
    return column.name


# Competency gaps --------------------------------------------------------------------------


class Cell(NamedTuple):
    members: int  # members whose position requires the competency
    below: int
    gap: int

    @property
    def share(self) -> float | None:
        return below_share(self.below, self.members)

    @property
    def heat(self) -> int | None:
        return heat_level(self.below, self.members)


def _gap_grid(reading: Reading, paged: bool):
    filters, narrowed = reading.filters, reading.narrowed
    bases = base_units(reading.scope, filters.unit_id)
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
    reading = GAPS.read()
    bases, cols, totals, cells = _gap_grid(reading, paged=True)
    return render_template(
        "reports/gaps.html",
        **_page_context(reading),
        cols=cols,
        rows=[(t, Cell(t.members, t.below, t.gap)) for t in totals],
        cells=cells,
        total_unit=bases[0] if len(bases) == 1 else None,
        count=gaps_queries.count_competencies(reading.narrowed, reading.filters),
    )


class GapLine(NamedTuple):
    """A line of the heat map's download: one competency in one unit (or in all)."""

    competency: gaps_queries.CompetencyTotal
    unit: str
    code: str
    cell: Cell


GAP_COLUMNS = (
    Column(_l("Kode kompetensi"), lambda line: line.competency.code),
    Column(_l("Kompetensi"), lambda line: line.competency.name),
    attribute("unit", _l("Unit kerja")),
    attribute("code", _l("Kode unit")),
    Column(_l("Pegawai yang wajib"), lambda line: line.cell.members),
    Column(_l("Di bawah level"), lambda line: line.cell.below),
    Column(_l("Persen di bawah level"), lambda line: line.cell.share),
    Column(_l("Jumlah kesenjangan"), lambda line: line.cell.gap),
)


def _gaps_table() -> Table:
    """The heat map as a long table: one line per competency and unit, totals first."""
    _bases, cols, totals, cells = _gap_grid(GAPS.read(), paged=False)
    lines = []
    for t in totals:
        lines.append(GapLine(t, _("Semua unit"), "", Cell(t.members, t.below, t.gap)))
        lines += [
            GapLine(t, _unit_label(c), c.code, cells[(c.unit_id, t.id)])
            for c in cols
            if (c.unit_id, t.id) in cells
        ]
    return Table("kesenjangan-kompetensi", _l("Kesenjangan kompetensi"), GAP_COLUMNS, lines)


@bp.get("/gaps.<fmt>")
@roles_required(*VIEWERS)
def gaps_export(fmt: str):
    """The heat map as a long table: one row per competency and unit, totals first."""
    return download(fmt, _gaps_table)


def _gap_members_context(unit_id: int, competency_id: int):
    reading = GAP_MEMBERS.read()
    unit = unit_or_404(reading.scope, unit_id)
    competency = competency_or_404(competency_id)
    # The unit is in the path; a ?unit= would only contradict it (it was checked above).
    filters = replace(reading.filters, unit_id=None)
    narrowed = reading.scope.narrowed(unit.id)
    return narrowed, filters, unit, competency, (unit.id if _direct() else None)


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
        positions=position_choices(narrowed),
        members=members_below(narrowed, filters, competency, direct),
        columns=MEMBER_COLUMNS,
        count=count_members_below(narrowed, filters, competency.id, direct),
        page_size=PAGE_SIZE,
    )


def _gap_members_table(unit_id: int, competency_id: int) -> Table:
    narrowed, filters, unit, competency, direct = _gap_members_context(unit_id, competency_id)
    members = members_below(narrowed, filters, competency, direct, paged=False)
    name = _file_name(f"kesenjangan-{competency.slug}-{unit.code}")
    return Table(name, competency.name, MEMBER_COLUMNS, members)


@bp.get("/gaps/<int:unit_id>/<int:competency_id>.<fmt>")
@roles_required(*VIEWERS)
def gap_members_export(unit_id: int, competency_id: int, fmt: str):
    return download(fmt, _gap_members_table, unit_id, competency_id)


# Training evaluation ------------------------------------------------------------------------


def statement_labels() -> dict[str, str]:
    return {
        "relevance": _("Relevansi"),
        "clarity": _("Kejelasan"),
        "usefulness": _("Kegunaan"),
        "ease": _("Kemudahan platform"),
        "recommend": _("Kesediaan merekomendasikan"),
    }


def _figure(header, label, read, sort=None, cell="figure") -> Column:
    """A figure of an evaluation line (its last item), read by `read` from the Evaluation."""
    return Column(header, lambda row: read(row[-1]), label, sort, cell, numeric=True)


def _evaluation_columns(*first: Column) -> list[Column]:
    """What an evaluation line is named by (`first`), then its figures."""
    labels = statement_labels()
    return [
        *first,
        _figure(_l("Selesai"), _l("Selesai"), lambda e: e.completions, "completions", "number"),
        _figure(
            _l("Peserta dengan prates dan ujian akhir"),
            _l("Dengan prates dan ujian akhir"),
            lambda e: e.pairs,
            "pairs",
            "number",
        ),
        _figure(
            _l("Rata-rata prates"),
            _l("Rata-rata prates"),
            lambda e: e.average_pretest,
            "pretest",
        ),
        _figure(
            _l("Rata-rata ujian akhir"),
            _l("Rata-rata ujian akhir"),
            lambda e: e.average_final,
            "final",
        ),
        _figure(
            _l("Rata-rata kenaikan"),
            _l("Rata-rata kenaikan"),
            lambda e: e.average_gain,
            "gain",
            "gain",
        ),
        *[_figure(labels[s], labels[s], lambda e, s=s: e.statement_average(s)) for s in STATEMENTS],
        _figure(
            _l("Rata-rata kepuasan"),
            _l("Rata-rata kepuasan"),
            lambda e: e.overall,
            "satisfaction",
            "strong_figure",
        ),
        _figure(
            _l("Jumlah responden"), _l("Responden"), lambda e: e.responses, "responses", "number"
        ),
        *_follow_up_columns(),
    ]


def _follow_up_columns() -> list[Column]:
    """Level 3: the follow-up questionnaires due in the year, by learners and unit heads."""
    return [
        _figure(
            _l("Evaluasi pasca-pelatihan dikirim"),
            _l("Dikirim"),
            lambda e: e.learner_asked,
            cell="number",
        ),
        _figure(
            _l("Menerapkan menurut peserta (%)"),
            _l("Menerapkan menurut peserta"),
            lambda e: e.applied_share("learner"),
            "applied_learners",
            "percent_figure",
        ),
        _figure(
            _l("Jawaban peserta"), _l("Jawaban peserta"), lambda e: e.learner_answers, cell="number"
        ),
        _figure(
            _l("Menerapkan menurut atasan (%)"),
            _l("Menerapkan menurut atasan"),
            lambda e: e.applied_share("supervisor"),
            "applied_supervisors",
            "percent_figure",
        ),
        _figure(
            _l("Jawaban atasan"),
            _l("Jawaban atasan"),
            lambda e: e.supervisor_answers,
            cell="number",
        ),
    ]


def _course_columns() -> list[Column]:
    """The per-course evaluation: a line is (course id, title, figures)."""
    course = Column(
        _l("Kursus"),
        lambda row: row[1],
        _l("Kursus"),
        "course",
        "evaluation_course",
        row_header=True,
    )
    return _evaluation_columns(course)


def _unit_columns() -> list[Column]:
    """One course per unit: a line is (unit label, unit code, figures)."""
    unit = Column(_l("Unit kerja"), lambda row: row[0], _l("Unit kerja"), "unit", row_header=True)
    return _evaluation_columns(unit, Column(_l("Kode unit"), lambda row: row[1]))


@bp.get("/evaluation")
@roles_required(*VIEWERS)
def evaluation():
    """Per course: pre-test against final score, and the satisfaction survey."""
    reading = EVALUATION.read()
    filters = reading.filters
    rows = evaluation_queries.by_course(reading.narrowed, filters)
    if 0 < len(rows) < PAGE_SIZE or (not rows and filters.page == 1):
        # The last page: its rows give the count, without aggregating everything again.
        count = (filters.page - 1) * PAGE_SIZE + len(rows)
    else:
        count = evaluation_queries.count_courses(reading.narrowed, filters)
    return render_template(
        "reports/evaluation.html",
        **_page_context(reading),
        courses=course_choices(),
        rows=rows,
        count=count,
        statements=STATEMENTS,
        columns=_course_columns(),
    )


def _evaluation_table() -> Table:
    reading = EVALUATION.read()
    rows = evaluation_queries.by_course(reading.narrowed, reading.filters, paged=False)
    columns = _course_columns()
    name = f"evaluasi-pelatihan-{reading.filters.year}"
    return Table(name, _l("Evaluasi pelatihan"), columns, rows)


@bp.get("/evaluation.<fmt>")
@roles_required(*VIEWERS)
def evaluation_export(fmt: str):
    return download(fmt, _evaluation_table)


def _evaluation_course_context(course_id: int):
    reading = EVALUATION_COURSE.read()
    course = evaluation_queries.course_or_404(course_id)
    filters = replace(reading.filters, course_id=None)  # the course is in the path
    cols = columns(base_units(reading.scope, filters.unit_id))
    units = evaluation_queries.by_unit(reading.narrowed, filters, course.id, cols)
    return replace(reading, filters=filters), course, units


@bp.get("/evaluation/<int:course_id>")
@roles_required(*VIEWERS)
def evaluation_course(course_id: int):
    """One course per unit, with the comments (unit and date only: answers are anonymous)."""
    reading, course, units = _evaluation_course_context(course_id)
    filters, narrowed = reading.filters, reading.narrowed
    module_gains, competency_gains = evaluation_queries.gain_tables(narrowed, filters, course.id)
    return render_template(
        "reports/evaluation_course.html",
        module_gains=module_gains,
        competency_gains=competency_gains,
        **_page_context(reading),
        course=course,
        rows=[(_unit_label(c), c.code, figures) for c, figures in units],
        overall=(_("Semua unit"), "", total(figures for _c, figures in units)),
        comments=evaluation_queries.comments(narrowed, filters, course.id),
        count=evaluation_queries.count_comments(narrowed, filters, course.id),
        statements=STATEMENTS,
        columns=_unit_columns(),
    )


def _evaluation_course_table(course_id: int) -> Table:
    reading, course, units = _evaluation_course_context(course_id)
    rows = [(_unit_label(c), c.code, figures) for c, figures in units]
    if units:
        rows.append((_("Semua unit"), "", total(figures for _c, figures in units)))
    columns = _unit_columns()
    name = f"evaluasi-{course.slug}-{reading.filters.year}"
    return Table(name, course.title, columns, rows)


@bp.get("/evaluation/<int:course_id>.<fmt>")
@roles_required(*VIEWERS)
def evaluation_course_export(course_id: int, fmt: str):
    return download(fmt, _evaluation_course_table, course_id)


# SIASN training history ---------------------------------------------------------------------


@bp.get("/siasn", endpoint="siasn")
@roles_required(*VIEWERS)
def siasn_history():
    """A preview of the training history download, a page at a time."""
    reading = SIASN.read()
    return render_template(
        "reports/siasn.html",
        **_page_context(reading),
        courses=course_choices(),
        rows=siasn.history(reading.narrowed, reading.filters),
        columns=siasn.COLUMNS,
        count=siasn.count(reading.narrowed, reading.filters),
    )


def _siasn_table() -> Table:
    reading = SIASN.read()
    rows = siasn.history(reading.narrowed, reading.filters, paged=False)
    return Table(f"riwayat-pelatihan-siasn-{reading.filters.year}", "SIASN", siasn.COLUMNS, rows)


@bp.get("/siasn.<fmt>")
@roles_required(*VIEWERS)
def siasn_export(fmt: str):
    return download(fmt, _siasn_table)
