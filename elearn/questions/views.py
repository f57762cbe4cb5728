"""Questions to the trainer: a module's thread page (/courses/<slug>/<module>/tanya), asking,
and the actions on one question (answer, helpful, pin, report, hide)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import live_versions as live
from ..auth.permissions import roles_required
from ..auth.throttle import per_user
from ..domain.questions import Post, may_pin, may_report, may_vote
from ..progress import queries as progress
from . import queries, services
from .access import moderated_by, viewer_of
from .forms import ActionForm, AnswerForm, AskForm, ReportForm

bp = Blueprint("questions", __name__)
ANCHOR = "tanya"  # the questions section of the module page


def _module_or_404(slug: str, module: str):
    """The visit of the live course and the module (the module page's own gate), or 404."""
    found = progress.visit(current_user.id, slug)
    version = found and live.version_view(found.version_id)
    row = version and version.module(module)
    if not row:
        abort(404)
    return found, version, row


def _thread_url(slug: str, module: str, question_id: int | None = None) -> str:
    anchor = f"q{question_id}" if question_id else None
    return url_for("questions.thread", slug=slug, module=module, _anchor=anchor)


@bp.get("/courses/<slug>/<module>/tanya")
@login_required
def thread(slug: str, module: str):
    """The module's questions the viewer may read, newest first after the pinned ones, and
    the form to ask."""
    found, version, row = _module_or_404(slug, module)
    viewer = viewer_of(current_user, found.course_id)
    rows = queries.thread(
        current_user.id,
        current_user.unit_id,
        found.course_id,
        module,
        viewer.author,
        viewer.officer_governments,
    )
    return render_template(
        "questions/thread.html",
        slug=slug,
        version=version,
        module=row,
        rows=rows,
        viewer=viewer,
        may_ask=found.enrollment_id is not None,
        form=AskForm(),
        rules={"vote": may_vote, "report": may_report, "pin": may_pin},
        limit=queries.THREAD_LIMIT,
    )


@bp.post("/courses/<slug>/<module>/tanya")
@login_required
@per_user("QUESTION_ASK_RATE_LIMIT")
def ask(slug: str, module: str):
    """Ask the course's trainers a question under the module (learners who opened it)."""
    found, _version, _row = _module_or_404(slug, module)
    form = AskForm()
    if not form.validate_on_submit():
        _refuse(form)
        return redirect(_thread_url(slug, module))
    if found.enrollment_id is None:
        flash(_("Buka modulnya dulu, lalu ajukan pertanyaan."), "error")
        return redirect(url_for("learn.module", slug=slug, module=module))
    question = services.ask(current_user, found.course_id, module, form.text.data or "")
    flash(_("Pertanyaan Anda terkirim ke pengajar kursus ini."), "success")
    return redirect(_thread_url(slug, module, question.id))


@bp.get("/tanya/dilaporkan")
@roles_required("trainer", "hr", "admin")
def reported():
    """Reported questions the moderator may hide: their courses', their governments'."""
    everything, courses, governments = moderated_by(current_user)
    rows = queries.reported(everything, courses, governments)
    return render_template("questions/reported.html", rows=rows, form=ActionForm())


def _refuse(form) -> None:
    """A form that did not validate: 400 without its CSRF token, else its messages."""
    if not form.csrf_token.data or "csrf_token" in form.errors:
        abort(400)
    for errors in form.errors.values():
        for message in errors:
            flash(message, "error")


def _question_or_404(question_id: int):
    """The question, its course slug and the viewer, if the viewer may read it; else 404
    (the same answer as a missing id)."""
    found = queries.question(question_id)
    if found is None:
        abort(404)
    row, slug = found
    viewer = viewer_of(current_user, row.course_id)
    if not viewer.reads(_post(row)):
        abort(404)
    return row, slug, viewer


def _post(row) -> Post:
    return Post(
        row.asker_id,
        row.government_id,
        row.answered_at is not None,
        row.pinned_at is not None,
        row.hidden_at is not None,
    )


def _back(row, slug: str):
    return redirect(_thread_url(slug, row.module_slug, row.id))


@bp.post("/tanya/<int:question_id>/jawab")
@login_required
@per_user("QUESTION_ANSWER_RATE_LIMIT")
def answer(question_id: int):
    """An author of the course answers (or rewrites the answer)."""
    row, slug, viewer = _question_or_404(question_id)
    if not viewer.author:
        abort(403)
    form = AnswerForm()
    if not form.validate_on_submit():
        _refuse(form)
        return _back(row, slug)
    first = services.answer(row, current_user.id, form.text.data or "")
    flash(_("Jawaban terkirim ke penanya.") if first else _("Jawaban diperbarui."), "success")
    return _back(row, slug)


@bp.post("/tanya/<int:question_id>/membantu")
@login_required
def helpful(question_id: int):
    """A learner marks the answer helpful, once."""
    row, slug, viewer = _question_or_404(question_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    already = services.has_voted(row.id, current_user.id)
    if not may_vote(_post(row), already) or not services.vote(row, current_user.id):
        flash(_("Jawaban ini belum dapat atau sudah Anda tandai membantu."), "error")
    else:
        flash(_("Terima kasih: jawaban ditandai membantu."), "success")
    return _back(row, slug)


@bp.post("/tanya/<int:question_id>/laporkan")
@login_required
@per_user("QUESTION_REPORT_RATE_LIMIT")
def report(question_id: int):
    """A learner reports a question as abusive, once."""
    row, slug, viewer = _question_or_404(question_id)
    form = ReportForm()
    if not form.validate_on_submit():
        _refuse(form)
        return _back(row, slug)
    if not may_report(_post(row), current_user.id):
        flash(_("Pertanyaan ini tidak dapat Anda laporkan."), "error")
    elif not services.report(row, current_user.id, (form.reason.data or "").strip()):
        flash(_("Anda sudah melaporkan pertanyaan ini."), "error")
    else:
        flash(_("Laporan terkirim. Pengajar atau petugas akan memeriksanya."), "success")
    return _back(row, slug)


def _state() -> bool:
    """The wanted state of a pin or hide button ("1" on, "0" off); 400 for anything else."""
    value = request.form.get("state", "")
    if value not in ("0", "1"):
        abort(400)
    return value == "1"


@bp.post("/tanya/<int:question_id>/sematkan")
@login_required
def pin(question_id: int):
    """An author pins an answered question as the module's Tanya-jawab (or unpins it)."""
    row, slug, viewer = _question_or_404(question_id)
    if not viewer.author:
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    wanted = _state()
    if wanted and not may_pin(_post(row)):
        flash(_("Hanya pertanyaan yang sudah dijawab dan tidak disembunyikan dapat disematkan."))
    elif services.pin(row, current_user.id, wanted):
        flash(_("Disematkan sebagai Tanya-jawab modul.") if wanted else _("Sematan dilepas."))
    return _back(row, slug)


@bp.post("/tanya/<int:question_id>/sembunyikan")
@login_required
def hide(question_id: int):
    """Authors, admins and HR officers of the asker's government hide (or show) a post."""
    row, slug, viewer = _question_or_404(question_id)
    if not viewer.hides(_post(row)):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    wanted = _state()
    if services.hide(row, current_user.id, wanted):
        flash(
            _("Pertanyaan disembunyikan dari peserta.")
            if wanted
            else _("Pertanyaan ditampilkan lagi.")
        )
    return _back(row, slug)
