"""Recovering an account: reset links, e-mail confirmation links and reset codes from HR.

The secrets themselves are made and checked by domain.recovery; here they are stored (as
digests), looked up, used once and audited. Sending the mail is the caller's (recovery
package), which keeps this module free of SMTP.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from .. import audit
from ..domain import recovery
from ..extensions import db
from ..models import AccountToken, User
from ..models.base import utcnow
from . import sessions
from .services import AccountError, _check_new_password, normalise_username

EMAIL_MAX = 254


def _lifetime(purpose: str) -> timedelta:
    config = current_app.config
    if purpose == recovery.RESET_LINK:
        return timedelta(minutes=float(config["PASSWORD_RESET_MINUTES"]))
    if purpose == recovery.EMAIL_LINK:
        return timedelta(hours=float(config["EMAIL_CONFIRM_HOURS"]))
    return timedelta(days=float(config["RESET_CODE_DAYS"]))


def _replace(user: User, purpose: str, token_hash: str, **extra) -> None:
    """Store a new token of `purpose` for `user`, its older ones of the purpose gone."""
    db.session.execute(
        delete(AccountToken).where(AccountToken.user_id == user.id, AccountToken.purpose == purpose)
    )
    now = utcnow()
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=token_hash,
            created_at=now,
            expires_at=now + _lifetime(purpose),
            **extra,
        )
    )


def forget_resets(user_id: int) -> None:
    """Drop an account's reset links and codes (its password has just changed), in the
    caller's transaction."""
    db.session.execute(
        delete(AccountToken).where(
            AccountToken.user_id == user_id,
            AccountToken.purpose.in_((recovery.RESET_LINK, recovery.HR_CODE)),
        )
    )


def accounts_named(name_or_email: str, limit: int = 3) -> list[User]:
    """The active accounts a "forgot password" request names: by username/NIP, or by
    e-mail address (several accounts may share one; at most `limit`)."""
    typed = name_or_email.strip()
    if "@" in typed:
        where = func.lower(User.email) == typed.lower()[:EMAIL_MAX]
    else:
        where = User.username == normalise_username(typed)[:64]
    stmt = select(User).where(where, User.active.is_(True)).order_by(User.id).limit(limit)
    return list(db.session.scalars(stmt))


def issue_reset_link(user: User) -> str:
    """A new reset link's secret for `user` (older links stop working); committed."""
    secret = recovery.new_secret()
    _replace(user, recovery.RESET_LINK, recovery.digest(secret))
    audit.record(None, "user.reset_link", "user", user.id)
    db.session.commit()
    return secret


def find_link(secret: str, purpose: str) -> AccountToken | None:
    """The usable token a link's secret names (of an active account), or None: unknown,
    used, expired and junk all look alike to the caller. Reads only."""
    if not recovery.plausible_secret(secret):
        return None
    token = db.session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == recovery.digest(secret), AccountToken.purpose == purpose
        )
    )
    if token is None or not token.user.active:
        return None
    if recovery.state(token.expires_at, token.used_at, utcnow()) is not recovery.State.USABLE:
        return None
    return token


def reset_password(token: AccountToken, password: str) -> User:
    """Set the password a reset link allows; the link is used up, every session of the
    account ends and its other reset links and codes go. AccountError names the field."""
    user = token.user
    _check_new_password(password, (user.username, user.full_name))
    user.set_password(password)
    user.activation_code = user.activation_expires_at = None  # a first-login code too
    forget_resets(user.id)
    sessions.end_all(user.id)
    audit.record(user.id, "user.password_reset", "user", user.id, by="link")
    db.session.commit()
    return user


def issue_code(user: User, actor_id: int) -> str:
    """A reset code from HR for `user` (shown once; older codes stop working); committed."""
    code = recovery.new_code()
    _replace(user, recovery.HR_CODE, recovery.code_digest(code), created_by=actor_id)
    audit.record(actor_id, "user.reset_code", "user", user.id)
    db.session.commit()
    return code


def redeem_code(user: User, code: str, password: str) -> bool:
    """Set a new password with a reset code from HR; False when the code is not this
    account's usable one (nothing written). Every session of the account ends."""
    token = db.session.scalar(
        select(AccountToken).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == recovery.HR_CODE,
            AccountToken.token_hash == recovery.code_digest(code),
        )
    )
    if token is None:
        return False
    if recovery.state(token.expires_at, token.used_at, utcnow()) is not recovery.State.USABLE:
        return False
    _check_new_password(password, (user.username, user.full_name))
    user.set_password(password)
    user.activation_code = user.activation_expires_at = None  # a first-login code too
    forget_resets(user.id)
    sessions.end_all(user.id)
    audit.record(user.id, "user.password_reset", "user", user.id, by="code")
    return True  # the caller opens the new session and commits (auth.services.activate)


def request_email_change(user: User, password: str, new_email: str) -> str:
    """A confirmation link's secret for moving `user` to `new_email`; committed. The
    address changes only when the link is opened (confirm_email)."""
    if not user.check_password(password):
        raise AccountError(_("Kata sandi salah."), field="password")
    secret = recovery.new_secret()
    _replace(user, recovery.EMAIL_LINK, recovery.digest(secret), new_email=new_email)
    audit.record(user.id, "user.email_requested", "user", user.id)
    db.session.commit()
    return secret


def confirm_email(token: AccountToken) -> tuple[User, str | None]:
    """Make the link's address the account's; returns the user and the old address."""
    user = token.user
    old = user.email
    user.email = token.new_email
    token.used_at = utcnow()
    audit.record(user.id, "user.email_changed", "user", user.id)
    db.session.commit()
    return user, old
