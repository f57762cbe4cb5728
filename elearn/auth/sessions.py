"""Server-side login sessions: a cookie opens nothing unless its session row is alive.

Logging in stores a random token's SHA-256 in `user_sessions` and the token in the Flask
session (through `User.get_id`, so Flask-Login's remember cookie carries it too). Every
request looks the row up by that hash, in the query that loads the user. Logging out deletes
the row, so a copied cookie stops working at once on this device only; logging out
everywhere, a password change, deactivation and a change of roles delete every row of the
user. A session also ends when idle longer than SESSION_IDLE_MINUTES or older than
SESSION_MAX_HOURS; "last seen" is written at most once per SESSION_TOUCH_SECONDS, never on
every page view.
"""

from __future__ import annotations

import hashlib
import secrets
from functools import cache

from flask import current_app, g
from flask_login import current_user, logout_user
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import lazyload

from .. import audit
from ..domain.sessions import SessionLimits, due_for_touch, expired
from ..extensions import commit_keeping_loaded, db
from ..models import Notice, User, UserRole, UserSession
from ..models.base import utcnow


def limits() -> SessionLimits:
    config = current_app.config
    return SessionLimits.of(
        config["SESSION_IDLE_MINUTES"], config["SESSION_MAX_HOURS"], config["SESSION_TOUCH_SECONDS"]
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _over(now):
    """A condition: the session row has ended by itself (idle too long, or too old)."""
    rules = limits()
    return (UserSession.seen_at < now - rules.idle) | (
        UserSession.started_at < now - rules.lifetime
    )


def open_session(user: User) -> None:
    """Add a session for `user` to the caller's transaction; the caller commits and then
    calls login_user(user). The user's sessions that are already over go at the same time."""
    now = utcnow()
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id, _over(now)))
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(user_id=user.id, token_hash=_digest(token), started_at=now, seen_at=now)
    )
    user.session_token = token


def _role_names():
    """The user's roles as one comma-joined string, a column of the loader's statement."""
    return (
        select(func.aggregate_strings(UserRole.role, ","))
        .where(UserRole.user_id == User.id)
        .scalar_subquery()
    )


def _unread_notices():
    """The header's count of unread notices, as a column of the loader's statement."""
    return (
        select(func.count(Notice.id))
        .where(Notice.user_id == UserSession.user_id, Notice.read_at.is_(None))
        .scalar_subquery()
    )


@cache
def _loader_statement():
    """Built once per process: constructing this select with its loader options on every
    request cost about a third of the loader's time; the token hash is a bound parameter.
    The session row comes as plain columns: it is only read here (and touched by a Core
    UPDATE), so it need not become an ORM object on every request."""
    return (
        select(
            User,
            UserSession.id,
            UserSession.started_at,
            UserSession.seen_at,
            _unread_notices(),
            _role_names(),
        )
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == bindparam("token_hash"))
        .options(lazyload(User.position), lazyload(User.unit), lazyload(User.role_rows))
    )


def load_user(raw_id: str) -> User | None:
    """Flask-Login's user loader: the user whose live session `raw_id` ("id:token") names.

    One statement brings what every page needs: the session, the user, their roles and the
    count of unread notices for the header; position and unit load lazily where used."""
    user_id, _, token = raw_id.partition(":")
    if not token or not user_id.isdigit():
        return None  # a cookie from before server-side sessions, or a forged one
    found = db.session.execute(_loader_statement(), {"token_hash": _digest(token)}).first()
    if found is None:
        return None
    user, session_id, started_at, seen_at, unread, roles = found
    if user.id != int(user_id) or not user.active:
        return None
    rules, now = limits(), utcnow()
    if expired(rules, started_at, seen_at, now):
        return None
    # Only a clean transaction is committed here: the loader may run in the middle of a view.
    pending = db.session.new or db.session.dirty or db.session.deleted
    if due_for_touch(rules, seen_at, now) and not pending:
        db.session.execute(
            update(UserSession).where(UserSession.id == session_id).values(seen_at=now)
        )
        commit_keeping_loaded()
    user.session_token = token
    user._role_names = frozenset(roles.split(",")) if roles else frozenset()
    g.unread_notices = unread or 0  # what the header shows; see notice_views
    return user


def end_all(user_id: int) -> None:
    """Delete every session of a user in the caller's transaction."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user_id))


def sign_out() -> None:
    """End this browser's session on the server, then forget it in the cookie."""
    token = getattr(current_user, "session_token", None)
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _digest(token)))
        db.session.commit()
    logout_user()


def sign_out_everywhere(user: User) -> None:
    """End every session of `user`, this one included."""
    end_all(user.id)
    audit.record(user.id, "user.logout_all", "user", user.id)
    db.session.commit()
    logout_user()


def purge_ended() -> int:
    """Delete the rows of every session that has ended by itself (for a daily job: users who
    never come back would otherwise keep theirs); returns how many went."""
    deleted = db.session.execute(delete(UserSession).where(_over(utcnow()))).rowcount
    db.session.commit()
    return deleted
