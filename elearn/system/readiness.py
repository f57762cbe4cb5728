"""Whether this worker can serve: the database answers, and so does the Redis that counts the
rate limits when one is configured. For /readyz: a load balancer or an orchestrator sends
traffic elsewhere while a check fails. Answers name what is down, never an address or an
error text (those go to the log)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .outage import first_line

LIMITER_STORE = "elearn_readiness_limiter_store"  # app.extensions key: the store to PING
PING_TIMEOUT_SECONDS = 2


def database() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        current_app.logger.warning("readiness: database unavailable: %s", first_line(error))
        return False
    return True


def uses_redis() -> bool:
    return str(current_app.config["RATELIMIT_STORAGE_URI"]).startswith("redis")


def redis() -> bool:
    """PING the rate-limit store, through limits (the library Flask-Limiter counts with), on
    a connection of this app's own: the limiter extension is shared by every app of a
    process."""
    from limits.storage import storage_from_string

    store = current_app.extensions.get(LIMITER_STORE)
    if store is None:
        store = storage_from_string(
            current_app.config["RATELIMIT_STORAGE_URI"],
            socket_timeout=PING_TIMEOUT_SECONDS,
            socket_connect_timeout=PING_TIMEOUT_SECONDS,
        )
        current_app.extensions[LIMITER_STORE] = store
    if store.check():  # False on any error
        return True
    current_app.logger.warning("readiness: the rate-limit store (Redis) does not answer")
    return False


def checks() -> dict[str, bool]:
    """Each dependency by name, True when it answers."""
    found = {"database": database()}
    if uses_redis():
        found["redis"] = redis()
    return found
