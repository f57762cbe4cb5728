"""The rules of account recovery links and codes, free of Flask and the database.

A link carries a random secret; only its SHA-256 is stored, so a copy of the database opens
no account. A code from HR is short enough to type (8 letters and digits, no 0/O or 1/I) and
is stored the same way, after the spelling a person may vary (case, spaces, dashes) is
taken out. Either is good once, until it expires.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
import string
from datetime import datetime

# Purposes of a stored token; one live token per account and purpose (a newer one replaces).
RESET_LINK = "reset"
EMAIL_LINK = "email"
HR_CODE = "code"
PURPOSES = (RESET_LINK, EMAIL_LINK, HR_CODE)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
_URL_SAFE = frozenset(string.ascii_letters + string.digits + "-_")


class State(enum.Enum):
    """What a stored token is worth now."""

    USABLE = "usable"
    EXPIRED = "expired"
    USED = "used"


def new_secret() -> str:
    """A link's secret: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What is stored of a secret (hex SHA-256): enough to find it, useless to open with."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_code() -> str:
    """A code for HR to hand over, e.g. "K7MX-Q2RD"."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(typed: str) -> str:
    """A code as typed ("k7mx q2rd", "K7MX-Q2RD") in its one stored spelling."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def code_digest(typed: str) -> str:
    """The stored form of a code, however it was typed; the purpose is mixed in so that a
    code can never match a link's digest."""
    return digest(f"{HR_CODE}:{normalise_code(typed)}")


def state(expires_at: datetime, used_at: datetime | None, now: datetime) -> State:
    """Whether a token may still be used at `now`; a used one stays used after it expires."""
    if used_at is not None:
        return State.USED
    if now >= expires_at:
        return State.EXPIRED
    return State.USABLE


def plausible_secret(value: str) -> bool:
    """Whether a path value could be a link's secret at all (saves a query on junk)."""
    return 20 <= len(value) <= 100 and all(ch in _URL_SAFE for ch in value)
