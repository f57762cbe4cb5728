"""/hr/penghargaan: the year's recognition lists for HR (every name in scope), their print
version for the head of region (names only of those who agreed), the downloads, and the
issuing of recognition certificates."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock, site_settings
from ..auth.permissions import roles_required
from ..errors import Refusal
from ..reporting.report import download
from ..reporting.scope import scope_for, user_or_404
from . import queries, services
from .forms import IssueForm
from .standings import (
    Standings,
    asn_table,
    ikm_table,
    read_year,
    standings,
    units_table,
    year_choices,
)

bp = Blueprint("recognition", __name__, url_prefix="/penghargaan")
OFFICERS = ("hr", "admin")


def _target() -> int:
    return current_app.config["ANNUAL_JP_TARGET"]


def _standings(everything: bool | None = None) -> tuple[Standings, str | None]:
    """The lists of the year the request asks for, in the viewer's scope."""
    year, error = read_year(request.args.get("tahun"))
    if everything is None:
        everything = request.args.get("semua") == "1"
    return standings(scope_for(current_user), year, _target(), everything), error


@bp.get("")
@roles_required(*OFFICERS)
def index():
    """The ASN and units to recognise in a year, with downloads and certificates."""
    found, error = _standings()
    scope = scope_for(current_user)
    return render_template(
        "recognition/index.html",
        found=found,
        error=error,
        years=year_choices(found.year),
        issued=queries.issued(found.year, [r.user_id for r in found.asn]),
        certificates_on=site_settings.recognition_certificates(),
        form=IssueForm(formdata=None),
        unassigned=scope.roots == (),
    )


@bp.get("/cetak")
@roles_required(*OFFICERS)
def printable():
    """The lists laid out for the head of region: only names their holders agreed to."""
    found, error = _standings()
    return render_template("recognition/print.html", found=found, error=error, today=clock.today())


@bp.get("/asn.<fmt>")
@roles_required(*OFFICERS)
def asn_export(fmt: str):
    """Every ASN who qualified in the year."""
    return download(fmt, lambda: asn_table(_standings(everything=True)[0]))


@bp.get("/unit-jp.<fmt>")
@roles_required(*OFFICERS)
def units_export(fmt: str):
    """Every ranked unit, by JP compliance."""
    return download(fmt, lambda: units_table(_standings(everything=True)[0]))


@bp.get("/unit-ikm.<fmt>")
@roles_required(*OFFICERS)
def ikm_export(fmt: str):
    """Every unit whose IKM rose, largest rise first."""
    return download(fmt, lambda: ikm_table(_standings(everything=True)[0]))


@bp.post("/sertifikat")
@roles_required(*OFFICERS)
def issue():
    """Issue a listed ASN's recognition certificate of a (complete) year, once."""
    form = IssueForm()
    if not form.validate_on_submit():
        flash(_("Permintaan tidak lengkap. Muat ulang halaman, lalu coba lagi."), "error")
        return redirect(url_for(".index"))
    year = form.year.data
    scope = scope_for(current_user)
    person = user_or_404(scope, form.user_id.data)
    try:
        certificate = services.issue_certificate(scope, person.id, year, _target(), current_user.id)
    except Refusal as refused:
        flash(refused.message, "error")
    else:
        flash(
            _(
                "Sertifikat penghargaan %(n)s diterbitkan untuk %(name)s.",
                n=certificate.number,
                name=person.full_name,
            ),
            "success",
        )
    return redirect(url_for(".index", tahun=year))
