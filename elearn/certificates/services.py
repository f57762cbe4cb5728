"""Issuing, signing, revoking and looking up certificates."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .. import audit
from ..domain.certificates import add_years, format_number, mask_nip, status
from ..domain.gaps import Attestation
from ..domain.nip import format_nip
from ..domain.open_badges import status_index
from ..extensions import db
from ..models import (
    Certificate,
    CertificateCompetency,
    CertificateCounter,
    Competency,
    CourseCompletion,
    CourseVersion,
    User,
)
from ..models.base import utcnow
from ..observability import metrics
from . import keyring, signing

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,40}$")
EXPIRY_NOTICE = timedelta(days=90)
# The signed record's issuer, from the configuration: (record key, config key).
ISSUER_FIELDS = (
    ("institution", "INSTITUTION_NAME"),
    ("signatory_name", "SIGNATORY_NAME"),
    ("signatory_position", "SIGNATORY_POSITION"),
)


def _key():
    return signing.signing_key(current_app.instance_path)


def jwks() -> dict:
    """The current key and every retired one: certificates they signed still verify."""
    return signing.jwks(*keyring.published(current_app.instance_path))


def next_sequence(year: int) -> int:
    """Take the next number of the year inside the current transaction.

    The counter row stays locked until commit, so concurrent completions queue here
    and a rolled-back issue gives its number back: no gaps, no duplicates.
    """
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(CertificateCounter)
        .values(year=year, last=1)
        .on_conflict_do_update(
            index_elements=[CertificateCounter.year], set_={"last": CertificateCounter.last + 1}
        )
        .returning(CertificateCounter.last)
    )
    return int(db.session.execute(stmt).scalar_one())


def issue(
    completion: CourseCompletion, version: CourseVersion, task: dict | None = None
) -> Certificate:
    """Issue the certificate of a completion (with its accepted workplace `task`, if any);
    called in the completing transaction."""
    config = current_app.config
    user = db.session.get(User, completion.user_id)
    issued_at = utcnow()
    year = completion.year
    sequence = next_sequence(year)
    number = format_number(config["CERTIFICATE_NUMBER_PATTERN"], year, sequence)
    expires_at = add_years(issued_at, version.valid_years) if version.valid_years else None
    details = _holder_details(user)
    salt = secrets.token_hex(16)
    code = secrets.token_urlsafe(16)  # 128 random bits
    record = {
        "number": number,
        "holder": {
            "name": user.full_name,
            "nip": mask_nip(details["nip"]) if details["nip"] else None,
            "details_sha256": details_digest(details, salt),
        },
        "course": {"slug": version.course.slug, "title": version.title, "version": version.number},
        "jp": completion.jp,
        "completed_at": completion.completed_at.isoformat(),
        "issued_at": issued_at.isoformat(),
        "expires_at": expires_at.isoformat() if expires_at else None,
        "final_score": completion.final_score,
        "competencies": [
            {"slug": cc.competency.slug, "name": cc.competency.name, "level": cc.level}
            for cc in version.competencies
        ],
        "issuer": {key: config[name] for key, name in ISSUER_FIELDS},
        "code": code,
        **_task_part(task),
    }
    certificate = Certificate(
        number=number,
        year=year,
        sequence=sequence,
        code=code,
        user_id=user.id,
        course_id=completion.course_id,
        completion_id=completion.id,
        issued_at=issued_at,
        expires_at=expires_at,
        record=record,
        holder_details={**details, "salt": salt},
        jws=signing.sign(record, _key()),
    )
    db.session.add(certificate)
    db.session.flush()
    _with_id(certificate, version)
    metrics.certificate_issued(db.session())
    return certificate


def _with_id(certificate: Certificate, version: CourseVersion) -> None:
    """What needs the new certificate's id: its bit in the Open Badges revocation list
    and its competency rows."""
    certificate.status_index = status_index(certificate.id)
    db.session.add_all(
        CertificateCompetency(
            certificate_id=certificate.id, competency_id=cc.competency_id, level=cc.level
        )
        for cc in version.competencies
    )


def _task_part(task: dict | None) -> dict:
    """The record's statement of the workplace task: who verified it (position) and when."""
    if task is None:
        return {}
    return {"task": {"verified_by": task["verified_by"], "verified_at": task["verified_at"]}}


