"""Issue 15, item 6: /healthz says the worker lives (no database: an outage must not get every
worker restarted); /readyz says it can serve (database, and the Redis of the rate limits
when configured), naming what is down and nothing else."""

from __future__ import annotations

import logging
import signal
import threading
import time

import pytest

from tests.helpers import count_queries, login
from tests.helpers.servers import free_port, wait_until
from tests.helpers.silent import own_postgres, own_postgres_missing, silent_listener

UNREACHABLE_DB = "postgresql+psycopg://u:rahasia-db@127.0.0.1:{port}/elearn?connect_timeout=2"


def test_healthz_asks_nothing_of_the_database(client, learner):
    with count_queries() as statements:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert statements == []  # not even the user's session: liveness is not a page


def test_healthz_lives_while_the_database_is_down(app, make_app):
    broken = make_app(SQLALCHEMY_DATABASE_URI=UNREACHABLE_DB.format(port=free_port()))
    assert broken.test_client().get("/healthz").status_code == 200


def test_readyz_checks_the_database(client):
    with count_queries() as statements:
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}  # no Redis configured
    assert statements == ["SELECT 1"]


def test_readyz_checks_the_redis_of_the_rate_limits(app, make_app, redis_url):
    response = make_app(RATELIMIT_STORAGE_URI=redis_url).test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_readyz_names_a_redis_that_is_down_and_nothing_more(app, make_app, caplog):
    port = free_port()
    app = make_app(RATELIMIT_STORAGE_URI=f"redis://:rahasia-redis@127.0.0.1:{port}/0")
    caplog.set_level(logging.WARNING)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "ok", "redis": "unreachable"}
    body = response.get_data(as_text=True)
    assert str(port) not in body and "rahasia" not in body
    assert "rate-limit store (Redis) does not answer" in caplog.text
    assert "rahasia" not in caplog.text


def test_readyz_names_both_when_both_are_down(app, make_app):
    app = make_app(
        SQLALCHEMY_DATABASE_URI=UNREACHABLE_DB.format(port=free_port()),
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0",
        TESTING=False,
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "error",
        "database": "unreachable",
        "redis": "unreachable",
    }
    assert "rahasia" not in response.get_data(as_text=True)


def test_login_still_works_when_readyz_saw_redis_down(make_app, make_user):
    """Readiness only reports: the limiter keeps its in-memory fallback."""
    make_user()
    app = make_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")
    client = app.test_client()
    assert client.get("/readyz").status_code == 503
    assert login(client).status_code == 302


@pytest.mark.parametrize("role", [None, "learner", "hr", "admin"])
def test_health_and_readiness_answer_every_role_alike(app, make_user, role):
    client = app.test_client()
    if role:
        make_user("orang", (role,))
        assert login(client, "orang").status_code == 302
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ok", "database": "ok"}


# --- a dependency that accepts connections and never answers --------------------------

BOUND = 0.5  # READYZ_TIMEOUT in these tests
# A busy machine's scheduling (a CI run beside other work once took 5 s), still far below
# the hang the probes are tested against: what shows that the deadline ended a check is
# its log line ("no answer within ..."), not the clock.
SLACK = 10.0


def timed_readyz(app, limit: float = 20.0):
    """GET /readyz in a thread of its own, so that a probe that hangs fails the test after
    `limit` seconds rather than holding it forever; (response or None, seconds)."""
    found = []
    started = time.monotonic()
    thread = threading.Thread(target=lambda: found.append(app.test_client().get("/readyz")))
    thread.start()
    thread.join(limit)
    return (found[0] if found else None), time.monotonic() - started


def probe_threads() -> int:
    return sum(t.name.startswith("readyz-") for t in threading.enumerate())


def test_a_database_that_never_answers_does_not_hang_readyz(app, make_app, caplog):
    caplog.set_level(logging.WARNING)
    with silent_listener() as port:
        url = f"postgresql+psycopg://u:rahasia-db@127.0.0.1:{port}/elearn"  # no connect_timeout
        app = make_app(SQLALCHEMY_DATABASE_URI=url, READYZ_TIMEOUT=BOUND, TESTING=False)
        response, seconds = timed_readyz(app)
        assert response is not None, "the probe hung"
        assert response.status_code == 503 and seconds < BOUND + SLACK
        assert response.get_json() == {"status": "error", "database": "unreachable"}
        assert f"no answer within {BOUND:g} s" in caplog.text
        # The first check still waits on the silent server: the next probes do not start
        # another one each (no thread per probe piling up), and answer at once.
        threads = probe_threads()
        for _ in range(3):
            again, seconds = timed_readyz(app)
            assert again.status_code == 503 and seconds < SLACK
        assert probe_threads() == threads
        assert "previous check has not finished" in caplog.text
        assert "rahasia" not in caplog.text


def test_a_redis_that_never_answers_does_not_hang_readyz(app, make_app, caplog):
    caplog.set_level(logging.WARNING)
    with silent_listener() as port:
        uri = f"redis://127.0.0.1:{port}/0"
        app = make_app(RATELIMIT_STORAGE_URI=uri, READYZ_TIMEOUT=0.3)
        response, seconds = timed_readyz(app)
        assert response is not None, "the probe hung"
        assert response.status_code == 503 and seconds < 0.3 + SLACK
        # READYZ_TIMEOUT ended it, not the fixed 2 s socket timeouts the check had before (the
        # time bound above). Under load the client may see the silent peer's socket fail
        # before the deadline: that is reported as "does not answer", also in time.
        assert "redis unavailable: no answer within 0.3 s" in caplog.text or (
            "redis unavailable: the rate-limit store (Redis) does not answer" in caplog.text
        )
        assert response.get_json() == {"status": "error", "database": "ok", "redis": "unreachable"}


@pytest.mark.skipif(bool(own_postgres_missing()), reason=str(own_postgres_missing()))
def test_a_paused_postgresql_answers_503_in_time_and_ready_again_when_resumed(app, make_app):
    """A real PostgreSQL of this test's own, stopped with SIGSTOP: connections already in
    the pool hang on their next statement, new ones in the handshake."""
    with own_postgres() as server:
        app = make_app(SQLALCHEMY_DATABASE_URI=server.url, READYZ_TIMEOUT=BOUND)
        ready, _ = timed_readyz(app)
        assert ready.status_code == 200  # and the pool holds a connection now
        server.signal(signal.SIGSTOP)
        try:
            paused, seconds = timed_readyz(app)
            assert paused is not None, "the probe hung"
            assert paused.status_code == 503 and seconds < BOUND + SLACK
            assert paused.get_json() == {"status": "error", "database": "unreachable"}
        finally:
            server.signal(signal.SIGCONT)
        wait_until(lambda: timed_readyz(app)[0].status_code == 200, "readiness after resume")
