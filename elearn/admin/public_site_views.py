"""/admin/situs-publik: the admin opens the public front to visitors or makes the whole
site private again (then every public page sends visitors to the login page)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField

from ..auth.permissions import roles_required
from ..forms import Form
from ..front import access

bp = Blueprint("admin_public_site", __name__, url_prefix="/admin")


PUBLIC_LABEL = _l(
    "Situs publik: pengunjung tanpa login dapat melihat beranda, katalog dan ringkasan kursus"
)


class PublicSiteForm(Form):
    public = BooleanField(PUBLIC_LABEL)


@bp.route("/situs-publik", methods=["GET", "POST"])
@roles_required("admin")
def public_site():
    form = PublicSiteForm()
    if form.validate_on_submit():
        public = bool(form.public.data)
        if access.set_site_public(public, current_user.id):
            flash(
                _("Situs kini publik.")
                if public
                else _("Situs kini privat: semua halaman perlu login."),
                "success",
            )
        return redirect(url_for(".public_site"))
    if not form.is_submitted():
        form.public.data = access.site_is_public()
    status = 422 if form.errors else 200
    page = render_template(
        "admin/public_site.html",
        form=form,
        chosen=access.admin_choice() is not None,
        deploy_default=access.deploy_default(current_app.config),
    )
    return page, status