def _holder_details(user: User) -> dict:
    """What the certificate attests about its holder at issue: kept private, signed by digest."""
    return {
        "nip": format_nip(user.username) if user.username.isdigit() else None,
        "rank": user.rank,
        "position": user.position.name if user.position else None,
        "unit": user.unit.name if user.unit else None,
    }


def details_digest(details: dict, salt: str) -> str:
    """Commit the signed record to the private holder details without revealing them."""
    return hashlib.sha256(salt.encode() + signing.canonical_json(details)).hexdigest()


def holder_details(certificate: Certificate) -> dict:
    """The private holder details, if they still match the digest the record signs."""
    details = {k: v for k, v in certificate.holder_details.items() if k != "salt"}
    salt = certificate.holder_details.get("salt", "")
    if details_digest(details, salt) != certificate.record["holder"].get("details_sha256"):
        return {}
    return details


def by_code(code: str) -> Certificate | None:
    if not CODE_PATTERN.match(code):
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def of_user(user_id: int) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user_id)
            .order_by(Certificate.issued_at.desc())
        )
    )


def state(certificate: Certificate, now: datetime | None = None) -> str:
    return status(certificate.revoked_at, certificate.expires_at, now or utcnow())


def signature_ok(certificate: Certificate) -> bool:
    """Check the stored record against its signature with the published key it names."""
    kid = signing.header_kid(certificate.jws)
    public = keyring.public_key_for(current_app.instance_path, kid)
    return public is not None and signing.verify(certificate.jws, public, certificate.record)


KEY_COMPROMISED = "key_compromised"


def signature_problem(certificate: Certificate) -> str | None:
    """Why the signature cannot be trusted, for the verify page to say: "key_compromised"
    when the key it names was withdrawn after a leak (until the certificate is signed
    again), "invalid" when it does not match, None when it is good."""
    if signing.header_kid(certificate.jws) in keyring.compromised(current_app.instance_path):
        return KEY_COMPROMISED
    return None if signature_ok(certificate) else "invalid"


@cache
def _expiring_statement():
    """Built once per process: /my asks it on every visit."""
    return select(Certificate).where(
        Certificate.user_id == bindparam("user_id"),
        Certificate.revoked_at.is_(None),
        Certificate.expires_at.is_not(None),
        Certificate.expires_at > bindparam("now"),
        Certificate.expires_at <= bindparam("until"),
    )


def expiring_soon(user_id: int, now: datetime | None = None) -> list[Certificate]:
    """Valid certificates of the learner that expire within 90 days."""
    now = now or utcnow()
    params = {"user_id": user_id, "now": now, "until": now + EXPIRY_NOTICE}
    return list(db.session.scalars(_expiring_statement(), params))


class RevokeError(ValueError):
    pass


def revoke(certificate_id: int, actor_id: int, reason: str) -> Certificate:
    """Revoke once, with a reason, and write who and when to the audit log."""
    reason = " ".join(reason.split())
    if len(reason) < 5:
        raise RevokeError("Tuliskan alasan pencabutan (minimal 5 karakter).")
    now = utcnow()
    updated = db.session.execute(
        update(Certificate)
        .where(Certificate.id == certificate_id, Certificate.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason, revoked_by_id=actor_id)
    )
    if updated.rowcount != 1:
        db.session.rollback()
        raise RevokeError("Sertifikat ini sudah dicabut sebelumnya.")
    audit.record(actor_id, "certificate.revoke", "certificate", certificate_id, reason=reason)
    db.session.commit()
    return db.session.get(Certificate, certificate_id)


def attestations(user_id: int) -> list[Attestation]:
    """Every competency level the learner's certificates attest, with their validity."""
    revoked = Certificate.revoked_at.is_not(None)
    rows = db.session.execute(
        select(Competency.slug, CertificateCompetency.level, Certificate.expires_at, revoked)
        .join(Certificate, Certificate.id == CertificateCompetency.certificate_id)
        .join(Competency, Competency.id == CertificateCompetency.competency_id)
        .where(Certificate.user_id == user_id)
    ).all()
    return [Attestation(*row) for row in rows]


def search(query: str, scope, limit: int = 50) -> list[Certificate]:
    """Find certificates of holders in `scope` by number, name or username (HR and admins)."""
    stmt = select(Certificate).join(User, User.id == Certificate.user_id).where(scope.users())
    query = query.strip()
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(
            Certificate.number.ilike(like) | User.full_name.ilike(like) | User.username.ilike(like)
        )
    return list(db.session.scalars(stmt.order_by(Certificate.issued_at.desc()).limit(limit)))
