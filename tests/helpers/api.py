"""API tokens for the /api/v1 tests, made through the same service as the admin page."""

from __future__ import annotations

from elearn.api import tokens
from elearn.domain.api import SCOPES


def make_token(unit_id: int, scopes=SCOPES, name="SIMPEG", expires_at=None) -> str:
    """A new token bounded by `unit_id`'s subtree; the token text (shown once)."""
    _row, token = tokens.create(name, list(scopes), unit_id, expires_at, None)
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
