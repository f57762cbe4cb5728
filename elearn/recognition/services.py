"""Issuing a recognition certificate: checks, signing (elearn/certificates) and the audit
entry, in one transaction."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit, site_settings
from ..certificates.recognition import issue_recognition
from ..clock import this_year
from ..domain import recognition as rules
from ..errors import Refusal
from ..extensions import db
from ..models import Certificate, User
from ..models.credentials import RECOGNITION
from ..reporting.scope import Scope
from . import queries


def _already() -> Refusal:
    return Refusal(_("Sertifikat penghargaan tahun ini sudah diterbitkan untuk pegawai ini."), 409)


def issue_certificate(
    scope: Scope, user_id: int, year: int, target: int, actor_id: int
) -> Certificate:
    """Issue the recognition of `year` to an employee on that year's list, once; raises a
    Refusal (with the message HR reads) otherwise."""
    if not site_settings.recognition_certificates():
        raise Refusal(_("Sertifikat penghargaan belum diaktifkan oleh admin."), 403)
    if year >= this_year():
        raise Refusal(
            _("Sertifikat penghargaan hanya diterbitkan untuk tahun yang sudah selesai."), 400
        )
    found = queries.recognised(
        scope, year, target, queries.due_cycles(scope, year), top=None, user_id=user_id
    )
    if not found:
        raise Refusal(_("Pegawai ini tidak ada dalam daftar penghargaan tahun %(y)s.", y=year))
    held = select(Certificate.id).where(
        Certificate.kind == RECOGNITION,
        Certificate.user_id == user_id,
        Certificate.award_year == year,
    )
    if db.session.scalar(held) is not None:
        raise _already()
    user = db.session.get(User, user_id)
    certificate = issue_recognition(user, year, rules.reason(year, target))
    audit.record(
        actor_id,
        "recognition.certificate.issue",
        "certificate",
        certificate.id,
        user_id=user_id,
        year=year,
        number=certificate.number,
    )
    try:
        db.session.commit()
    except IntegrityError:  # a second officer's click committed first
        db.session.rollback()
        raise _already() from None
    return certificate
