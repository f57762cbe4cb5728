"""The REST API's pure parts: scopes, token text and hash, cursors and page sizes."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from datetime import datetime, timedelta

# What a token may be allowed to do; the admin picks from these, nothing else exists.
SCOPES = (
    "read:catalog",
    "read:completions",
    "read:employees",
    "write:employees",
    "read:assignments",
    "write:assignments",
)
TOKEN_PREFIX = "elapi_"  # noqa: S105  (a prefix, no secret: recognisable in a leak)
SHOWN_PREFIX_LENGTH = len(TOKEN_PREFIX) + 6
TOUCH_INTERVAL = timedelta(minutes=1)  # "last used" is written at most this often
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
CURSOR_MAX_LENGTH = 200  # an id in base64 is far shorter; anything longer is not ours


class BadCursor(ValueError):
    """A cursor this API did not hand out (or that was altered)."""


class BadLimit(ValueError):
    """A page size that is not a whole number from 1 to MAX_LIMIT."""


def new_token() -> str:
    """A fresh token: the prefix and 256 random bits, URL-safe."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored and looked up: the SHA-256 of the token, hex. A token has 256 random
    bits, so a plain hash is enough (no salt or slow hash: nothing to guess)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(token: str) -> bool:
    return token.startswith(TOKEN_PREFIX) and 20 <= len(token) <= 100 and token.isascii()


def shown_prefix(token: str) -> str:
    return token[:SHOWN_PREFIX_LENGTH]


def clean_scopes(chosen) -> list[str]:
    """The known scopes among `chosen`, in the fixed order; unknown names are dropped."""
    wanted = set(chosen)
    return [scope for scope in SCOPES if scope in wanted]


def allows(granted: str | list[str], needed: str) -> bool:
    """Whether a token's scopes (space-separated or a list) hold `needed`."""
    names = granted.split() if isinstance(granted, str) else granted
    return needed in names


def usable(revoked_at: datetime | None, expires_at: datetime | None, now: datetime) -> bool:
    return revoked_at is None and (expires_at is None or expires_at > now)


def needs_touch(last_used_at: datetime | None, now: datetime) -> bool:
    """Whether this use should be written as the token's "last used"."""
    return last_used_at is None or now - last_used_at >= TOUCH_INTERVAL


def _signature(payload: bytes, key: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()[:16]


def encode_cursor(after: int, key: bytes) -> str:
    """An opaque cursor for the rows after id `after`; signed, so a client cannot make one
    up (a made-up one would only read rows it may read anyway, but errors stay ours)."""
    payload = json.dumps({"a": after}, separators=(",", ":")).encode()
    body = {"p": payload.decode(), "s": _signature(payload, key)}
    raw = json.dumps(body, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, key: bytes) -> int:
    """The id a cursor of `encode_cursor` continues after; BadCursor for anything else."""
    if not cursor or len(cursor) > CURSOR_MAX_LENGTH or not cursor.isascii():
        raise BadCursor(cursor)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        body = json.loads(raw)
        payload = body["p"].encode()
        if not hmac.compare_digest(body["s"], _signature(payload, key)):
            raise BadCursor(cursor)
        after = json.loads(payload)["a"]
    except (binascii.Error, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise BadCursor(cursor) from exc
    if type(after) is not int or not 0 <= after <= 2_147_483_647:
        raise BadCursor(cursor)
    return after


def page_size(raw: str | None) -> int:
    """The `limit` argument: DEFAULT_LIMIT when absent, else 1..MAX_LIMIT or BadLimit."""
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 4) or not 1 <= int(raw) <= MAX_LIMIT:
        raise BadLimit(raw)
    return int(raw)
