"""Flask extensions, created unbound so that models and views never import the app."""

import logging
import sqlite3

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase

# Alembic's batch mode on SQLite can only alter constraints that have names.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def skip_idle_limit_check(app, extension: Limiter = limiter) -> None:
    """Take Flask-Limiter's check off the requests of `app` when it has nothing to check.

    Every limit here decorates its route (login, certificate verification), and a decorated
    route runs its own check inside the view; the check Flask-Limiter adds before every
    request only evaluates default, application, meta and blueprint limits. With none of
    those configured it decides nothing, yet cost an eighth of a /healthz request. Any of
    them configured (RATELIMIT_DEFAULT by an operator, say) keeps it."""
    manager = extension.limit_manager
    idle = not (
        manager.default_limits
        or manager.application_limits
        or getattr(manager, "_blueprint_limits", True)  # unknown: keep the check
        or extension._meta_limits
    )
    if idle:
        checks = app.before_request_funcs.get(None, [])
        checks[:] = [check for check in checks if check != extension._check_request_limit]


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """Turn on foreign keys and WAL for every SQLite connection."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets learners read while an import writes; in-memory databases ignore it.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def plain_rows(statement, params: dict | None = None):
    """Run a select of plain columns (no ORM entity) on the session's connection.

    The ORM's execute path (its events, loader options and result wrapping) costs more than
    the statement itself for the small selects of the learner pages, whose rows are tuples
    anyway: 67-83 µs against 27-37 µs for the module page's `visit` on SQLite. Pending
    changes are flushed first, as the session's autoflush would."""
    session = db.session()
    if session.new or session.deleted or session.dirty:
        session.flush()
    return session.connection().execute(statement, params or {})


def commit_keeping_loaded() -> None:
    """Commit without expiring what the session has loaded: for a small write issued as a
    Core statement (a "last seen", a resume pointer) in the middle of a page, which would
    otherwise load the user and everything else a second time."""
    session = db.session()
    keep = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


def end_session(_error: BaseException | None = None) -> None:
    """Close the request's session, as Flask-SQLAlchemy's own teardown would, but never
    raise: when the database went away after the view answered (a restart, a killed
    backend), closing the connection fails, and an error raised in a teardown would replace
    the answer the learner was given with the WSGI server's bare 500."""
    try:
        db.session.remove()
    except SQLAlchemyError as error:
        db.session.registry.clear()  # the connection is invalidated; drop the session
        logging.getLogger("elearn").warning("database session not closed cleanly: %s", error)


def register_session_end(app) -> None:
    # Registered after db.init_app: Flask runs teardowns in reverse, so this one goes first
    # and Flask-SQLAlchemy's finds nothing left to close.
    app.teardown_appcontext(end_session)
