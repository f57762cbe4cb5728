"""HR reports: overview, completion matrix, 20-JP compliance, learner transcript.

Every page and download reads the viewer's scope first; a unit or learner outside it
is a 404. The SQL lives in `queries`, `matrix` and `learners`; these views only read the
request, call them and render.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import clock
from ..auth.permissions import roles_required
from ..domain.nip import format_nip
from ..domain.reporting import STATUSES, bar_chart, percent, safe_filename
from ..i18n import number
from ..models import OrgUnit
from ..reporting.filters import PAGE_SIZE
from ..reporting.report import Column, Reading, Report, Table, attribute, download
from ..reporting.scope import scope_for, unit_or_404, user_or_404, visible_units
from . import columns, learners, queries
from . import matrix as matrix_queries

bp = Blueprint("reports", __name__)
VIEWERS = ("supervisor", "hr", "admin")
OVERVIEW = Report(queries.OVERVIEW_SORTS, "name")
MATRIX = Report(matrix_queries.MATRIX_SORTS, "name")
CELL = Report(learners.CELL_SORTS, "name")
JP = Report(learners.JP_SORTS, "jp")


def _target() -> int:
    return current_app.config["ANNUAL_JP_TARGET"]


def _page_context(scope, filters, unit_picker: bool = True) -> dict:
    """What every report page shows around its table: pickers, path, the no-scope note."""
    return {
        "filters": filters,
        "units": visible_units(scope) if unit_picker else [],
        "positions": queries.positions(scope),
        "path": queries.breadcrumb(scope, filters.unit_id) if unit_picker else [],
        "unassigned": scope.roots == (),
        "target": _target(),
        "page_size": PAGE_SIZE,
        "pct": _pct,
    }


def _fields(found) -> dict:
    """A page's figures as template variables: one per field of the dataclass holding them."""
    return {f.name: getattr(found, f.name) for f in fields(found)}


def _pct(value: float | None) -> str:
    return "—" if value is None else number(value) + "%"


def _unit_label(row) -> str:
    return _("%(name)s (pegawai langsung)", name=row.name) if row.direct else row.name


# --- Overview --------------------------------------------------------------------------


def _overview_columns(target: int) -> tuple[Column, ...]:
    """The overview's table per unit; the download adds the code and the counts."""
    return (
        attribute("code", "kode_unit"),
        Column("unit", _unit_label, _l("Unit kerja"), "name", "unit_drill", row_header=True),
        attribute(
            "employees",
            "pegawai",
            label=_l("Pegawai"),
            sort="employees",
            cell="number",
            numeric=True,
        ),
        attribute("compliant", "memenuhi_target_jp"),
        attribute(
            "compliance",
            "kepatuhan_jp_persen",
            label=_("Kepatuhan %(n)s JP", n=target),
            sort="compliance",
            cell="compliance",
            numeric=True,
        ),
        attribute("enrolments", "pendaftaran"),
        attribute("completed", "selesai"),
        attribute(
            "completion",
            "penyelesaian_persen",
            label=_l("Penyelesaian kursus"),
            sort="completion",
            cell="completion",
            numeric=True,
        ),
    )


def _unit_table(reading, paged: bool = True) -> queries.UnitTable:
    rows = queries.row_units(reading.narrowed, reading.filters, expand_single_root=True)
    return queries.unit_table(reading.narrowed, reading.filters, rows, _target(), paged)


@bp.get("/")
@roles_required(*VIEWERS)
def overview():
    """Headline figures, two charts and a table per unit one level down."""
    from ..assignments.queries import overdue_total

    reading = OVERVIEW.read()
    table = _unit_table(reading)
    per_course = queries.completions_per_course(reading.narrowed, reading.filters)
    compliance_chart = bar_chart(
        [(_unit_label(r), r.compliance, _pct(r.compliance)) for r in table.rows], scale_max=100
    )
    course_chart = bar_chart([(c.title, n, number(n)) for c, n in per_course])
    return render_template(
        "reports/overview.html",
        **_page_context(reading.scope, reading.filters),
        courses=queries.live_courses(),
        tiles=table.tiles,
        overdue=overdue_total(reading.narrowed, clock.today()),
        table=table.rows,
        columns=_overview_columns(_target()),
        total=table.total,
        per_course=per_course,
        compliance_chart=compliance_chart,
        course_chart=course_chart,
    )


def _overview_table() -> Table:
    reading = OVERVIEW.read()
    name = safe_filename("ringkasan-unit", reading.filters.year)
    rows = _unit_table(reading, paged=False).rows
    return Table(name, _l("Ringkasan per unit"), _overview_columns(_target()), rows)


@bp.get("/overview.<fmt>")
@roles_required(*VIEWERS)
def overview_export(fmt: str):
    """The per-unit table of the overview, every row."""
    return download(fmt, _overview_table)


# --- Completion matrix -----------------------------------------------------------------


@bp.get("/matrix")
@roles_required(*VIEWERS)
def matrix():
    """Units × courses: completed of employees, and enrolled, per unit subtree."""
    reading = MATRIX.read()
    found = matrix_queries.matrix(reading.narrowed, reading.filters)
    return render_template(
        "reports/matrix.html",
        **_page_context(reading.scope, reading.filters),
        **_fields(found),
    )


