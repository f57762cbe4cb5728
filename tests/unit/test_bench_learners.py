"""bench/learners.py's own logic: the recovery time it reports after each fault, the
failed answers it counts (by status and by step), and how it finds the worker that runs a
step's transaction."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time

import pytest
from sqlalchemy import create_engine, text

from bench.learners import Phase, Trigger, by_step, phase_line, recovery, step_of, worker_ports
from tests.helpers.silent import own_postgres, own_postgres_missing


def test_recovery_is_the_longest_stretch_from_a_fault_to_its_last_failure():
    phase = Phase("worker-killed", faults=[10.0, 20.0, 30.0])
    # After the first fault failures until 12.5; none after the second; one after the third.
    failures = [9.0, 10.2, 12.5, 30.4]
    assert recovery(phase, failures) == 2.5
    assert recovery(phase, []) == 0.0


def test_the_phase_line_counts_broken_connections_and_5xx_but_not_4xx():
    phase = Phase("postgres-restart", faults=[100.0], finished=2)
    phase.answers = [
        (99.0, 200, 10.0, "page"),
        (101.0, 0, 5.0, "page"),
        (103.0, 502, 7.0, "submit"),
        (104.0, 422, 9.0, "submit"),
    ]
    line = phase_line(phase, 3)
    assert line.split()[:3] == ["postgres-restart", "2/3", "4"]
    assert line.endswith("3.0 s  502: 1, conn: 1")
    assert by_step(phase) == "page conn: 1, submit 502: 1"


@pytest.mark.parametrize(
    ("method", "path", "step"),
    [
        ("GET", "/login", "page"),
        ("POST", "/login", "login"),
        ("GET", "/courses/uji-beban/satu", "page"),
        ("POST", "/courses/uji-beban/satu/read", "read"),
        ("POST", "/courses/uji-beban/quiz/satu/start", "start"),
        ("POST", "/courses/uji-beban/exam/start", "start"),
        ("GET", "/attempts/12", "attempt"),
        ("POST", "/attempts/12", "submit"),
    ],
)
def test_each_request_belongs_to_a_step_of_the_journey(method, path, step):
    assert step_of(method, path) == step


def test_the_ports_of_a_process_sockets_lead_back_to_it():
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        assert worker_ports([os.getpid()])[port] == os.getpid()
    assert port not in worker_ports([os.getpid()])


@pytest.mark.skipif(bool(own_postgres_missing()), reason=str(own_postgres_missing()))
def test_the_trigger_finds_the_connection_inside_a_submit_transaction():
    # pg_stat_activity is PostgreSQL's: on a SQLite run the test starts a server of its own.
    with contextlib.ExitStack() as stack:
        url = os.environ.get("ELEARN_TEST_DATABASE_URL", "")
        if not url.startswith("postgresql"):
            url = stack.enter_context(own_postgres()).url
        watch_submit_transaction(url)


def watch_submit_transaction(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as submitting:
            submitting.execute(text("CREATE TEMPORARY TABLE quiz_attempts (submitted_at date)"))
            trigger = Trigger(url, "submit", threading.Event())
            assert trigger.wait(time.monotonic() + 0.3) is None  # no submit yet
            submitting.execute(text("UPDATE quiz_attempts SET submitted_at = current_date"))
            # Idle in that transaction, as a worker between the UPDATE and the commit.
            port = trigger.wait(time.monotonic() + 10, worker_ports([os.getpid()]))
            assert port and worker_ports([os.getpid()])[port] == os.getpid()
            starting = Trigger(url, "start", threading.Event())
            assert starting.wait(time.monotonic() + 0.3) is None
            submitting.rollback()
    finally:
        engine.dispose()
