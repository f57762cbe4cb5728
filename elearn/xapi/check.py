"""The admin's connection test: the LRS's /about (its xAPI versions), then a read of one
statement with our credentials, each within XAPI_TIMEOUT."""

from __future__ import annotations

import json

from ..integrations.status import ConnectionFailed
from .sender import LrsError, request_lrs


def check() -> str:
    versions = ""
    try:
        _code, body = request_lrs("about")
        versions = ", ".join(json.loads(body or b"{}").get("version") or [])
    except LrsError as exc:
        if "(404)" not in str(exc):  # an LRS without /about may still take statements
            raise ConnectionFailed(str(exc)) from None
    except (ValueError, AttributeError):
        versions = ""
    try:
        request_lrs("statements?limit=1")
    except LrsError as exc:
        raise ConnectionFailed(str(exc)) from None
    if versions:
        return f"LRS menjawab; versi xAPI {versions}; kredensial diterima"
    return "LRS menjawab (tanpa /about); kredensial diterima"
