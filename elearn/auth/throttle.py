"""Throttling password and code guessing (failures are counted, successes never are), and
costly views per user.

Each guarded form counts its failed attempts twice, against the account named in the form
and against the client address, with Flask-Limiter's conditional deduction: a request is
refused only while a counter is full, and only a request its view marked as failed adds to
them. A whole office behind one address can therefore log in all day; a guesser runs out
of tries on one account after a few, and of tries on many accounts at the address ceiling.
The counters live in the limiter's storage (RATELIMIT_STORAGE_URI), shared by every worker
when that is Redis.
"""

from __future__ import annotations

import hashlib
import math
import time

from flask import current_app, g, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from ..extensions import limiter
from .services import normalise_username

ACCOUNT_KEY_PREFIX = "account:"
_FAILED = "throttle_failed"


def account_key() -> str:
    """The account a form names, hashed so that the store holds no NIP in clear text."""
    name = normalise_username(request.form.get("username", ""))[:64]
    return ACCOUNT_KEY_PREFIX + hashlib.sha256(name.encode()).hexdigest()[:32]


def failed() -> None:
    """Count this request against its account and address (the credentials were wrong)."""
    setattr(g, _FAILED, True)


def _was_failure(_response) -> bool:
    return bool(g.get(_FAILED))


def guarded(view):
    """Refuse POSTs to `view` while its account or address has too many recent failures."""
    per_address = limiter.limit(
        lambda: current_app.config["LOGIN_FAILURES_PER_ADDRESS"],
        key_func=get_remote_address,
        methods=["POST"],
        deduct_when=_was_failure,
    )
    per_account = limiter.limit(
        lambda: current_app.config["LOGIN_FAILURES_PER_ACCOUNT"],
        key_func=account_key,
        methods=["POST"],
        deduct_when=_was_failure,
    )
    return per_address(per_account(view))


def forgive_account() -> None:
    """Clear the failures of the account that just proved its credentials.

    Its owner's typos should not leave them one slip from a lock-out. The address counter
    stays: otherwise anyone with one valid account could reset it between guesses at others.
    """
    for current in limiter.current_limits:
        if any(str(arg).startswith(ACCOUNT_KEY_PREFIX) for arg in current.request_args):
            limiter.limiter.clear(current.limit, *current.request_args)


def per_user(limit_setting: str):
    """Limit a costly view to the setting's rate per logged-in user (per address for anyone
    else, who is sent to the login page anyway)."""
    return limiter.limit(
        lambda: current_app.config[limit_setting],
        key_func=lambda: (
            # The user's id, not get_id(): that carries the session token, which would give
            # every device its own budget and put a live token in the limiter's store.
            f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()
        ),
    )


def retry_after() -> int:
    """Seconds until the breached counter of this request lets the next attempt through."""
    # The latest reset among the breached counters (account, address): the next try needs
    # every one of them clear, whichever the limiter happens to name as current.
    breached = [lim for lim in limiter.current_limits if lim.breached]
    if not breached:
        breached = [limiter.current_limit] if limiter.current_limit else []
    if not breached:
        return 60
    # Flask-Limiter rounds reset_at up by a second; no wait is longer than its window.
    window = max(lim.limit.get_expiry() for lim in breached)
    wait = math.ceil(max(lim.reset_at for lim in breached) - time.time())
    return max(1, min(wait, window))
