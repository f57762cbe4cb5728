"""Sending the queue to the LRS, from `elearn xapi flush` (never from a learner's request).

Due rows are taken in batches under `FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite has one
writer anyway), POSTed as one array, and marked sent in the same transaction, so two
senders running at once never send the same row. A refused or unreachable LRS puts the
batch back with an exponential wait; after the last allowed attempt a row is parked as
failed, still listed and re-queued with `elearn xapi requeue`."""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, update

from ..extensions import db
from ..integrations import status
from ..models.base import utcnow
from ..models.xapi import XapiStatement
from . import queue

VERSION_HEADER = "X-Experience-API-Version"
ERROR_LIMIT = 300


class LrsError(Exception):
    """The LRS refused the request or could not be reached; the text is for the admin.
    `code` is the HTTP status of a refusal (None: no answer)."""

    def __init__(self, message: str, code: int | None = None):
        super().__init__(message)
        self.code = code


# Answers that blame the statements themselves, not the LRS or our credentials: a batch
# refused so is sent again one by one, so that one bad statement holds up no other.
CONTENT_REFUSALS = (400, 409, 413, 422)


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0  # rows whose attempt failed in this run (retried later or parked)
    parked: int = 0  # of those, rows that used their last attempt
    error: str | None = None


def _setting(name: str, default):
    value = current_app.config.get(name)
    return type(default)(value) if value not in (None, "") else default


def _text(name: str) -> str:
    """A credential as the admin typed it: Flask reads ELEARN_* values as JSON when they
    parse, so a password of digits (or `true`) arrives as a number; take the raw text."""
    value = current_app.config.get(name)
    raw = os.environ.get(f"ELEARN_{name}")
    return raw if not isinstance(value, str) and raw is not None else str(value)


def request_lrs(path: str, body: object | None = None, method: str = "GET") -> tuple[int, bytes]:
    """Call `<endpoint>/<path>` with the LRS's credentials and the xAPI version header."""
    config = current_app.config
    url = str(config["XAPI_ENDPOINT"]).rstrip("/") + "/" + path
    pair = f"{_text('XAPI_USERNAME')}:{_text('XAPI_PASSWORD')}".encode()
    headers = {
        VERSION_HEADER: "1.0.3",
        "Authorization": "Basic " + base64.b64encode(pair).decode(),
        "Accept": "application/json",
    }
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if not url.startswith(("http://", "https://")):
        raise LrsError("ELEARN_XAPI_ENDPOINT harus diawali http:// atau https://")
    call = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310
    timeout = _setting("XAPI_TIMEOUT", 10.0)
    try:
        with urllib.request.urlopen(call, timeout=timeout) as answer:  # noqa: S310 (http(s) only, above)
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:200].decode(errors="replace")
        raise LrsError(f"LRS menolak ({exc.code}): {detail}", exc.code) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise LrsError(f"LRS tidak dapat dihubungi: {reason}") from None


def _due_query(size: int):
    return (
        select(XapiStatement)
        .where(
            XapiStatement.sent_at.is_(None),
            XapiStatement.failed_at.is_(None),
            XapiStatement.next_attempt_at <= utcnow(),
        )
        .order_by(XapiStatement.created_at, XapiStatement.id)
        .limit(size)
        .with_for_update(skip_locked=True)
    )


def _due_batch(size: int) -> list[XapiStatement]:
    return list(db.session.scalars(_due_query(size)))


def _mark_failed(rows: list[XapiStatement], error: str, outcome: Outcome) -> None:
    now, limit = utcnow(), _setting("XAPI_MAX_ATTEMPTS", 10)
    for row in rows:
        row.attempts += 1
        row.last_error = error[:ERROR_LIMIT]
        row.next_attempt_at = now + queue.backoff(row.attempts)
        if row.attempts >= limit:
            row.failed_at = now
            outcome.parked += 1
    outcome.failed += len(rows)


def send_batch(outcome: Outcome) -> bool:
    """Send one batch of due rows; False when there was none or the LRS failed."""
    rows = _due_batch(_setting("XAPI_BATCH_SIZE", 50))
    if not rows:
        db.session.commit()
        return False
    try:
        request_lrs("statements", [row.statement for row in rows], "POST")
    except LrsError as exc:
        if exc.code in CONTENT_REFUSALS and len(rows) > 1:
            return _send_one_by_one(rows, outcome)
        outcome.error = str(exc)
        _mark_failed(rows, str(exc), outcome)
        db.session.commit()
        return False
    _mark_sent(rows, outcome)
    db.session.commit()
    return True


def _mark_sent(rows: list[XapiStatement], outcome: Outcome) -> None:
    ids = [row.id for row in rows]
    db.session.execute(
        update(XapiStatement).where(XapiStatement.id.in_(ids)).values(sent_at=utcnow())
    )
    outcome.sent += len(rows)


def _send_one_by_one(rows: list[XapiStatement], outcome: Outcome) -> bool:
    """After a batch was refused for its content: each statement alone, so the good ones
    go and only the refused ones wait (and, in the end, park). Stops when the LRS stops
    answering, or refuses for any other reason."""
    stopped = False
    for index, row in enumerate(rows):
        try:
            request_lrs("statements", [row.statement], "POST")
        except LrsError as exc:
            outcome.error = str(exc)
            if exc.code not in CONTENT_REFUSALS:
                _mark_failed(rows[index:], str(exc), outcome)
                stopped = True
                break
            _mark_failed([row], str(exc), outcome)
            continue
        _mark_sent([row], outcome)
    db.session.commit()
    return not stopped  # the refused ones wait for their back-off: the next batch may go


def flush(max_batches: int = 1000) -> Outcome:
    """Send every due statement now, batch after batch, stopping at the first failure;
    the result goes on the integration's status line."""
    outcome = Outcome()
    for _ in range(max_batches):
        if not send_batch(outcome):
            break
    if outcome.error:
        status.record_failure("xapi", outcome.error)
    else:
        status.record_success("xapi", f"{outcome.sent} pernyataan terkirim ke LRS")
    return outcome
