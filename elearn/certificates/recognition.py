"""Recognition certificates (kind "penghargaan"): a year's achievement, signed and verified
exactly like a course certificate (the same numbering, key, record digest and /verify
page), but attesting no course, no JP and no competency.

Who may receive one is decided elsewhere (elearn/recognition); this module only builds,
signs and stores it, in the caller's transaction.
"""

from __future__ import annotations

import secrets

from flask import current_app

from ..domain.certificates import format_number, mask_nip
from ..domain.open_badges import status_index
from ..extensions import db
from ..models import Certificate, User
from ..models.base import utcnow
from ..models.credentials import RECOGNITION
from ..observability import metrics
from . import signing
from .services import ISSUER_FIELDS, _holder_details, _key, details_digest, next_sequence


def is_recognition(record: dict) -> bool:
    """Whether a signed record is a recognition rather than a course certificate."""
    return record.get("kind") == RECOGNITION


def issue_recognition(user: User, year: int, reason: str) -> Certificate:
    """Issue `user`'s recognition for `year`, numbered in that year's sequence; never
    expires. The caller checks the person qualifies, and commits."""
    config = current_app.config
    issued_at = utcnow()
    sequence = next_sequence(year)
    number = format_number(config["CERTIFICATE_NUMBER_PATTERN"], year, sequence)
    details = _holder_details(user)
    salt = secrets.token_hex(16)
    code = secrets.token_urlsafe(16)  # 128 random bits
    record = {
        "kind": RECOGNITION,
        "number": number,
        "holder": {
            "name": user.full_name,
            "nip": mask_nip(details["nip"]) if details["nip"] else None,
            "details_sha256": details_digest(details, salt),
        },
        "recognition": {"year": year, "reason": reason},
        "issued_at": issued_at.isoformat(),
        "expires_at": None,
        "issuer": {key: config[name] for key, name in ISSUER_FIELDS},
        "code": code,
    }
    certificate = Certificate(
        number=number,
        year=year,
        sequence=sequence,
        code=code,
        user_id=user.id,
        kind=RECOGNITION,
        award_year=year,
        issued_at=issued_at,
        record=record,
        holder_details={**details, "salt": salt},
        jws=signing.sign(record, _key()),
    )
    db.session.add(certificate)
    db.session.flush()
    certificate.status_index = status_index(certificate.id)
    metrics.certificate_issued(db.session())
    return certificate
