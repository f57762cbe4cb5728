"""HR's list of the public services of the units in scope (/hr/skm/layanan): add one,
change it, read its public link, print its QR poster or download the QR code alone.
A service outside the officer's scope answers 404, like one that does not exist."""

from __future__ import annotations

import io

import segno
from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import roles_required
from ..reporting.scope import scope_for, visible_units
from ..web import id_value
from . import services
from .blueprint import bp
from .forms import ServiceEditForm, ServiceForm

EDITORS = ("hr", "admin")
QR_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def public_url(code: str) -> str:
    """The questionnaire's absolute address, as the QR code and the poster give it."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    if base:
        return base + url_for("skm_public.questionnaire", code=code)
    return url_for("skm_public.questionnaire", code=code, _external=True)


def short_url(url: str) -> str:
    """The address as a person types it: without the scheme."""
    return url.split("://", 1)[-1]


def _qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


# Endpoint hr.skm.services; the function's own name keeps the `services` module in view.
@bp.route("/layanan", methods=["GET", "POST"], endpoint="services")
@roles_required(*EDITORS)
def services_page():
    """List the services of the units in scope, and add one."""
    scope = scope_for(current_user)
    units = visible_units(scope)
    form = ServiceForm(scope=scope, units=units)
    if form.validate_on_submit():
        try:
            row = services.create_service(
                form.unit_id, form.name.data, form.people, current_user.id
            )
        except services.DuplicateService:
            form.name.errors.append(_("Unit ini sudah punya layanan dengan nama itu."))
        else:
            flash(_("Layanan %(name)s ditambahkan.", name=row.name), "success")
            return redirect(url_for(".services", unit=request.args.get("unit") or None))
    shown_unit = id_value(request.args.get("unit"))
    if shown_unit is not None and not scope.has_unit(shown_unit):
        shown_unit = None
    return render_template(
        "skm/services.html",
        form=form,
        units=units,
        shown_unit=shown_unit,
        rows=services.services_in(scope, shown_unit),
        public_url=public_url,
    ), (422 if form.errors else 200)


def _service_or_404(service_id: int) -> services.Listed:
    found = services.service_in_scope(scope_for(current_user), service_id)
    if found is None:
        abort(404)
    return found


@bp.route("/layanan/<int:service_id>", methods=["GET", "POST"])
@roles_required(*EDITORS)
def service_edit(service_id: int):
    """Change a service's name, population, and whether its questionnaire is open."""
    found = _service_or_404(service_id)
    service = found.service
    form = ServiceEditForm()
    if not form.is_submitted():
        form.name.data = service.name
        form.population.data = "" if service.population is None else str(service.population)
        form.active.data = service.active
    if form.validate_on_submit():
        try:
            changed = services.update_service(
                service, form.name.data, form.people, bool(form.active.data), current_user.id
            )
        except services.DuplicateService:
            form.name.errors.append(_("Unit ini sudah punya layanan dengan nama itu."))
        else:
            flash(_("Perubahan disimpan.") if changed else _("Tidak ada yang berubah."), "success")
            return redirect(url_for(".services"))
    return render_template(
        "skm/service_edit.html", form=form, found=found, url=public_url(service.public_code)
    ), (422 if form.errors else 200)


@bp.get("/layanan/<int:service_id>/poster")
@roles_required(*EDITORS)
def poster(service_id: int):
    """A printable A4 poster for the counter: the service, a large QR code, the address."""
    found = _service_or_404(service_id)
    url = public_url(found.service.public_code)
    return render_template(
        "skm/poster.html",
        found=found,
        url=url,
        short=short_url(url),
        qr=_qr(url).svg_data_uri(scale=1, omitsize=True, border=4),
    )


@bp.get("/layanan/<int:service_id>/qr.png", defaults={"kind": "png"})
@bp.get("/layanan/<int:service_id>/qr.svg", defaults={"kind": "svg"})
@roles_required(*EDITORS)
def poster_qr(service_id: int, kind: str):
    """The QR code alone, to put on a banner or a leaflet of the unit's own making."""
    found = _service_or_404(service_id)
    buffer = io.BytesIO()
    code = _qr(public_url(found.service.public_code))
    if kind == "png":
        code.save(buffer, kind="png", scale=20, border=4)
    else:
        code.save(buffer, kind="svg", scale=10, border=4, xmldecl=False)
    buffer.seek(0)
    return send_file(
        buffer,
        mimetype=QR_TYPES[kind],
        as_attachment=True,
        download_name=f"qr-skm-{found.service.public_code}.{kind}",
    )
