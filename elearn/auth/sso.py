"""Single sign-on accounts: which account an OpenID Provider's identity opens, if any.

Rules (docs/sso.md):
- the NIP claim names the account: an employee imported by HR (username = NIP, PNS or
  PPPK); single sign-on never creates an account and never gives a role;
- the provider's (issuer, subject) is bound to the account on its first single sign-on;
  later ones must come with the same, so a NIP moved to another identity at the provider
  cannot open the account;
- an account holding the admin role never signs on this way (a local admin must not be
  taken over through the provider); HR officers, trainers and supervisors may, as
  employees; an inactive account may not.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit, site_settings
from ..extensions import db
from ..models import User
from ..models.base import utcnow
from ..observability import metrics
from . import sessions
from .services import normalise_username


class SsoRefused(Exception):
    """Single sign-on may not open an account; the message is for the person, in Bahasa
    Indonesia, and `reason` a short code for the log."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def _refuse(message: str, reason: str) -> SsoRefused:
    metrics.login_failed("sso")
    return SsoRefused(message, reason)


def nip_from_claims(claims: dict, claim: str) -> str:
    """The NIP the provider vouches for, as a username; SsoRefused when it is missing."""
    value = claims.get(claim)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise _refuse(
            _(
                "Penyedia SSO tidak mengirim NIP Anda (klaim \u201c%(claim)s\u201d), jadi akun "
                "Anda tidak dapat dikenali. Hubungi tim TI BKPSDM.",
                claim=claim,
            ),
            "nip_missing",
        )
    return normalise_username(value)[:64]


def account_for(issuer: str, subject: str, nip: str) -> User:
    """The account this identity may open, bound to it (in the caller's transaction)."""
    user = db.session.scalar(select(User).where(User.username == nip))
    if user is None or not user.employee_type:
        raise _refuse(
            _(
                "NIP %(nip)s tidak terdaftar sebagai pegawai di platform ini. Minta pengelola "
                "kepegawaian (BKPSDM) di instansi Anda mendaftarkan NIP tersebut.",
                nip=nip,
            ),
            "not_employee",
        )
    if user.has_role("admin"):
        raise _refuse(
            _(
                "Akun admin tidak dapat masuk dengan SSO. Masuk dengan nama pengguna dan kata "
                "sandi admin."
            ),
            "admin",
        )
    if not user.active:
        raise _refuse(
            _("Akun Anda dinonaktifkan. Hubungi pengelola kepegawaian (BKPSDM) di instansi Anda."),
            "inactive",
        )
    if user.sso_subject is None:
        _bind(user, issuer, subject)
    elif (user.sso_issuer, user.sso_subject) != (issuer, subject):
        raise _refuse(
            _("Akun dengan NIP ini sudah terhubung ke identitas SSO lain. Hubungi tim TI BKPSDM."),
            "other_subject",
        )
    return user


def _bind(user: User, issuer: str, subject: str) -> None:
    taken = db.session.scalar(
        select(User.id).where(User.sso_issuer == issuer, User.sso_subject == subject)
    )
    if taken is not None:
        raise _refuse(
            _(
                "Identitas SSO Anda sudah terhubung ke akun lain dengan NIP berbeda. Hubungi "
                "tim TI BKPSDM."
            ),
            "subject_taken",
        )
    user.sso_issuer, user.sso_subject = issuer, subject
    audit.record(user.id, "user.sso_bind", "user", user.id, issuer=issuer)


def sign_in(issuer: str, subject: str, claims: dict, nip_claim: str) -> User:
    """Open a server-side session for the account these verified claims name (and commit);
    the caller calls login_user(user). SsoRefused says why not."""
    try:
        user = account_for(issuer, subject, nip_from_claims(claims, nip_claim))
    except SsoRefused:
        db.session.rollback()
        raise
    user.last_login_at = utcnow()
    sessions.open_session(user)
    db.session.commit()
    return user


def password_refused(user: User) -> bool:
    """Whether a correct password must still be refused: the admin turned learners'
    passwords off (site setting) and this account is a learner only."""
    return user.roles == {"learner"} and site_settings.learner_passwords_off()
