"""A database that goes away after a view has answered (a PostgreSQL restart, a killed
backend) must not turn that answer into the WSGI server's bare 500: found by
bench/learners.py when PostgreSQL restarted mid-run (issue 15, item 4)."""

from __future__ import annotations

import contextlib
import logging
import os

import pytest
from sqlalchemy import create_engine, text

from elearn.extensions import db
from tests.helpers.silent import own_postgres, own_postgres_missing


@contextlib.contextmanager
def a_postgresql():
    """The suite's PostgreSQL when it runs on one, else a server of the test's own."""
    url = os.environ.get("ELEARN_TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        yield url
    else:
        with own_postgres() as server:
            yield server.url


@pytest.mark.skipif(bool(own_postgres_missing()), reason=str(own_postgres_missing()))
def test_a_backend_killed_after_the_answer_keeps_the_answer(app, make_app, caplog):
    caplog.set_level(logging.WARNING)
    with a_postgresql() as url:
        served = make_app(SQLALCHEMY_DATABASE_URI=url)
        killer = create_engine(url)

        @served.get("/uji-sesi")
        def uses_the_session():
            return str(db.session.execute(text("SELECT 41 + 1")).scalar())

        @served.after_request
        def kill_its_backend(response):
            backend = db.session.connection().connection.dbapi_connection.info.backend_pid
            with killer.connect() as admin:
                admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
            return response

        try:
            response = served.test_client().get("/uji-sesi")
        finally:
            killer.dispose()
        assert response.status_code == 200 and response.get_data(as_text=True) == "42"
        assert "database session not closed cleanly" in caplog.text
        # The next request gets a fresh session and a working connection.
        served.after_request_funcs[None].remove(kill_its_backend)
        assert served.test_client().get("/uji-sesi").get_data(as_text=True) == "42"
