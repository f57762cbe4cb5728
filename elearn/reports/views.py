"""HR reports: overview, completion matrix, 20-JP compliance, learner transcript.

Every page and download reads the viewer's scope first; a unit or learner outside it
is a 404. The SQL lives in `queries`, `matrix` and `learners`; these views only read the
request, call them and render.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..auth.permissions import roles_required
from ..clock import local_date, this_year
from ..domain.nip import format_nip
from ..domain.reporting import (
    COMPLETED,
    IN_PROGRESS,
    STATUSES,
    bar_chart,
    percent,
    safe_filename,
    shortfall,
)
from ..i18n import number
from ..learn.services import jp_by_year
from ..reporting.export import FORMATS, table_response
from ..reporting.filters import PAGE_SIZE, parse_filters
from ..reporting.scope import scope_for, unit_or_404, user_or_404, visible_units
from . import learners, queries
from . import matrix as matrix_queries

bp = Blueprint("reports", __name__)
VIEWERS = ("supervisor", "hr", "admin")


def _target() -> int:
    return current_app.config["ANNUAL_JP_TARGET"]


def _read(sorts: tuple[str, ...], default_sort: str):
    """The viewer's scope, the filters of this request and the scope narrowed by them."""
    scope = scope_for(current_user)
    filters, narrowed = parse_filters(request.args, scope, sorts=sorts, default_sort=default_sort)
    return scope, filters, narrowed


def _page_context(scope, filters, unit_picker: bool = True) -> dict:
    """What every report page shows around its table: pickers, path, the no-scope note."""
    return {
        "filters": filters,
        "units": visible_units(scope) if unit_picker else [],
        "positions": queries.positions(),
        "path": queries.breadcrumb(scope, filters.unit_id) if unit_picker else [],
        "unassigned": scope.roots == (),
        "target": _target(),
        "page_size": PAGE_SIZE,
        "pct": _pct,
        "format_nip": format_nip,
    }


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        abort(404)


def _pct(value: float | None) -> str:
    return "—" if value is None else number(value) + "%"


def _unit_label(row) -> str:
    return _("%(name)s (pegawai langsung)", name=row.name) if row.direct else row.name


# --- Overview --------------------------------------------------------------------------


def _overview_data(paged: bool = True):
    scope, filters, narrowed = _read(queries.OVERVIEW_SORTS, "name")
    rows = queries.row_units(narrowed, filters, expand_single_root=True)
    return scope, filters, narrowed, queries.unit_table(narrowed, filters, rows, _target(), paged)


@bp.get("/")
@roles_required(*VIEWERS)
def overview():
    """Headline figures, two charts and a table per unit one level down."""
    from ..assignments.queries import overdue_total

    scope, filters, narrowed, table = _overview_data()
    per_course = queries.completions_per_course(narrowed, filters)
    compliance_chart = bar_chart(
        [(_unit_label(r), r.compliance, _pct(r.compliance)) for r in table.rows], scale_max=100
    )
    course_chart = bar_chart([(c.title, n, number(n)) for c, n in per_course])
    return render_template(
        "reports/overview.html",
        **_page_context(scope, filters),
        courses=queries.live_courses(),
        tiles=table.tiles,
        overdue=overdue_total(narrowed, clock.today()),
        table=table.rows,
        total=table.total,
        per_course=per_course,
        compliance_chart=compliance_chart,
        course_chart=course_chart,
    )


@bp.get("/overview.<fmt>")
@roles_required(*VIEWERS)
def overview_export(fmt: str):
    """The per-unit table of the overview, every row."""
    _check_format(fmt)
    _scope, filters, _narrowed, table = _overview_data(paged=False)
    headers = [
        "kode_unit",
        "unit",
        "pegawai",
        "memenuhi_target_jp",
        "kepatuhan_jp_persen",
        "pendaftaran",
        "selesai",
        "penyelesaian_persen",
    ]
    rows = (
        [
            r.code,
            _unit_label(r),
            r.employees,
            r.compliant,
            r.compliance,
            r.enrolments,
            r.completed,
            r.completion,
        ]
        for r in table.rows
    )
    name = safe_filename("ringkasan-unit", filters.year)
    return table_response(fmt, name, _("Ringkasan per unit"), headers, rows)


