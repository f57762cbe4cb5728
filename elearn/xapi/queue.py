"""The outbox: statements join the transaction of the learning event and are inserted,
all of a transaction's in one INSERT, just before it commits. A rolled-back event leaves
no statement behind, and nothing here talks to the network."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import event, func, insert, select, update
from sqlalchemy.orm import Session

from .. import clock
from ..domain.xapi import Learner, Site
from ..extensions import db
from ..models import User
from ..models.base import utcnow
from ..models.xapi import XapiStatement

PENDING = "xapi_pending"
ERROR_LIMIT = 300


def configured(config) -> bool:
    """xAPI is on only when the LRS endpoint and its credentials are all set."""
    return all(config.get(key) for key in ("XAPI_ENDPOINT", "XAPI_USERNAME", "XAPI_PASSWORD"))


def enabled() -> bool:
    return configured(current_app.config)


def site() -> Site:
    """Activity ids hang off PUBLIC_URL (set it: ids must not change with the host a
    request came in on); without it, the request's address."""
    config = current_app.config
    base = config.get("PUBLIC_URL") or (request.host_url if has_request_context() else "")
    base = (base or "http://localhost").rstrip("/")
    mode = "mbox" if str(config.get("XAPI_ACTOR") or "").lower() == "mbox" else "account"
    return Site(base, config.get("XAPI_HOMEPAGE") or base, mode)


def learner(user_id: int, where: Site) -> Learner:
    """The learner as statements name them; the e-mail is read only in `mbox` mode."""
    if where.actor_mode != "mbox":
        return Learner(user_id)
    user = db.session.get(User, user_id)
    return Learner(user_id, user.email if user is not None else None)


def add(statements: list[dict]) -> None:
    """Queue statements in the current transaction (inserted when it commits)."""
    if not statements:
        return
    session = db.session()
    root = session.get_transaction() or session.begin()
    held = session.info.get(PENDING)
    if held is None or held[0] is not root:  # none yet, or left by a rolled-back one
        held = (root, [])
        session.info[PENDING] = held
    held[1].extend(statements)


@event.listens_for(Session, "before_commit")
def _insert_pending(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the statements wait for the real commit
    held = session.info.pop(PENDING, None)
    if held is None or held[0] is not session.get_transaction():
        return
    now = utcnow()
    rows = {s["id"]: s for s in held[1]}  # the same event twice is one statement
    values = [
        {"id": sid, "statement": s, "created_at": now, "attempts": 0, "next_attempt_at": now}
        for sid, s in rows.items()
    ]
    session.execute(insert(XapiStatement).values(values))


def counts() -> dict[str, int]:
    """Waiting, parked as failed, and sent since local midnight: the admin page's figures."""
    midnight = datetime.combine(clock.today(), datetime.min.time(), clock.zone())
    table = XapiStatement
    waiting = (table.sent_at.is_(None) & table.failed_at.is_(None), "waiting")
    failed = (table.failed_at.is_not(None) & table.sent_at.is_(None), "failed")
    today = (table.sent_at >= midnight, "sent_today")
    columns = [func.count().filter(test).label(name) for test, name in (waiting, failed, today)]
    row = db.session.execute(select(*columns).select_from(table)).one()
    return dict(row._mapping)


def requeue() -> int:
    """Put every statement parked as failed back in the queue, due now; returns how many."""
    result = db.session.execute(
        update(XapiStatement)
        .where(XapiStatement.failed_at.is_not(None), XapiStatement.sent_at.is_(None))
        .values(failed_at=None, attempts=0, next_attempt_at=utcnow(), last_error=None)
    )
    db.session.commit()
    return result.rowcount


def backoff(attempts: int, base: float = 60.0, cap: float = 6 * 3600.0) -> timedelta:
    """The wait after the `attempts`-th failure: doubling from `base`, never over `cap`."""
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))
