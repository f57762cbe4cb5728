"""/admin/penghargaan: the admin decides whether HR may issue signed recognition
certificates (off by default: a region may prefer its own paper charter)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import site_settings
from ..auth.permissions import roles_required
from .forms import CertificatesSettingForm

bp = Blueprint("recognition_admin", __name__, url_prefix="/admin/penghargaan")


@bp.route("", methods=["GET", "POST"])
@roles_required("admin")
def settings():
    """Show and change whether recognition certificates may be issued."""
    form = CertificatesSettingForm()
    if form.validate_on_submit():
        enabled = bool(form.enabled.data)
        if site_settings.set_recognition_certificates(enabled, current_user.id):
            flash(
                _("Sertifikat penghargaan diaktifkan.")
                if enabled
                else _("Sertifikat penghargaan dinonaktifkan."),
                "success",
            )
        return redirect(url_for(".settings"))
    if not form.is_submitted():
        form.enabled.data = site_settings.recognition_certificates()
    status = 422 if form.errors else 200
    return render_template("recognition/admin.html", form=form), status
