"""Mandatory training: HR assigns courses with due dates and follows who is done."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..auth.permissions import roles_required
from ..domain.assignments import STATES, local_day
from ..reporting.export import FORMATS, table_response
from ..reporting.filters import PAGE_SIZE, parse_filters
from ..reporting.scope import scope_for, visible_units
from . import pages, services
from .forms import AssignmentForm, ConfirmForm

bp = Blueprint("assignments", __name__, url_prefix="/assignments")
VIEWERS = ("supervisor", "hr", "admin")
EDITORS = ("hr", "admin")


@bp.app_template_global("assignment_state_labels")
def state_labels() -> dict[str, str]:
    return {
        "done": _("Selesai tepat waktu"),
        "late": _("Selesai terlambat"),
        "overdue": _("Lewat batas waktu"),
        "due_soon": _("Segera jatuh tempo"),
        "pending": _("Belum selesai"),
    }


@bp.get("")
@roles_required(*VIEWERS)
def index():
    """List the assignments reaching the viewer's scope with how many are done, late, overdue."""
    scope = scope_for(current_user)
    filters, narrowed = parse_filters(
        request.args, scope, sorts=pages.LIST_SORTS, default_sort="due"
    )
    status = request.args.get("status", "active")
    if status not in pages.STATUSES:
        status = "active"
    rows, total = pages.list_assignments(scope, narrowed, filters, status, clock.today())
    return render_template(
        "assignments/index.html",
        rows=rows,
        total=total,
        filters=filters,
        status=status,
        units=visible_units(scope),
        courses=services.live_courses(),
        positions=services.positions(),
        read_only=scope.read_only,
        page_size=PAGE_SIZE,
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new():
    """Assign a course to a unit subtree and optionally a position, with a due date."""
    scope = scope_for(current_user)
    form = AssignmentForm(
        scope=scope,
        courses=services.live_courses(),
        units=visible_units(scope),
        positions=services.positions(),
        today=clock.today(),
    )
    if form.validate_on_submit():
        try:
            row = services.create(
                form.course_id,
                form.unit_id,
                form.position_id,
                form.due,
                form.recurrence.data,
                form.note.data,
                current_user.id,
            )
        except services.DuplicateAssignment as exc:
            form.course.errors.append(
                _(
                    "Kursus ini sudah diwajibkan untuk unit dan jabatan yang sama "
                    "(penugasan #%(id)s). Batalkan yang lama lebih dulu bila ingin menggantinya.",
                    id=exc.args[0],
                )
            )
        else:
            flash(_("Pelatihan wajib disimpan."), "success")
            return redirect(url_for("hr.assignments.detail", assignment_id=row.id))
    status = 422 if request.method == "POST" else 200
    return render_template("assignments/new.html", form=form), status


def _assignment_or_404(scope, assignment_id: int):
    row = pages.assignment_row(scope, assignment_id, clock.today())
    if row is None:
        abort(404)
    return row


def _detail_filters(scope):
    filters, narrowed = parse_filters(
        request.args, scope, sorts=pages.DETAIL_SORTS, default_sort="state"
    )
    state = request.args.get("state", "")
    if state and state not in STATES:
        flash(_("Status itu tidak dikenal; semua status ditampilkan."), "error")
        state = ""
    return filters, narrowed, state


@bp.get("/<int:assignment_id>")
@roles_required(*VIEWERS)
def detail(assignment_id: int):
    """Who an assignment applies to (within the viewer's scope) and where each one stands."""
    scope = scope_for(current_user)
    row = _assignment_or_404(scope, assignment_id)
    filters, narrowed, state = _detail_filters(scope)
    summary = pages.state_summary(row, narrowed)
    known = None if state or filters.query else sum(summary.values())
    people, total = pages.learners(row, narrowed, filters, state, total=known)
    return render_template(
        "assignments/detail.html",
        row=row,
        summary=summary,
        people=people,
        total=total,
        filters=filters,
        state=state,
        units=visible_units(scope),
        page_size=PAGE_SIZE,
        form=ConfirmForm(),
        today=clock.today(),
    )


@bp.get("/<int:assignment_id>.<fmt>")
@roles_required(*VIEWERS)
def export(assignment_id: int, fmt: str):
    """Download the employees of an assignment with their states (same filters, all rows)."""
    if fmt not in FORMATS:
        abort(404)
    scope = scope_for(current_user)
    row = _assignment_or_404(scope, assignment_id)
    filters, narrowed, state = _detail_filters(scope)
    people, _total = pages.learners(row, narrowed, filters, state, paged=False)
    labels = state_labels()
    headers = [
        _("NIP"),
        _("Nama"),
        _("Unit kerja"),
        _("Jabatan"),
        _("Status"),
        _("Tanggal selesai"),
        _("Ujian ulang terakhir"),
    ]
    zone = clock.timezone_name()
    data = (
        [
            p.nip,
            p.name,
            p.unit_name,
            p.position_name or "",
            labels[p.state],
            local_day(p.completed_at, zone) if p.completed_at else None,
            local_day(p.retaken_at, zone) if p.retaken_at else None,
        ]
        for p in people
    )
    return table_response(fmt, f"pelatihan-wajib-{row.id}", _("Pelatihan wajib"), headers, data)


@bp.post("/<int:assignment_id>/cancel")
@roles_required(*EDITORS)
def cancel(assignment_id: int):
    """Cancel an assignment set inside the viewer's scope; the row and its history stay."""
    scope = scope_for(current_user)
    row = _assignment_or_404(scope, assignment_id)
    if not row.own:
        abort(403)  # set above the viewer's scope (e.g. by the government's BKPSDM)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if services.cancel(row.id, current_user.id):
        flash(_("Pelatihan wajib dibatalkan. Datanya tetap tersimpan."), "success")
    else:
        flash(_("Pelatihan wajib ini sudah dibatalkan sebelumnya."), "info")
    return redirect(url_for("hr.assignments.detail", assignment_id=row.id))
