"""Accounts: creating users, checking credentials, passwords and deactivation."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from .. import audit
from ..domain import passwords
from ..extensions import db
from ..models import ROLES, User
from ..models.base import utcnow
from ..observability import metrics
from . import sessions

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# Checked against when the user does not exist, so both paths cost one hash.
_DUMMY_HASH = generate_password_hash("elearn-dummy-password")


class AccountError(ValueError):
    """A user-facing problem with account data, in Bahasa Indonesia; `field` names the form
    field it belongs under, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalise_username(raw: str) -> str:
    """Lower-case a username; a NIP typed with spaces becomes its 18 digits."""
    value = raw.strip().lower()
    compact = re.sub(r"\s+", "", value)
    return compact if compact.isdigit() else value


def password_problem(password: str, user_words) -> str | None:
    """What is wrong with a new password, in words a person can act on, or None."""
    problem = passwords.problem(password, user_words)
    messages = {
        passwords.Problem.TOO_SHORT: _(
            "Kata sandi minimal %(n)s karakter. Boleh memakai spasi: beberapa kata yang mudah "
            "Anda ingat lebih kuat daripada satu kata yang rumit.",
            n=passwords.MIN_LENGTH,
        ),
        passwords.Problem.TOO_LONG: _(
            "Kata sandi paling panjang %(n)s karakter.", n=passwords.MAX_LENGTH
        ),
        passwords.Problem.COMMON: _(
            "Kata sandi ini terlalu umum: ada di daftar kata sandi yang sering dipakai atau "
            "pernah bocor. Pilih yang lain."
        ),
        passwords.Problem.PERSONAL: _(
            "Kata sandi tidak boleh sama dengan NIP, nama pengguna atau nama Anda."
        ),
    }
    return messages.get(problem) if problem else None


def _check_new_password(password: str, user_words) -> None:
    message = password_problem(password, user_words)
    if message:
        raise AccountError(message, field="password")


def authenticate(
    username: str, password: str, refusal: Callable[[User], str | None] | None = None
) -> User | None:
    """Return the active user with these credentials, a new server-side session opened for
    them (auth.sessions), or None without saying why. `refusal` may still refuse the right
    credentials with a message (AccountError): only then, so it tells a guesser nothing."""
    user = db.session.scalar(select(User).where(User.username == normalise_username(username)))
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        metrics.login_failed("password")
        return None
    if not user.check_password(password) or not user.active:
        metrics.login_failed("password")
        return None
    message = refusal(user) if refusal else None
    if message:
        metrics.login_failed("password")
        raise AccountError(message)
    user.last_login_at = utcnow()
    sessions.open_session(user)
    db.session.commit()
    return user


def create_user(
    username: str,
    full_name: str,
    roles: Iterable[str],
    password: str,
    email: str | None = None,
) -> User:
    """Create an account; raise AccountError with a message a person can act on."""
    username = normalise_username(username)
    if not USERNAME.match(username):
        raise AccountError(
            _(
                "Nama pengguna harus 2–64 karakter: huruf kecil, angka, titik, - atau _ "
                "(NIP ditulis 18 angka)."
            )
        )
    if not full_name.strip():
        raise AccountError(_("Nama lengkap wajib diisi."))
    roles = set(roles) or {"learner"}
    unknown = roles - set(ROLES)
    if unknown:
        raise AccountError(
            _(
                "Peran tidak dikenal: %(roles)s. Pilihan: %(known)s.",
                roles=", ".join(sorted(unknown)),
                known=", ".join(ROLES),
            )
        )
    _check_new_password(password, (username, full_name))
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccountError(_("Nama pengguna %(u)s sudah terdaftar.", u=username))
    user = User(username=username, full_name=full_name.strip(), email=(email or None))
    user.set_roles(roles)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def _activation_matches(user: User, code: str) -> bool:
    given = "".join(code.split()).upper().replace("-", "")
    return bool(
        user.activation_code
        and user.activation_expires_at is not None
        and user.activation_expires_at >= utcnow()
        # Bytes: compare_digest refuses str with non-ASCII characters (someone may type them).
        and secrets.compare_digest(user.activation_code.replace("-", "").encode(), given.encode())
    )


def activate(username: str, code: str, password: str) -> User | None:
    """Set the first password of an imported employee with their one-time code, or a new
    password with a reset code from HR (auth.recovery); every other session ends."""
    from . import recovery  # recovery builds on this module

    user = db.session.scalar(select(User).where(User.username == normalise_username(username)))
    if user is None or not user.active:
        metrics.login_failed("activation")
        return None
    if _activation_matches(user, code):
        _check_new_password(password, (user.username, user.full_name))
        user.set_password(password)
        user.activation_code = None
        user.activation_expires_at = None
    elif not recovery.redeem_code(user, code, password):
        metrics.login_failed("activation")
        return None
    user.last_login_at = utcnow()
    sessions.open_session(user)
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Replace the password of a signed-in user who knows the current one.

    Every session of the user ends, this one too (a copy of its cookie would otherwise live
    on), and a new one is opened: the caller calls login_user(user) again.
    """
    if not user.check_password(current):
        raise AccountError(_("Kata sandi saat ini salah."), field="current")
    _check_new_password(new, (user.username, user.full_name))
    from .recovery import forget_resets  # recovery builds on this module

    user.set_password(new)
    forget_resets(user.id)  # a link asked for before the change must not undo it
    sessions.end_all(user.id)
    sessions.open_session(user)
    audit.record(user.id, "user.password", "user", user.id)
    db.session.commit()


def set_active(user: User, active: bool, actor_id: int | None) -> bool:
    """Deactivate (ending every session at once) or reactivate an account; False when it
    already was so (nothing written)."""
    if user.active == active:
        return False
    user.active = active
    if not active:
        sessions.end_all(user.id)
    audit.record(actor_id, "user.reactivate" if active else "user.deactivate", "user", user.id)
    db.session.commit()
    return True


def user_by_username(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == normalise_username(username)))


def set_locale(user: User, locale: str | None) -> bool:
    """Remember the interface language `user` chose (None: the site's default); True when
    it changed. Nothing is written when it did not."""
    if user.locale == locale:
        return False
    user.locale = locale
    db.session.commit()
    return True


def set_recognition_public(user: User, shown: bool) -> bool:
    """Record whether `user` lets their name appear in recognition lists seen beyond HR
    (audited); True when it changed. Nothing is written when it did not."""
    if user.recognition_public == shown:
        return False
    user.recognition_public = shown
    audit.record(user.id, "account.recognition_name", "user", user.id, shown=shown)
    db.session.commit()
    return True
