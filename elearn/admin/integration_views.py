"""/admin/integrasi: each integration's settings, its status line and a connection test."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..auth.permissions import roles_required
from ..integrations import status
from . import integration_list

bp = Blueprint("admin_integrations", __name__, url_prefix="/admin/integrasi")


@bp.get("/")
@roles_required("admin")
def index():
    config = current_app.config
    rows = [
        {
            "integration": integration,
            "settings": integration.settings(config),
            "configured": integration.configured(config),
        }
        for integration in integration_list.integrations()
    ]
    return render_template("admin/integrations.html", rows=rows, statuses=status.statuses())


@bp.post("/<integration>/uji")
@roles_required("admin")
def test_connection(integration: str):
    found = integration_list.by_name(integration)
    if found is None:
        abort(404)
    if not found.configured(current_app.config):
        flash(_("%(n)s belum dikonfigurasi; lihat pengaturan di bawah.", n=found.label), "error")
        return redirect(url_for(".index"))
    try:
        message = found.check()
    except status.ConnectionFailed as exc:
        status.record_failure(found.name, str(exc))
        flash(_("Uji koneksi %(n)s gagal: %(e)s", n=found.label, e=str(exc)), "error")
    else:
        status.record_success(found.name, message)
        flash(_("Uji koneksi %(n)s berhasil: %(m)s", n=found.label, m=message), "success")
    return redirect(url_for(".index"))


@bp.post("/xapi/antrean-ulang")
@roles_required("admin")
def xapi_requeue():
    """Put the xAPI statements parked as failed back in the queue (as `elearn xapi requeue`)."""
    from ..xapi import queue

    count = queue.requeue()
    flash(_("%(n)s pernyataan xAPI dimasukkan kembali ke antrean.", n=count), "success")
    return redirect(url_for(".index", _anchor="integrasi-xapi"))
