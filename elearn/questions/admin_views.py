"""/admin/tanya-jawab: the admin chooses whose questions learners read."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import site_settings
from ..auth.permissions import roles_required
from ..domain.questions import Visibility
from .forms import VISIBILITY_LABELS, VisibilityForm

bp = Blueprint("questions_admin", __name__, url_prefix="/admin/tanya-jawab")


@bp.route("", methods=["GET", "POST"])
@roles_required("admin")
def settings():
    """Show and change the questions' visibility setting."""
    form = VisibilityForm()
    if form.validate_on_submit():
        value = Visibility.parse(form.visibility.data)
        if site_settings.set_question_visibility(value, current_user.id):
            flash(_("Pengaturan pertanyaan peserta disimpan."), "success")
        return redirect(url_for(".settings"))
    if not form.is_submitted():
        form.visibility.data = site_settings.question_visibility().value
    status = 422 if form.errors else 200
    return render_template("questions/settings.html", form=form, labels=VISIBILITY_LABELS), status
