"""xAPI while the LRS is down: learners' pages never touch the network and lose nothing;
`elearn xapi flush` fails (exit 1) recording attempts, error and a later try; once Ralph is
back the queue goes out exactly once. Bounded: rows park after the last attempt and come
back with `elearn xapi requeue`. Two senders never take the same rows."""

from __future__ import annotations

import socket
import urllib.request
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select, text, update

from elearn.extensions import db
from elearn.integrations import status
from elearn.models.base import utcnow
from elearn.models.xapi import XapiStatement
from elearn.xapi import queue, sender
from tests.helpers import csrf_token, logged_in_client, publish
from tests.helpers.quiz import SLUG, complete_course, course_files
from tests.helpers.ralph import Ralph, xapi_config


@pytest.fixture
def lrs(tmp_path):
    """Ralph, stopped: the test starts it when the LRS should come back."""
    server = Ralph(tmp_path / "ralph")
    yield server
    server.stop()


@pytest.fixture
def app(make_app, lrs):
    config = {**xapi_config(lrs.endpoint), "XAPI_MAX_ATTEMPTS": 3}
    app = make_app(**config)
    twin = make_app(**config)
    with twin.app_context():
        yield app


@pytest.fixture
def no_network(monkeypatch):
    """Fail loudly if anything in this process opens a TCP connection or an HTTP request
    (PostgreSQL's driver connects in C, beneath this)."""
    calls: list[str] = []

    def refuse(*args, **kwargs):
        calls.append(repr(args[:2]))
        raise AssertionError("network call during a learner's request")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return calls


def rows() -> list[XapiStatement]:
    db.session.expire_all()
    return list(db.session.scalars(select(XapiStatement)))


def make_due() -> None:
    """As if the wait after the last failure had passed."""
    db.session.execute(update(XapiStatement).values(next_attempt_at=utcnow()))
    db.session.commit()


@pytest.fixture
def studied(client, learner, make_course, no_network, monkeypatch):
    """A learner completes a course while the LRS is down, with the network forbidden."""
    publish(make_course, SLUG, course_files())
    assert client.get(f"/courses/{SLUG}/pengantar").status_code == 200
    complete_course(client)
    assert no_network == []
    monkeypatch.undo()  # the sender may use the network again
    return learner


def test_learner_pages_work_and_queue_while_the_lrs_is_down(studied):
    found = rows()
    assert len(found) == 8  # launched, experienced, 2 x (attempted, passed), completed, earned
    assert all(r.sent_at is None and r.attempts == 0 for r in found)


def test_a_failed_flush_loses_nothing_and_the_next_sends_once(studied, runner, lrs):
    result = runner.invoke(args=["xapi", "flush"])
    assert result.exit_code == 1
    assert "tidak dapat dihubungi" in result.output
    found = rows()
    assert len(found) == 8
    assert all(r.attempts == 1 and r.sent_at is None and r.last_error for r in found)
    assert all(r.next_attempt_at > utcnow() + timedelta(seconds=30) for r in found)
    line = status.statuses()["xapi"]
    assert line.healthy is False and "tidak dapat dihubungi" in line.last_error

    lrs.start()
    waiting = runner.invoke(args=["xapi", "flush"])  # not due yet: the back-off holds
    assert waiting.exit_code == 0 and "Terkirim: 0;" in waiting.output
    make_due()
    sent = runner.invoke(args=["xapi", "flush"])
    assert sent.exit_code == 0 and "Terkirim: 8;" in sent.output
    assert runner.invoke(args=["xapi", "flush"]).output.startswith("Terkirim: 0;")
    stored = [s["id"] for s in lrs.statements()]
    assert sorted(stored) == sorted(r.id for r in rows())
    assert status.statuses()["xapi"].healthy is True


