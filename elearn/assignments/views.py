"""Mandatory training: HR assigns courses with due dates and follows who is done."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import clock
from ..auth.permissions import roles_required
from ..domain.assignments import STATES, local_day
from ..reporting.filters import PAGE_SIZE
from ..reporting.report import Column, Reading, Report, Table, attribute, download, page_only
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


LIST = Report(pages.LIST_SORTS, "due")
DETAIL = Report(pages.DETAIL_SORTS, "state")


@bp.get("")
@roles_required(*VIEWERS)
def index():
    """List the assignments reaching the viewer's scope with how many are done, late, overdue."""
    reading = LIST.read()
    status = request.args.get("status", "active")
    if status not in pages.STATUSES:
        status = "active"
    rows, total = pages.list_assignments(
        reading.scope, reading.narrowed, reading.filters, status, clock.today()
    )
    return render_template(
        "assignments/index.html",
        rows=rows,
        total=total,
        filters=reading.filters,
        status=status,
        units=visible_units(reading.scope),
        courses=services.live_courses(),
        positions=services.positions(reading.scope),
        read_only=reading.scope.read_only,
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
        positions=services.positions(scope),
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


@dataclass(frozen=True)
class LearnerSelection:
    """Whom an assignment's page and its downloads list: the report's filters and a state."""

    reading: Reading
    state: str  # "" for every state

    @property
    def filters(self):
        return self.reading.filters

    @property
    def narrowed(self):
        return self.reading.narrowed

    def learners(self, row: pages.AssignmentRow, paged: bool = True, total: int | None = None):
        """(learners, how many in all) of `row` in this selection; see pages.learners."""
        return pages.learners(
            row, self.narrowed, self.filters, self.state, paged=paged, total=total
        )


def _learner_selection() -> LearnerSelection:
    reading = DETAIL.read()
    state = request.args.get("state", "")
    if state and state not in STATES:
        flash(_("Status itu tidak dikenal; semua status ditampilkan."), "error")
        state = ""
    return LearnerSelection(reading, state)


@bp.get("/<int:assignment_id>")
@roles_required(*VIEWERS)
def detail(assignment_id: int):
    """Who an assignment applies to (within the viewer's scope) and where each one stands."""
    scope = scope_for(current_user)
    row = _assignment_or_404(scope, assignment_id)
    selection = _learner_selection()
    summary = pages.state_summary(row, selection.narrowed)
    # Without a state or a search the summary has already counted the learners listed.
    known = None if selection.state or selection.filters.query else sum(summary.values())
    people, total = selection.learners(row, total=known)
    return render_template(
        "assignments/detail.html",
        row=row,
        summary=summary,
        people=people,
        total=total,
        selection=selection,
        units=visible_units(scope),
        page_size=PAGE_SIZE,
        form=ConfirmForm(),
        today=clock.today(),
        columns=LEARNER_COLUMNS,
    )


def _local_day(moment):
    return local_day(moment, clock.timezone_name()) if moment else None


# The employees of an assignment: the detail page's table and its download.
LEARNER_COLUMNS = (
    attribute("nip", _l("NIP")),
    attribute("name", _l("Nama"), label=_l("Nama"), sort="name", cell="name_and_position"),
    page_only("nip", _l("NIP"), sort="nip"),
    attribute("unit_name", _l("Unit kerja"), label=_l("Unit kerja"), sort="unit"),
    Column(_l("Jabatan"), lambda p: p.position_name or ""),
    Column(
        _l("Status"),
        lambda p: state_labels()[p.state],
        label=_l("Status"),
        sort="state",
        cell="assignment_state",
    ),
    Column(
        _l("Tanggal selesai"),
        lambda p: _local_day(p.completed_at),
        label=_l("Tanggal selesai"),
        sort="completed",
        cell="completed_and_retaken",
    ),
    Column(_l("Ujian ulang terakhir"), lambda p: _local_day(p.retaken_at)),
)


def _learners_table(assignment_id: int) -> Table:
    row = _assignment_or_404(scope_for(current_user), assignment_id)
    people, _total = _learner_selection().learners(row, paged=False)
    return Table(f"pelatihan-wajib-{row.id}", _l("Pelatihan wajib"), LEARNER_COLUMNS, people)


@bp.get("/<int:assignment_id>.<fmt>")
@roles_required(*VIEWERS)
def export(assignment_id: int, fmt: str):
    """Download the employees of an assignment with their states (same filters, all rows)."""
    return download(fmt, _learners_table, assignment_id)


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
