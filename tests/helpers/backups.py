"""Backup tests: the `elearn` command run against an app, a database emptied as a new
server's would be, and what a verifier sees of a certificate."""

from __future__ import annotations

import contextlib
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from elearn.backup.database import drop_tables
from elearn.certificates.signing import header_kid
from elearn.extensions import db


def elearn(app, *args: str):
    """Run `elearn ARGS` on `app` (in its own context, as the `elearn` command pushes one:
    the test's context belongs to a twin app with another instance folder); a failure must
    be a message, never a traceback."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def revision() -> str | None:
    """The suite database's migration revision (None without one)."""
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head(app) -> str:
    return ScriptDirectory(app.config["MIGRATIONS_DIR"]).get_current_head()


@contextlib.contextmanager
def emptied_database(app, keep_schema: bool = False):
    """The suite's database without tables for the block (as on a new server; SQLite: no
    file at all), or with the newest schema and no rows (`keep_schema`: a new server after
    `elearn db upgrade`). Afterwards it is at the newest revision again, whatever happened."""
    directory = app.config["MIGRATIONS_DIR"]
    _drop_everything(app)
    if keep_schema:
        upgrade(directory=directory)
    try:
        yield
    finally:
        db.session.remove()
        if revision() != head(app):
            _drop_everything(app)
            upgrade(directory=directory)


def _drop_everything(app) -> None:
    db.session.remove()
    with app.app_context():
        db.engine.dispose()  # the app's pool, beside the test's own (db.engine below)
    db.engine.dispose()
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        drop_tables(db.engine)
        return
    for suffix in ("", "-wal", "-shm"):
        Path(url.database + suffix).unlink(missing_ok=True)


def verified(app, certificate) -> tuple[str, bool, str]:
    """What the fresh app's public verification says: (status, signature valid, page)."""
    client = app.test_client()
    body = client.get(f"/verify/{certificate.code}.json").get_json()
    page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "signature_valid" in body, body
    return body["status"], body["signature_valid"], page


def kids_published(app) -> list[str]:
    return [key["kid"] for key in app.test_client().get("/.well-known/jwks.json").json["keys"]]


def kid(certificate) -> str | None:
    return header_kid(certificate.jws)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777
