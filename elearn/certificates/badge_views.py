"""Open Badges 3.0 routes: the issuer's DID document, the revocation status lists, and the
learner's download of a certificate as a signed credential."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, make_response, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..models import Certificate
from ..reporting.scope import scope_for, user_or_404
from . import open_badges

bp = Blueprint("badges", __name__)
# As long as the JWKS: a key withdrawn for a leak leaves verifiers' caches within that time.
PUBLIC_CACHE = "public, max-age=300"


@bp.get("/.well-known/did.json")
@bp.get("/did.json")  # where did:web looks when the site lives under a path (PUBLIC_URL)
def did_document():
    """The issuer's did:web document: the published signing keys as JsonWebKey methods."""
    response = jsonify(open_badges.did_document())
    response.mimetype = "application/did+json"
    response.headers["Cache-Control"] = PUBLIC_CACHE
    return response


@bp.get("/credentials/status/<int(max=2147483647):list_id>")
def status_list(list_id: int):
    """A signed BitstringStatusListCredential: the bit of every revoked certificate set.
    Built from the database on request; a revocation shows within the five-minute cache."""
    token = open_badges.status_list_jwt(list_id)
    if token is None:
        return _unavailable(404, _("Daftar status ini tidak ada."))
    response = make_response(token)
    response.mimetype = open_badges.MEDIA_TYPE
    response.headers["Cache-Control"] = PUBLIC_CACHE
    return response


def _holder_or_admin(certificate_id: int) -> Certificate:
    """The learner's own certificate, or any in an admin's scope; anything else is a 404."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    if certificate.user_id != current_user.id:
        if not current_user.has_role("admin"):
            abort(404)
        user_or_404(scope_for(current_user), certificate.user_id)
    return certificate


def _unavailable(status: int, message: str):
    return render_template("certificates/badge_unavailable.html", message=message), status


@bp.get("/my/certificates/<int(max=2147483647):certificate_id>/open-badge")
@login_required
def download(certificate_id: int):
    """Download the certificate as an Open Badges 3.0 credential (VC-JWT)."""
    certificate = _holder_or_admin(certificate_id)
    try:
        token = open_badges.open_badge_jwt(certificate)
    except (open_badges.BadgeRevoked, open_badges.NoBadge) as refused:
        return _unavailable(refused.status, refused.message)
    response = make_response(token)
    response.mimetype = open_badges.MEDIA_TYPE
    filename = "open-badge-" + certificate.number.replace("/", "-") + ".jwt"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
