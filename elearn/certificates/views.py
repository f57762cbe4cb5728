"""Certificates: public verification, the signing key set, the learner's list and PDFs,
and revocation by HR or admins."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import clock
from ..auth.permissions import roles_required
from ..extensions import db, limiter
from ..models import Certificate
from ..reporting.scope import scope_for, user_or_404
from . import services
from .forms import RevokeForm
from .pdf import render_pdf

bp = Blueprint("certificates", __name__)


def verify_url(code: str) -> str:
    """The absolute verification URL printed in the QR code."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    if base:
        return base + url_for("certificates.verify", code=code)
    return url_for("certificates.verify", code=code, _external=True)


@bp.get("/verify/<code>")
# Only unknown codes count: a guesser runs out, an office scanning real certificates never does.
@limiter.limit(
    lambda: current_app.config["VERIFY_RATE_LIMIT"],
    deduct_when=lambda response: response.status_code == 404,
)
def verify(code: str):
    """Say whether a certificate is valid, expired or revoked; no login needed."""
    as_json = code.endswith(".json")
    if as_json:
        code = code[: -len(".json")]
    certificate = services.by_code(code)
    if certificate is None:
        if as_json:
            return jsonify(status="unknown", message=_("Sertifikat tidak ditemukan.")), 404
        return render_template("certificates/unknown.html"), 404
    state = services.state(certificate)
    problem = services.signature_problem(certificate)
    signature_ok = problem is None
    if as_json:
        body = {
            "status": state,
            "signature_valid": signature_ok,
            **({"signature_problem": problem} if problem else {}),
            "record": certificate.record,
            "jws": certificate.jws,
            "alg": "EdDSA",
            "jwks_url": url_for("certificates.jwks", _external=True),
        }
        if certificate.revoked_at:
            body["revoked"] = {
                "at": certificate.revoked_at.isoformat(),
                "reason": certificate.revoked_reason,
            }
        return jsonify(body)
    response = make_response(
        render_template(
            "certificates/verify.html",
            certificate=certificate,
            record=certificate.record,
            state=state,
            signature_ok=signature_ok,
            key_compromised=problem == services.KEY_COMPROMISED,
            masked_nip=certificate.record["holder"].get("nip"),
        )
    )
    response.headers["Cache-Control"] = "no-store"  # revocation must show at once
    return response


@bp.get("/.well-known/jwks.json")
def jwks():
    """Publish the institution's public signing keys. Cached five minutes: after a key is
    withdrawn for a leak (`elearn keys retire --compromised`), a verifier's copy still
    trusts it for at most that long (deploy/BACKUP.md)."""
    response = jsonify(services.jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/my/certificates")
@login_required
def mine():
    """List the learner's certificates with PDF and verification links."""
    items = [(c, services.state(c)) for c in services.of_user(current_user.id)]
    return render_template("certificates/mine.html", items=items)


def _own_or_admin(certificate_id: int) -> Certificate:
    """The holder's own certificate, or one HR or an admin may see; anything else is a 404."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    if certificate.user_id != current_user.id:
        _in_scope(certificate)
    return certificate


def _in_scope(certificate: Certificate) -> None:
    if not current_user.has_role("hr", "admin"):
        abort(404)
    user_or_404(scope_for(current_user), certificate.user_id)


@bp.get("/my/certificates/<int(max=2147483647):certificate_id>.pdf")
@login_required
def pdf(certificate_id: int):
    """Download the certificate PDF (A4 landscape, one page)."""
    certificate = _own_or_admin(certificate_id)
    record = certificate.record
    holder = {**record["holder"], **services.holder_details(certificate)}
    data = render_pdf(
        {**record, "holder": holder},
        verify_url(certificate.code),
        clock.timezone_name(),
        current_app.config["INSTITUTION_LOGO_FILE"],
    )
    response = make_response(data)
    response.mimetype = "application/pdf"
    filename = "sertifikat-" + certificate.number.replace("/", "-") + ".pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/admin/certificates")
@roles_required("hr", "admin")
def manage():
    """Find certificates to inspect or revoke."""
    query = request.args.get("q", "")[:100]
    items = [(c, services.state(c)) for c in services.search(query, scope_for(current_user))]
    return render_template("certificates/manage.html", items=items, query=query)


@bp.route(
    "/admin/certificates/<int(max=2147483647):certificate_id>/revoke", methods=["GET", "POST"]
)
@roles_required("hr", "admin")
def revoke(certificate_id: int):
    """Revoke a certificate with a reason; the verify page shows it at once."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    _in_scope(certificate)
    form = RevokeForm()
    error = None
    if form.validate_on_submit():
        try:
            services.revoke(certificate.id, current_user.id, form.reason.data)
        except services.RevokeError as exc:
            error = str(exc)
        else:
            flash(_("Sertifikat %(n)s dicabut.", n=certificate.number), "success")
            return redirect(url_for("certificates.manage", q=certificate.number))
    status = 422 if (form.errors or error) else 200
    return (
        render_template(
            "certificates/revoke.html",
            certificate=certificate,
            state=services.state(certificate),
            form=form,
            error=error,
        ),
        status,
    )
