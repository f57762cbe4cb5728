"""Whether this worker can serve: the database answers, and so does the Redis that counts the
rate limits when one is configured. For /readyz: a load balancer or an orchestrator sends
traffic elsewhere while a check fails. Answers name what is down, never an address or an
error text (those go to the log).

Every check runs in a thread of its own and the probe waits for all of them READYZ_TIMEOUT
seconds at most: a server that accepts the connection and never answers (a paused or
overloaded PostgreSQL, a half-dead network path) is "unreachable" after that time, whatever
the driver does. Timeouts inside the drivers cannot promise this: PostgreSQL's
statement_timeout is enforced by the very server that does not answer, and TCP keepalives
or tcp_user_timeout never fire while the server's kernel still acknowledges the packets.

A thread that waits on such a server cannot be stopped from outside; it ends when the
driver gives up or the server answers. So a dependency gets a new check only once its
previous one has finished: while one waits, the probe answers "unreachable" at once, and a
hung server costs each worker one thread and one connection, not one per probe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from flask import current_app
from sqlalchemy import text

from ..extensions import db
from .outage import first_line

LIMITER_STORE = "elearn_readiness_limiter_store"  # app.extensions key: {"store": what to PING}
RUNNING = "elearn_readiness_running"  # app.extensions key: each dependency's check thread

Check = Callable[[], str | None]  # None when the dependency answers, else why not


def database_check(engine) -> Check:
    """SELECT 1 on a connection of the app's pool (checked out with its pre-ping): the
    connections requests will use, not a new one that says nothing about them."""

    def check() -> str | None:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as error:  # noqa: BLE001 (whatever the driver raises is "down")
            return first_line(error)
        return None

    return check


def uses_redis() -> bool:
    return str(current_app.config["RATELIMIT_STORAGE_URI"]).startswith("redis")


def timeout() -> float:
    return float(current_app.config["READYZ_TIMEOUT"])


def redis_check() -> Check:
    """PING the rate-limit store, through limits (the library Flask-Limiter counts with), on
    a connection of this app's own (the limiter extension is shared by every app of a
    process), with socket timeouts so that the check's thread ends by itself too."""
    from limits.storage import storage_from_string

    held: dict = current_app.extensions.setdefault(LIMITER_STORE, {})
    uri, seconds = str(current_app.config["RATELIMIT_STORAGE_URI"]), timeout()

    def check() -> str | None:
        # Built here, in the check's thread and under its deadline: building the store
        # already talks to Redis, and with a silent Redis that took seconds.
        store = held.get("store")
        if store is None:
            store = held["store"] = storage_from_string(
                uri, socket_timeout=seconds, socket_connect_timeout=seconds
            )
        # limits answers False on any error, and keeps the error to itself.
        return None if store.check() else "the rate-limit store (Redis) does not answer"

    return check


class Probe(threading.Thread):
    """One dependency's check, run once; `reason` is None once it answered."""

    def __init__(self, name: str, check: Check):
        super().__init__(name=f"readyz-{name}", daemon=True)  # never holds up an exit
        self.check = check
        self.reason: str | None = "no answer yet"

    def run(self) -> None:
        self.reason = self.check()


def run_checks(checks: dict[str, Check], seconds: float) -> dict[str, str | None]:
    """Run the checks side by side and wait for them `seconds` in all; each one's reason
    for being down (None: up)."""
    running: dict[str, Probe] = current_app.extensions.setdefault(RUNNING, {})
    started: dict[str, Probe] = {}
    found: dict[str, str | None] = {}
    for name, check in checks.items():
        previous = running.get(name)
        if previous is not None and previous.is_alive():
            found[name] = "the previous check has not finished (no answer)"
            continue
        running[name] = started[name] = Probe(name, check)
        started[name].start()
    deadline = time.monotonic() + seconds
    for name, probe in started.items():
        probe.join(max(0.0, deadline - time.monotonic()))
        alive = probe.is_alive()
        found[name] = f"no answer within {seconds:g} s" if alive else probe.reason
    return {name: found[name] for name in checks}


def checks() -> dict[str, bool]:
    """Each dependency by name, True when it answers within READYZ_TIMEOUT; the reason of
    each one down is logged (in this request's thread, so the line carries its id)."""
    wanted = {"database": database_check(db.engine)}
    if uses_redis():
        wanted["redis"] = redis_check()
    reasons = run_checks(wanted, timeout())
    for name, reason in reasons.items():
        if reason is not None:
            current_app.logger.warning("readiness: %s unavailable: %s", name, reason)
    return {name: reason is None for name, reason in reasons.items()}