# --- Completion matrix -----------------------------------------------------------------


def _matrix_data(paged: bool = True):
    scope, filters, narrowed = _read(matrix_queries.MATRIX_SORTS, "name")
    rows = queries.row_units(narrowed, filters, expand_single_root=False)
    table, total = matrix_queries.matrix_rows(narrowed, filters, rows, paged=paged)
    courses = queries.live_courses()
    columns = [c for c in courses if filters.course_id in (None, c.id)]
    cells = matrix_queries.matrix_cells(
        narrowed, filters, rows, [r.id for r in table], [c.id for c in columns]
    )
    grid = [
        (
            row,
            [
                (course, cell, percent(cell.completed, row.employees))
                for course in columns
                for cell in [cells.get((row.id, course.id), matrix_queries.Cell())]
            ],
        )
        for row in table
    ]
    return scope, filters, courses, columns, grid, total


@bp.get("/matrix")
@roles_required(*VIEWERS)
def matrix():
    """Units × courses: completed of employees, and enrolled, per unit subtree."""
    scope, filters, courses, columns, grid, total = _matrix_data()
    return render_template(
        "reports/matrix.html",
        **_page_context(scope, filters),
        courses=courses,
        columns=columns,
        grid=grid,
        total=total,
    )


@bp.get("/matrix.<fmt>")
@roles_required(*VIEWERS)
def matrix_export(fmt: str):
    """The matrix, every unit row: per course completed, enrolled and percent."""
    _check_format(fmt)
    _scope, _filters, _courses, columns, grid, _total = _matrix_data(paged=False)
    headers = ["kode_unit", "unit", "pegawai"]
    for course in columns:
        headers += [
            _("%(course)s: selesai", course=course.title),
            _("%(course)s: terdaftar", course=course.title),
            _("%(course)s: persen selesai", course=course.title),
        ]
    rows = (
        [row.code, _unit_label(row), row.employees]
        + [value for _course, cell, pct in cells for value in (cell.completed, cell.enrolled, pct)]
        for row, cells in grid
    )
    return table_response(fmt, "matriks-penyelesaian", _("Matriks penyelesaian"), headers, rows)


def _cell_data(unit_id: int, course_id: int, paged: bool = True):
    scope = scope_for(current_user)
    unit = unit_or_404(scope, unit_id)
    filters, _narrowed = parse_filters(
        request.args, scope, sorts=learners.CELL_SORTS, default_sort="name"
    )
    found = queries.live_course(course_id)
    if found is None:
        abort(404)
    course, version_id = found
    status = request.args.get("status", "")
    errors = list(filters.errors)
    if status and status not in STATUSES:
        errors.append(_("Status yang dipilih tidak dikenal; semua status ditampilkan."))
        status = ""
    direct = request.args.get("direct") == "1"
    rows, total = learners.cell_learners(
        scope.narrowed(unit.id),
        filters,
        course.id,
        version_id,
        status=status,
        direct_unit=unit.id if direct else None,
        paged=paged,
    )
    context = {
        "unit": unit,
        "course": course,
        "status": status,
        "direct": direct,
        "errors": errors,
        "modules": learners.module_total(version_id),
    }
    return scope, filters, rows, total, context


@bp.get("/matrix/<int:unit_id>/<int:course_id>")
@roles_required(*VIEWERS)
def matrix_cell(unit_id: int, course_id: int):
    """The employees of a unit subtree with their state in one course."""
    scope, filters, rows, total, context = _cell_data(unit_id, course_id)
    return render_template(
        "reports/matrix_cell.html",
        **_page_context(scope, filters, unit_picker=False),
        **context,
        rows=rows,
        total=total,
    )


def _status_text(row, modules: int) -> str:
    if row.status == COMPLETED:
        return _("Selesai")
    if row.status == IN_PROGRESS:
        return _("Sedang berjalan (%(done)s dari %(total)s modul)", done=row.done, total=modules)
    return _("Belum mulai")