def _matrix_columns(courses) -> list[Column]:
    """Per course: completed, enrolled and percent completed (a grid line is (row, cells))."""
    columns = [
        Column("kode_unit", lambda line: line[0].code),
        Column("unit", lambda line: _unit_label(line[0])),
        Column("pegawai", lambda line: line[0].employees),
    ]
    for i, course in enumerate(courses):
        title = course.title
        columns += [
            Column(_("%(course)s: selesai", course=title), lambda x, i=i: x[1][i].cell.completed),
            Column(_("%(course)s: terdaftar", course=title), lambda x, i=i: x[1][i].cell.enrolled),
            Column(_("%(course)s: persen selesai", course=title), lambda x, i=i: x[1][i].rate),
        ]
    return columns


def _matrix_table() -> Table:
    reading = MATRIX.read()
    found = matrix_queries.matrix(reading.narrowed, reading.filters, paged=False)
    columns = _matrix_columns(found.columns)
    return Table("matriks-penyelesaian", _l("Matriks penyelesaian"), columns, found.grid)


@bp.get("/matrix.<fmt>")
@roles_required(*VIEWERS)
def matrix_export(fmt: str):
    """The matrix, every unit row: per course completed, enrolled and percent."""
    return download(fmt, _matrix_table)


@dataclass(frozen=True)
class _MatrixCell:
    """A matrix cell's page: the unit subtree, the course and the employees' states."""

    reading: Reading
    unit: OrgUnit
    course: queries.Option
    status: str
    direct: bool
    errors: list[str]
    modules: int  # in the live version
    rows: list[learners.CellLearner]
    total: int


def _matrix_cell(unit_id: int, course_id: int, paged: bool = True) -> _MatrixCell:
    reading = CELL.read()
    unit = unit_or_404(reading.scope, unit_id)
    found = queries.live_course(course_id)
    if found is None:
        abort(404)
    course, version_id = found
    status = request.args.get("status", "")
    errors = list(reading.filters.errors)
    if status and status not in STATUSES:
        errors.append(_("Status yang dipilih tidak dikenal; semua status ditampilkan."))
        status = ""
    direct = request.args.get("direct") == "1"
    rows, total = learners.cell_learners(
        reading.scope.narrowed(unit.id),
        reading.filters,
        course.id,
        version_id,
        status=status,
        direct_unit=unit.id if direct else None,
        paged=paged,
    )
    modules = learners.module_total(version_id)
    return _MatrixCell(reading, unit, course, status, direct, errors, modules, rows, total)


@bp.get("/matrix/<int:unit_id>/<int:course_id>")
@roles_required(*VIEWERS)
def matrix_cell(unit_id: int, course_id: int):
    """The employees of a unit subtree with their state in one course."""
    cell = _matrix_cell(unit_id, course_id)
    return render_template(
        "reports/matrix_cell.html",
        **_page_context(cell.reading.scope, cell.reading.filters, unit_picker=False),
        **_fields(cell),
        columns=columns.cell_columns(cell.modules),
    )


def _matrix_cell_table(unit_id: int, course_id: int) -> Table:
    cell = _matrix_cell(unit_id, course_id, paged=False)
    name = safe_filename("matriks", cell.unit.code, cell.course.id)
    return Table(name, cell.course.title, columns.cell_columns(cell.modules), cell.rows)


@bp.get("/matrix/<int:unit_id>/<int:course_id>.<fmt>")
@roles_required(*VIEWERS)
def matrix_cell_export(unit_id: int, course_id: int, fmt: str):
    """A matrix cell's employees, every row."""
    return download(fmt, _matrix_cell_table, unit_id, course_id)


# --- 20-JP compliance -------------------------------------------------------------------


@bp.get("/jp")
@roles_required(*VIEWERS)
def jp():
    """Every employee's JP in the year, those below the target first."""
    reading = JP.read()
    result = learners.jp_list(reading.narrowed, reading.filters, _target())
    return render_template(
        "reports/jp.html",
        **_page_context(reading.scope, reading.filters),
        result=result,
        columns=columns.jp_columns(_target()),
        compliance=percent(result.compliant, result.employees),
    )


def _jp_table() -> Table:
    reading = JP.read()
    target = _target()
    result = learners.jp_list(reading.narrowed, reading.filters, target, paged=False)
    name = safe_filename("kepatuhan-jp", reading.filters.year)
    return Table(name, _("Kepatuhan %(n)s JP", n=target), columns.jp_columns(target), result.rows)


@bp.get("/jp.<fmt>")
@roles_required(*VIEWERS)
def jp_export(fmt: str):
    """The JP list, every employee, in the shape HR files it."""
    return download(fmt, _jp_table)


# --- Transcript ------------------------------------------------------------------------


def _transcript(user_id: int) -> learners.Transcript:
    return learners.transcript(user_or_404(scope_for(current_user), user_id), _target())


@bp.get("/learners/<int:user_id>")
@roles_required(*VIEWERS)
def transcript(user_id: int):
    """One employee's courses, scores, JP per year and certificates; printable."""
    found = _transcript(user_id)
    return render_template(
        "reports/transcript.html",
        **_fields(found),
        done_columns=columns.transcript_columns(found.person),
        ongoing_columns=columns.ONGOING_COLUMNS,
        nip=format_nip(found.person.username),
        target=_target(),
        printing=request.args.get("print") == "1",
        can_download_pdf=current_user.has_role("hr", "admin"),
    )


def _transcript_table(user_id: int) -> Table:
    found = _transcript(user_id)
    person = found.person
    name = safe_filename("transkrip", person.username)
    rows = [*found.done, *found.ongoing]
    return Table(name, _l("Transkrip"), columns.transcript_columns(person), rows)


@bp.get("/learners/<int:user_id>.<fmt>")
@roles_required(*VIEWERS)
def transcript_export(user_id: int, fmt: str):
    """The transcript's courses, completed and in progress."""
    return download(fmt, _transcript_table, user_id)
