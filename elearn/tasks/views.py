"""Workplace task pages: the learner's task, the reviewer's queue and review, file downloads."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ..auth.permissions import roles_required
from ..domain import tasks as rules
from ..domain.texts import N_
from ..models.base import utcnow
from ..publishing.blobs import blobs
from ..reporting.overseers import reviewer_of
from ..reporting.scope import scope_for
from . import queries, services
from .forms import ReviewForm, SubmitForm

bp = Blueprint("tasks", __name__)
FORM_OVERHEAD = 256 * 1024  # the text, multipart boundaries and the CSRF field
STALE_FORM = N_("Formulir kedaluwarsa atau tidak lengkap; periksa isian lalu kirim lagi.")


@bp.route("/courses/<slug>/task", methods=["GET", "POST"])
@login_required
def task(slug: str):
    """The learner's task: instructions, rubric, due date, every version sent, the form."""
    found = queries.live_task(slug)
    if found is None:
        abort(404)
    course, version, task = found
    form, error = _posted_submission() if request.method == "POST" else (SubmitForm(), None)
    if request.method == "POST" and error is None:
        uploads = [
            services.Upload(f.filename, f.read()) for f in form.files.data or () if f.filename
        ]
        try:
            services.submit(current_user, course.id, version.id, form.text.data or "", uploads)
        except services.TaskRefused as refused:
            error = refused.message
        else:
            flash(_("Tugas terkirim. Pemeriksa Anda mendapat pemberitahuan."), "success")
            return redirect(url_for("tasks.task", slug=slug))
    rows = queries.submissions(current_user.id, course.id)
    state = queries.current_state(rows)
    passed_at = queries.exam_passed_at(current_user.id, course.id)
    status = 400 if error else 200
    return render_template(
        "tasks/task.html",
        slug=slug,
        version=version,
        task=task,
        rows=list(reversed(rows)),
        state=state,
        due=rules.due_at(passed_at, task.due_days),
        now=utcnow(),
        reviewer=reviewer_of(current_user),
        can_submit=rules.may_submit(state, passed_at is not None),
        form=form,
        error=error,
        max_files=current_app.config["TASK_MAX_FILES"],
        max_bytes=current_app.config["TASK_FILE_MAX_BYTES"],
    ), status


def _posted_submission() -> tuple[SubmitForm, str | None]:
    """The posted form and what is wrong with it; the body limit is set before it is read."""
    config = current_app.config
    request.max_content_length = (
        config["TASK_MAX_FILES"] * config["TASK_FILE_MAX_BYTES"] + FORM_OVERHEAD
    )
    try:
        form = SubmitForm()
        valid = form.validate_on_submit()
    except RequestEntityTooLarge:
        message = _("Kiriman terlalu besar: kirim berkas yang lebih kecil.")
        return SubmitForm(formdata=None), message
    return form, None if valid else _(STALE_FORM)


@bp.get("/tugas")
@roles_required("supervisor", "hr", "admin")
def queue():
    """Work waiting for a decision: a unit head's own queue, HR's whole scope (overdue first
    with `?state=overdue`)."""
    now = utcnow()
    rows = queries.waiting(
        current_user, scope_for(current_user), current_app.config["TASK_REVIEW_DAYS"], now
    )
    overdue_only = request.args.get("state") == "overdue"
    if overdue_only:
        rows = [row for row in rows if row.overdue]
    return render_template("tasks/queue.html", rows=rows, overdue_only=overdue_only)


@bp.route("/tugas/<int:submission_id>", methods=["GET", "POST"])
@login_required
def review(submission_id: int):
    """One submission with the learner's earlier versions; the reviewer's rubric form."""
    submission = queries.submission(submission_id)
    learner = queries.learner(submission.user_id) if submission else None
    if learner is None or not services.may_review(current_user, learner):
        abort(404)
    task = queries.task_of(submission.version_id)
    form = ReviewForm()
    levels = form.levels(request.form, len(task.rubric))
    error = None
    if request.method == "POST":
        if not form.validate_on_submit():
            error = _(STALE_FORM)
        elif submission.review is not None:
            error = _("Tugas ini sudah diperiksa.")
        else:
            try:
                services.decide(
                    current_user, submission, levels, form.decision.data, form.feedback.data or ""
                )
            except services.TaskRefused as refused:
                error = refused.message
            else:
                flash(_("Keputusan tersimpan dan peserta mendapat pemberitahuan."), "success")
                return redirect(url_for("tasks.queue"))
    history = queries.submissions(learner.id, submission.course_id)
    return render_template(
        "tasks/review.html",
        submission=submission,
        learner=learner,
        task=task,
        history=[row for row in reversed(history) if row.id != submission.id],
        form=form,
        levels=levels,
        error=error,
        review_due=rules.review_due_at(
            submission.submitted_at, current_app.config["TASK_REVIEW_DAYS"]
        ),
    ), (400 if error else 200)


@bp.get("/tugas/berkas/<int:file_id>")
@login_required
def download(file_id: int):
    """A file sent with a task, always as a download (never shown inline), to the learner and
    those who may review their work."""
    row = queries.file_row(file_id)
    submission = queries.submission(row.submission_id) if row else None
    if submission is None or not services.may_see(current_user, submission):
        abort(404)
    data = blobs([row.sha256]).get(row.sha256)
    if data is None:
        abort(404)
    response = send_file(
        io.BytesIO(data), mimetype=row.mime, as_attachment=True, download_name=row.name
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
