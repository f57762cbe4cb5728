"""/admin/integrasi/sso/kata-sandi: the admin turns learners' local passwords off (or back
on) once single sign-on works. Admins, HR officers and trainers keep theirs."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField

from .. import site_settings
from ..auth import oidc
from ..auth.permissions import roles_required
from ..forms import Form

bp = Blueprint("admin_sso", __name__, url_prefix="/admin/integrasi/sso")


class LearnerPasswordsForm(Form):
    passwords_off = BooleanField(
        _l("Nonaktifkan kata sandi lokal peserta (peserta hanya masuk dengan SSO)")
    )


@bp.route("/kata-sandi", methods=["GET", "POST"])
@roles_required("admin")
def learner_passwords():
    configured = oidc.configured(current_app.config)
    form = LearnerPasswordsForm()
    if form.validate_on_submit():
        off = bool(form.passwords_off.data)
        if off and not configured:
            flash(_("Atur SSO dulu: tanpa SSO peserta tidak dapat masuk sama sekali."), "error")
            return redirect(url_for(".learner_passwords"))
        if site_settings.set_learner_passwords_off(off, current_user.id):
            flash(
                _("Kata sandi lokal peserta dinonaktifkan.")
                if off
                else _("Kata sandi lokal peserta diaktifkan kembali."),
                "success",
            )
        return redirect(url_for("admin_integrations.index"))
    if not form.is_submitted():
        form.passwords_off.data = site_settings.learner_passwords_off()
    status = 422 if form.errors else 200
    page = render_template("admin/sso_passwords.html", form=form, configured=configured)
    return page, status
