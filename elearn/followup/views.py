"""/evaluasi: the follow-up questionnaires a user is asked to answer, and answering one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from . import services
from .forms import FollowUpForm, applied_labels, frequency_labels, obstacle_labels, questions

bp = Blueprint("followup", __name__, url_prefix="/evaluasi")


@bp.app_context_processor
def follow_up_helpers():
    """Pages that list pending questionnaires (/my) ask for them lazily."""

    def pending_follow_ups():
        if not current_user.is_authenticated:
            return []
        return services.pending_of(current_user.id)

    return {"pending_follow_ups": pending_follow_ups}


@bp.get("")
@login_required
def index():
    """Questionnaires waiting for the user: about their own training, about their staff."""
    return render_template("followup/index.html", pending=services.pending_of(current_user.id))


def _labels(role: str) -> dict:
    return {
        "questions": questions(role),
        "applied": applied_labels(),
        "frequency": frequency_labels(),
        "obstacles": obstacle_labels(),
    }


@bp.route("/<int:follow_up_id>", methods=["GET", "POST"])
@login_required
def answer(follow_up_id: int):
    """The questionnaire; read-only once answered. Only its respondent may open it."""
    item = services.of_respondent(follow_up_id, current_user.id)
    if item is None:
        abort(404)
    form = FollowUpForm()
    if item.answered_at is not None:
        if form.is_submitted():  # a second tab, or the back button
            flash(_("Evaluasi ini sudah dijawab dan tidak dapat diubah."), "info")
            return redirect(url_for("followup.answer", follow_up_id=item.id))
    elif form.validate_on_submit():
        stored = services.answer(
            item.id,
            current_user.id,
            form.applied.data,
            int(form.frequency.data),
            form.obstacles.data or [],
            form.obstacle_note.data or "",
        )
        if stored:
            flash(_("Terima kasih, jawaban Anda sudah disimpan."), "success")
        else:
            flash(_("Evaluasi ini sudah dijawab sebelumnya; jawaban itu yang disimpan."), "info")
        return redirect(url_for("followup.answer", follow_up_id=item.id))
    return render_template("followup/answer.html", item=item, form=form, labels=_labels(item.role))
