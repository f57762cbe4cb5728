"""Finding 10 of issue 12: a database that cannot be reached answers 503 with the friendly
page, a Retry-After and one log line without a traceback, as in production."""

from __future__ import annotations

import logging
import socket
import sqlite3

import pytest

PRODUCTION = {"TESTING": False, "DEBUG": False, "PROPAGATE_EXCEPTIONS": None}


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_outage_page(app, caplog, path="/verify/" + "A" * 22):  # a code of the right shape
    caplog.set_level(logging.WARNING)
    response = app.test_client().get(path)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0  # ours, or the rate limiter's window
    page = response.get_data(as_text=True)
    assert "Layanan sedang tidak tersedia" in page
    assert "Traceback" not in page
    lines = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert len(lines) == 1
    assert lines[0].exc_info is None
    assert "\n" not in lines[0].getMessage()
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("mode", [PRODUCTION, {"TESTING": True}])
def test_postgresql_that_does_not_answer_is_a_503(app, make_app, caplog, mode):
    url = f"postgresql+psycopg://elearn:elearn@127.0.0.1:{free_port()}/elearn"
    assert_outage_page(make_app(SQLALCHEMY_DATABASE_URI=url, **mode), caplog)


def test_unreadable_sqlite_file_is_a_503(app, make_app, caplog, tmp_path):
    url = f"sqlite:///{tmp_path / 'no-such-folder' / 'elearn.db'}"
    assert_outage_page(make_app(SQLALCHEMY_DATABASE_URI=url, **PRODUCTION), caplog)


def test_locked_sqlite_file_is_a_503(app, make_app, caplog, tmp_path):
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")  # another process writing, say a long import
    try:
        outage = make_app(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}",
            SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"timeout": 0.1}},
            **PRODUCTION,
        )
        assert_outage_page(outage, caplog)
    finally:
        holder.rollback()
        holder.close()


def test_readyz_still_answers_503_as_json(app, make_app):
    # /healthz before issue 15, which made it liveness only (no database).
    url = f"postgresql+psycopg://elearn:elearn@127.0.0.1:{free_port()}/elearn"
    response = make_app(SQLALCHEMY_DATABASE_URI=url, **PRODUCTION).test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_a_statement_error_stays_a_500_with_its_traceback(make_app, caplog):
    from sqlalchemy import text

    from elearn.extensions import db

    app = make_app(**PRODUCTION)

    @app.get("/_bad_sql")
    def bad_sql():
        db.session.execute(text("SELECT * FROM tabel_yang_tidak_ada"))  # OperationalError too

    assert app.test_client().get("/_bad_sql").status_code == 500
    assert "Traceback" in caplog.text or any(r.exc_info for r in caplog.records)