@bp.get("/matrix/<int:unit_id>/<int:course_id>.<fmt>")
@roles_required(*VIEWERS)
def matrix_cell_export(unit_id: int, course_id: int, fmt: str):
    """A matrix cell's employees, every row."""
    _check_format(fmt)
    _scope, _filters, rows, _total, context = _cell_data(unit_id, course_id, paged=False)
    headers = ["nip", "nama", "unit", "status", "tanggal_daftar", "tanggal_selesai", "nilai_akhir"]
    data = (
        [
            r.nip,
            r.name,
            r.unit,
            _status_text(r, context["modules"]),
            local_date(r.enrolled_at),
            local_date(r.completed_at),
            r.final_score,
        ]
        for r in rows
    )
    name = safe_filename("matriks", context["unit"].code, context["course"].id)
    return table_response(fmt, name, context["course"].title, headers, data)


# --- 20-JP compliance -------------------------------------------------------------------


@bp.get("/jp")
@roles_required(*VIEWERS)
def jp():
    """Every employee's JP in the year, those below the target first."""
    scope, filters, narrowed = _read(learners.JP_SORTS, "jp")
    result = learners.jp_list(narrowed, filters, _target())
    return render_template(
        "reports/jp.html",
        **_page_context(scope, filters),
        result=result,
        compliance=percent(result.compliant, result.employees),
    )


@bp.get("/jp.<fmt>")
@roles_required(*VIEWERS)
def jp_export(fmt: str):
    """The JP list, every employee, in the shape HR files it."""
    _check_format(fmt)
    _scope, filters, narrowed = _read(learners.JP_SORTS, "jp")
    target = _target()
    result = learners.jp_list(narrowed, filters, target, paged=False)
    headers = ["nip", "nama", "unit", "jabatan", "golongan", "jp", "target", "kekurangan"]
    rows = ([r.nip, r.name, r.unit, r.position, r.rank, r.jp, target, r.short] for r in result.rows)
    name = safe_filename("kepatuhan-jp", filters.year)
    return table_response(fmt, name, _("Kepatuhan %(n)s JP", n=target), headers, rows)


# --- Transcript ------------------------------------------------------------------------


def _transcript_data(user_id: int):
    person = user_or_404(scope_for(current_user), user_id)
    target = _target()
    years = jp_by_year(person.id)
    years.setdefault(this_year(), 0)
    per_year = [(year, jp, shortfall(jp, target)) for year, jp in sorted(years.items())[::-1]]
    done = learners.completed_courses(person.id)
    ongoing = learners.courses_in_progress(person.id)
    return person, per_year, done, ongoing


@bp.get("/learners/<int:user_id>")
@roles_required(*VIEWERS)
def transcript(user_id: int):
    """One employee's courses, scores, JP per year and certificates; printable."""
    person, per_year, done, ongoing = _transcript_data(user_id)
    return render_template(
        "reports/transcript.html",
        person=person,
        nip=format_nip(person.username),
        per_year=per_year,
        done=done,
        ongoing=ongoing,
        target=_target(),
        printing=request.args.get("print") == "1",
        can_download_pdf=current_user.has_role("hr", "admin"),
    )


@bp.get("/learners/<int:user_id>.<fmt>")
@roles_required(*VIEWERS)
def transcript_export(user_id: int, fmt: str):
    """The transcript's courses, completed and in progress."""
    _check_format(fmt)
    person, _per_year, done, ongoing = _transcript_data(user_id)
    headers = [
        "nip",
        "nama",
        "kursus",
        "status",
        "tanggal_daftar",
        "tanggal_selesai",
        "tahun",
        "nilai_pretest",
        "nilai_akhir",
        "jp",
        "nomor_sertifikat",
    ]
    rows = [
        [
            person.username,
            person.full_name,
            c.title,
            _("Selesai"),
            local_date(c.enrolled_at),
            local_date(c.completed_at),
            c.year,
            c.pretest_score,
            c.final_score,
            c.jp,
            c.certificate_number,
        ]
        for c in done
    ] + [
        [
            person.username,
            person.full_name,
            c.title,
            _("Sedang berjalan (%(done)s dari %(total)s modul)", done=c.done, total=c.total),
            local_date(c.enrolled_at),
            None,
            None,
            None,
            None,
            None,  # JP are credited on completion only
            None,
        ]
        for c in ongoing
    ]
    name = safe_filename("transkrip", person.username)
    return table_response(fmt, name, _("Transkrip"), headers, rows)