def test_rows_park_after_the_last_attempt_and_requeue_brings_them_back(studied, runner):
    for _ in range(3):
        assert runner.invoke(args=["xapi", "flush"]).exit_code == 1
        make_due()
    assert all(r.failed_at is not None and r.attempts == 3 for r in rows())
    assert queue.counts() == {"waiting": 0, "failed": 8, "sent_today": 0}
    # Parked rows are not tried again until someone re-queues them.
    assert runner.invoke(args=["xapi", "flush"]).output.startswith("Terkirim: 0;")
    result = runner.invoke(args=["xapi", "requeue"])
    assert "8 pernyataan" in result.output
    assert queue.counts() == {"waiting": 8, "failed": 0, "sent_today": 0}
    assert "Menunggu: 8;" in runner.invoke(args=["xapi", "status"]).output


def test_the_back_off_doubles_and_is_capped():
    waits = [queue.backoff(n).total_seconds() for n in range(1, 12)]
    assert waits[:4] == [60, 120, 240, 480]
    assert max(waits) == 6 * 3600 and waits == sorted(waits)


def test_a_sender_skips_rows_another_sender_holds(studied, app, database_url):
    """On PostgreSQL a second sender skips the rows the first has locked (SKIP LOCKED); on
    SQLite there is one writer, so the second waits for the first's transaction instead."""
    if not database_url.startswith("postgresql"):
        assert "FOR UPDATE" not in str(sender._due_query(5).compile(db.engine))
        return
    other = create_engine(database_url)
    with other.connect() as conn, conn.begin():
        held = conn.execute(
            text("SELECT id FROM xapi_statements ORDER BY created_at, id LIMIT 5 FOR UPDATE")
        ).scalars()
        held = set(held)
        taken = {row.id for row in sender._due_batch(50)}
        db.session.rollback()
        assert len(held) == 5 and len(taken) == 3 and not held & taken
    other.dispose()


def test_the_admin_check_records_an_unreachable_lrs(app, make_user, studied):
    make_user("admin", roles=("admin",))
    admin = logged_in_client(app, "admin")
    token = csrf_token(admin, "/admin/integrasi/")
    response = admin.post("/admin/integrasi/xapi/uji", data={"csrf_token": token})
    assert response.status_code == 302
    line = status.statuses()["xapi"]
    assert line.healthy is False and "tidak dapat dihubungi" in line.last_error
    page = admin.get("/admin/integrasi/").get_data(as_text=True)
    assert "tidak dapat dihubungi" in page and "<dd>8</dd>" in page


def test_the_loop_keeps_going_while_the_lrs_is_down_then_sends(studied, runner, lrs):
    result = runner.invoke(args=["xapi", "flush", "--loop", "--rounds", "2", "--interval", "0"])
    assert result.exit_code == 0 and result.output.count("Terkirim: 0;") == 2
    lrs.start()
    make_due()
    result = runner.invoke(args=["xapi", "flush", "--loop", "--rounds", "1"])
    assert "Terkirim: 8;" in result.output
    assert len(lrs.statements()) == 8


def test_the_admin_button_requeues_the_parked_statements(app, make_user, studied, runner):
    for _ in range(3):
        runner.invoke(args=["xapi", "flush"])
        make_due()
    assert queue.counts()["failed"] == 8
    make_user("admin", roles=("admin",))
    admin = logged_in_client(app, "admin")
    token = csrf_token(admin, "/admin/integrasi/")
    response = admin.post("/admin/integrasi/xapi/antrean-ulang", data={"csrf_token": token})
    assert response.status_code == 302
    assert queue.counts() == {"waiting": 8, "failed": 0, "sent_today": 0}
    assert "8 pernyataan xAPI dimasukkan kembali" in admin.get("/admin/integrasi/").get_data(
        as_text=True
    )


def test_a_password_that_looks_like_a_number_is_sent_as_typed(make_app, monkeypatch):
    monkeypatch.setenv("ELEARN_XAPI_PASSWORD", "1e5")
    site = make_app()
    assert site.config["XAPI_PASSWORD"] == 100000.0  # Flask read it as JSON
    with site.app_context():
        assert sender._text("XAPI_PASSWORD") == "1e5"
