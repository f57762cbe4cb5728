"""What a request gets while the database is down: the friendly 503 page and one log line.

A PostgreSQL restart or a locked SQLite file is an outage, not a bug: no traceback in the
log (there is nothing to debug in our code), a page that says to come back, and a
Retry-After so well-behaved clients and proxies wait.
"""

from __future__ import annotations

import contextlib
import sqlite3

from flask import Flask, current_app, g, request
from sqlalchemy.exc import (
    DisconnectionError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ..observability import request_log

# The errors of a database that cannot be reached or cannot serve now (connection refused or
# dropped, server shutting down, pool exhausted, database locked), as opposed to errors of a
# statement (IntegrityError, DataError, ProgrammingError), which stay 500s: those are bugs.
OUTAGES = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)
RETRY_AFTER_SECONDS = 30
# SQLite reports a missing table or a syntax error as an OperationalError too; only these
# primary result codes say the file cannot be used now (busy, locked, unreadable, full).
SQLITE_OUTAGES = {
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_NOMEM",
    "SQLITE_READONLY",
    "SQLITE_IOERR",
    "SQLITE_CORRUPT",
    "SQLITE_FULL",
    "SQLITE_CANTOPEN",
    "SQLITE_PROTOCOL",
    "SQLITE_NOTADB",
}


def is_outage(error: SQLAlchemyError) -> bool:
    """Whether the database failed rather than the statement (see OUTAGES)."""
    cause = getattr(error, "orig", None)
    if not isinstance(cause, sqlite3.Error):  # PostgreSQL's are all of this kind
        return True
    name = getattr(cause, "sqlite_errorname", None) or ""  # none: a binding error, say
    return "_".join(name.split("_")[:2]) in SQLITE_OUTAGES  # SQLITE_IOERR_READ: SQLITE_IOERR


def first_line(error: BaseException) -> str:
    """The driver's message without SQLAlchemy's statement dump and background link."""
    cause = getattr(error, "orig", None) or error
    text = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {text[0] if text else ''}"


def database_unavailable(error: SQLAlchemyError):
    from ..extensions import db
    from .errors import render_error

    if not is_outage(error):
        raise error  # a bug in a statement: the usual 500, with its traceback logged
    # The route, not the path (it may hold a certificate code), and the id that finds this
    # request's own line in the request log.
    current_app.logger.warning(
        "database unavailable on %s %s (request %s): %s",
        request.method,
        request_log.route(),
        request_log.current_id(),
        first_line(error),
    )
    with contextlib.suppress(SQLAlchemyError):  # the connection may be gone for good
        db.session.rollback()
    # The page is drawn as for a visitor: loading the user (or anything the menu shows for
    # them) would need the database again. Flask-Login keeps the user of a request here.
    g._login_user = current_app.login_manager.anonymous_user()
    body, code = render_error(503)
    return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def register(app: Flask) -> None:
    for error in OUTAGES:
        app.register_error_handler(error, database_unavailable)
