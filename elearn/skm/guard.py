"""Flood protection of the public questionnaire, all decided on the server.

Besides the per-address rate limit (public_views): one answer per device, service and day,
and two traps for scripts. The device is a random id in a long-lived cookie; the database
only ever sees HMAC(SECRET_KEY, device, service, day), so one device's answers to two
services, or on two days, cannot be linked, and nothing in a row names a person. The traps:
a field people never see (a script fills every field) and a signed time at which the form
was shown (a script sends it at once). A trapped submission is told "thank you" and stored
nowhere, so its author learns nothing to adapt to.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from datetime import date

from flask import current_app, request
from itsdangerous import BadData, URLSafeTimedSerializer

from ..config import https_only

DEVICE_COOKIE = "skm_perangkat"
DEVICE_COOKIE_SECONDS = 400 * 24 * 3600  # the longest life browsers grant a cookie
DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{32}$")
START_SALT = "elearn.skm.form-shown"
KEY_CONTEXT = "elearn.skm.device"


def _secret() -> bytes:
    key = current_app.config["SECRET_KEY"]
    return key if isinstance(key, bytes) else str(key).encode()


def device_id() -> tuple[str, bool]:
    """The device's id from its cookie, or a new one: (id, whether it is new)."""
    given = request.cookies.get(DEVICE_COOKIE, "")
    if DEVICE_ID.match(given):
        return given, False
    return secrets.token_urlsafe(24), True


def remember_device(response, device: str) -> None:
    """Give the browser its device id for the questionnaires (only their paths see it)."""
    response.set_cookie(
        DEVICE_COOKIE,
        device,
        max_age=DEVICE_COOKIE_SECONDS,
        path="/skm/",
        httponly=True,
        samesite="Lax",
        secure=https_only(current_app.config) or request.is_secure,
    )


def device_key(device: str, service_id: int, day: date) -> str:
    """What the database keeps of a device: a keyed hash of it, the service and the day
    (64 hex characters), which says "answered already" and nothing else."""
    message = f"{KEY_CONTEXT}|{device}|{service_id}|{day.isoformat()}".encode()
    return hmac.new(_secret(), message, hashlib.sha256).hexdigest()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(_secret(), salt=START_SALT)


def form_shown(service_id: int) -> str:
    """The signed time at which the form of `service_id` is shown (a hidden field)."""
    return _serializer().dumps(service_id)


def seconds_since_shown(token: str | None, service_id: int) -> float | None:
    """How long ago the form carrying `token` was shown; None when the token was not
    signed here, or for another service."""
    try:
        value, signed_at = _serializer().loads(token or "", return_timestamp=True)
    except BadData:
        return None
    if value != service_id:
        return None
    return time.time() - signed_at.timestamp()


def trapped(honeypot: str | None, shown_token: str | None, service_id: int) -> str | None:
    """Why a submission looks sent by a script ("honeypot", "unsigned", "too fast"), or
    None for one a person plausibly sent."""
    if (honeypot or "").strip():
        return "honeypot"
    elapsed = seconds_since_shown(shown_token, service_id)
    if elapsed is None:
        return "unsigned"
    if elapsed < float(current_app.config["SKM_MIN_FILL_SECONDS"]):
        return "too fast"
    return None
