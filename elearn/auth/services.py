"""Accounts: creating users and checking credentials."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import ROLES, User
from ..models.base import utcnow

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# Checked against when the user does not exist, so both paths cost one hash.
_DUMMY_HASH = generate_password_hash("elearn-dummy-password")


class AccountError(ValueError):
    """A user-facing problem with account data, in Bahasa Indonesia."""


def normalise_username(raw: str) -> str:
    """Lower-case a username; a NIP typed with spaces becomes its 18 digits."""
    value = raw.strip().lower()
    compact = re.sub(r"\s+", "", value)
    return compact if compact.isdigit() else value


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with these credentials, or None without saying why."""
    user = db.session.scalar(select(User).where(User.username == normalise_username(username)))
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
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
            "Nama pengguna harus 2–64 karakter: huruf kecil, angka, titik, - atau _ "
            "(NIP ditulis 18 angka)."
        )
    if not full_name.strip():
        raise AccountError("Nama lengkap wajib diisi.")
    roles = set(roles) or {"learner"}
    unknown = roles - set(ROLES)
    if unknown:
        raise AccountError(
            f"Peran tidak dikenal: {', '.join(sorted(unknown))}. Pilihan: {', '.join(ROLES)}."
        )
    if len(password) < 8:
        raise AccountError("Kata sandi minimal 8 karakter.")
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccountError(f"Nama pengguna {username} sudah terdaftar.")
    user = User(username=username, full_name=full_name.strip(), email=(email or None))
    user.set_roles(roles)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def activate(username: str, code: str, password: str) -> User | None:
    """Set the first password of an imported employee with their one-time code."""
    user = db.session.scalar(select(User).where(User.username == normalise_username(username)))
    given = "".join(code.split()).upper().replace("-", "")
    if (
        user is None
        or not user.active
        or not user.activation_code
        or user.activation_expires_at is None
        or user.activation_expires_at < utcnow()
        # Bytes: compare_digest refuses str with non-ASCII characters (someone may type them).
        or not secrets.compare_digest(
            user.activation_code.replace("-", "").encode(), given.encode()
        )
    ):
        return None
    if len(password) < 8:
        raise AccountError("Kata sandi minimal 8 karakter.")
    user.set_password(password)
    user.activation_code = None
    user.activation_expires_at = None
    user.last_login_at = utcnow()
    db.session.commit()
    return user
