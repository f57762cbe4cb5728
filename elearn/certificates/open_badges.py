"""Open Badges 3.0 for certificates: each certificate as a signed OpenBadgeCredential
(VC-JWT), the issuer's DID document, and the revocation status lists.

Signed with the institution's certificate key (the one in /.well-known/jwks.json); the JWT
header's kid is the DID URL of that key, `did:web:<host>#<kid>`, which resolves through
/.well-known/did.json. What a verifier does: docs/open-badges.md.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from flask import current_app, has_request_context, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..domain import open_badges as ob
from ..errors import Refusal
from ..extensions import db
from ..models import Certificate, CourseVersion, User
from ..models.base import utcnow
from ..models.credentials import COURSE
from . import services, signing

MEDIA_TYPE = "application/vc+jwt"
JWT_TYP = "JWT"  # OB 3.0 section 8.2.4.1: the header's typ, when present, is "JWT"
# uuid5 namespace of this platform's credential ids (a fixed random value).
_NAMESPACE = uuid.UUID("6f7e3c1a-2b9d-4e55-9a0c-5d1b8e4f2a77")


def _origin() -> str:
    """Where absolute URLs start, as for the QR code's verify URL: PUBLIC_URL, else the
    request's host; url_for adds the script root."""
    configured = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    return configured or request.host_url.rstrip("/")


def absolute_url(endpoint: str, **values) -> str:
    """An absolute URL of this site (PUBLIC_URL first), for links that leave it."""
    return _origin() + url_for(endpoint, **values)


def site_did() -> str:
    """The issuer's did:web: the site's address, its script root included (a site under a
    path gets a did:web with that path, resolved at <path>/did.json)."""
    return ob.did_web(_origin() + (request.script_root if has_request_context() else ""))


def issuer() -> ob.Issuer:
    return ob.Issuer(
        did=site_did(),
        name=current_app.config["INSTITUTION_NAME"],
        url=absolute_url("front.landing"),
    )


def did_document() -> dict:
    return ob.did_document(site_did(), services.jwks())


def _sign(claims: dict) -> str:
    key = signing.signing_key(current_app.instance_path)
    kid = ob.method_id(site_did(), signing.key_id(key))
    return signing.sign_bytes(signing.canonical_json(claims), key, typ=JWT_TYP, kid=kid)


def _course(certificate: Certificate) -> ob.Course:
    number = certificate.record["course"].get("version")
    version = db.session.scalar(
        select(CourseVersion).where(
            CourseVersion.course_id == certificate.course_id, CourseVersion.number == number
        )
    )
    slug = certificate.record["course"]["slug"]
    url = absolute_url("learn.course", slug=slug)
    return ob.Course(
        achievement_id=f"{url}#versi-{number}",
        url=url,
        description=version.summary if version else "",
        pass_percent=version.pass_percent if version else None,
    )


def _identity(certificate: Certificate) -> dict:
    """The holder, hashed: the NIP at issue (digits only), else the account's e-mail, else
    its username. Salted per certificate, so two credentials of one person do not match."""
    details = certificate.holder_details or {}
    salt = ob.identity_salt(details.get("salt") or certificate.code)
    nip = "".join(ch for ch in (details.get("nip") or "") if ch.isdigit())
    if nip:
        return ob.hashed_identity("identifier", nip, salt)
    user = db.session.get(User, certificate.user_id)
    if user.email:
        return ob.hashed_identity("emailAddress", user.email.strip().lower(), salt)
    return ob.hashed_identity("userName", user.username, salt)


def status_list_url(list_number: int) -> str:
    return absolute_url("badges.status_list", list_id=list_number)


def credential(certificate: Certificate) -> dict:
    """The unsigned OpenBadgeCredential of a certificate (the same on every call)."""
    index = certificate.status_index
    if index is None:  # issued moments ago in this transaction: same rule as the flush
        index = ob.status_index(certificate.id)
    list_number, position = ob.list_and_position(index)
    name = absolute_url("certificates.verify", code=certificate.code)
    return ob.open_badge_credential(
        certificate.record,
        credential_id=uuid.uuid5(_NAMESPACE, name).urn,
        subject_id=uuid.uuid5(_NAMESPACE, name + "#subject").urn,
        identity=_identity(certificate),
        issuer=issuer(),
        course=_course(certificate),
        status=ob.StatusEntry(status_list_url(list_number), position),
    )


class BadgeRevoked(Refusal):
    def __init__(self):
        super().__init__(
            _("Sertifikat ini sudah dicabut, sehingga Open Badge-nya tidak dapat diunduh."), 410
        )


class NoBadge(Refusal):
    def __init__(self):
        super().__init__(
            _("Sertifikat penghargaan tidak tersedia sebagai Open Badge; unduh PDF-nya."), 404
        )


def open_badge_jwt(certificate: Certificate) -> str:
    """The certificate as a signed Open Badges 3.0 credential (compact VC-JWT, EdDSA).
    Raises BadgeRevoked (a Refusal with status 410) for a revoked certificate, NoBadge
    (404) for a recognition: an Open Badge describes a course achievement."""
    if certificate.kind != COURSE:
        raise NoBadge()
    if certificate.revoked_at is not None:
        raise BadgeRevoked()
    return _sign(ob.jwt_claims(credential(certificate)))


def list_count() -> int:
    """How many status lists exist: enough to hold the highest index (at least one)."""
    highest = db.session.scalar(select(func.max(Certificate.status_index)))
    return 1 if highest is None else ob.list_and_position(highest)[0]


def status_list_jwt(list_number: int, now: datetime | None = None) -> str | None:
    """The signed BitstringStatusListCredential of list `list_number`, from the database
    as it is now (the route caches it for five minutes); None for a list that does not
    exist."""
    if not 1 <= list_number <= list_count():
        return None
    first = (list_number - 1) * ob.STATUS_LIST_SIZE
    revoked = db.session.scalars(
        select(Certificate.status_index).where(
            Certificate.revoked_at.is_not(None),
            Certificate.status_index >= first,
            Certificate.status_index < first + ob.STATUS_LIST_SIZE,
        )
    )
    encoded = ob.encode_status_list(index - first for index in revoked)
    vc = ob.status_list_credential(status_list_url(list_number), issuer(), encoded, now or utcnow())
    return _sign(ob.jwt_claims(vc))
