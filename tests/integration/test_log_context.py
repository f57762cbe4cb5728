"""Issue 15, item 6: the request id on every log line written during a request (a service's
warning, the exception Flask logs), the same id as the request's own line and the
X-Request-ID answered; "-" outside a request."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest
from flask import current_app

from tests.helpers.observability import plain_fields, request_lines

SERVICE = logging.getLogger("elearn.quiz.services")  # a module logger of the app's tree
LIBRARY = logging.getLogger("sqlalchemy.pool.demo")  # outside it: the operator's config


def add_logging_routes(app):
    @app.get("/_log")
    def logging_view():
        current_app.logger.warning("dari view")
        SERVICE.warning("dari layanan")
        LIBRARY.warning("dari pustaka")
        return "ok"

    @app.get("/_boom")
    def failing_view():
        raise RuntimeError("rusak")

    @app.get("/_boom/<code>")
    def failing_view_with_a_code(code):
        raise RuntimeError("rusak")


def test_the_exception_line_names_the_route_not_the_path(make_app, caplog):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    add_logging_routes(app)
    caplog.set_level(logging.ERROR)
    assert app.test_client().get("/_boom/RAHASIA-123").status_code == 500
    exception = next(r for r in caplog.records if r.exc_info and r.name == "elearn")
    assert exception.getMessage() == "Exception on /_boom/<code> [GET]"
    assert "RAHASIA" not in caplog.text


def test_every_record_of_a_request_carries_its_id(make_app, caplog):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    add_logging_routes(app)
    client = app.test_client()
    caplog.set_level(logging.WARNING)
    with request_lines(caplog) as lines:
        given = client.get("/_log", headers={"X-Request-ID": "nginx-77ab"})
        made = client.get("/_boom")
    assert given.status_code == 200 and made.status_code == 500
    made_id = made.headers["X-Request-ID"]
    ids = {r.getMessage(): r.request_id for r in caplog.records if r.name != "elearn.requests"}
    assert ids["dari view"] == ids["dari layanan"] == ids["dari pustaka"] == "nginx-77ab"
    exception = next(r for r in caplog.records if r.exc_info and r.name == "elearn")
    assert exception.request_id == made_id
    assert [plain_fields(line)["request_id"] for line in lines] == ["nginx-77ab", made_id]


def test_outside_a_request_the_id_is_a_dash(app, caplog):
    caplog.set_level(logging.WARNING)
    SERVICE.warning("dari perintah")
    assert caplog.records[-1].request_id == "-"


SCRIPT = """
import sys
from elearn import create_app
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1],
                  "SECRET_KEY": "x", "INSTANCE_PATH": sys.argv[2]})
@app.get("/_log")
def logging_view():
    import logging
    logging.getLogger("elearn.quiz.services").warning("dari layanan")
    return "ok"
@app.get("/_boom")
def failing_view():
    raise RuntimeError("rusak")
client = app.test_client()
print(client.get("/_log", headers={"X-Request-ID": "nginx-77ab"}).headers["X-Request-ID"])
print(client.get("/_boom").headers["X-Request-ID"])
app.logger.warning("di luar permintaan")
"""


def run_app(tmp_path, log_format: str) -> tuple[list[str], str]:
    """Run an app in a fresh interpreter (no pytest handlers: logging as a deployed worker
    has it) and return the ids it answered and what it wrote to stderr."""
    env = {**os.environ, "ELEARN_LOG_FORMAT": log_format}
    env.pop("ELEARN_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "db.sqlite3"), str(tmp_path / "inst")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return done.stdout.split(), done.stderr


def test_deployed_plain_lines_share_the_id_of_their_request(tmp_path):
    (given, made), stderr = run_app(tmp_path, "plain")
    assert given == "nginx-77ab"
    lines = [line for line in stderr.splitlines() if line.startswith("time=")]
    fields = [plain_fields(line) for line in lines]
    service = next(f for f in fields if f.get("message") == "dari layanan")
    access = [f for f in fields if "route" in f]
    failure = next(f for f in fields if f.get("level") == "ERROR")
    outside = next(f for f in fields if f.get("message") == "di luar permintaan")
    assert service["request_id"] == access[0]["request_id"] == "nginx-77ab"
    assert service["logger"] == "elearn.quiz.services" and service["level"] == "WARNING"
    assert failure["request_id"] == access[1]["request_id"] == made
    assert "RuntimeError: rusak" in stderr  # the traceback follows its line
    assert outside["request_id"] == "-"


def test_deployed_json_lines_carry_the_id_as_a_field(tmp_path):
    (given, made), stderr = run_app(tmp_path, "json")
    records = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert len(records) == len(stderr.splitlines())  # every line JSON, traceback included
    by_message = {r.get("message"): r for r in records}
    assert by_message["dari layanan"]["request_id"] == given == "nginx-77ab"
    failure = next(r for r in records if r.get("level") == "ERROR")
    assert failure["request_id"] == made and "RuntimeError: rusak" in failure["exception"]
    access = [r for r in records if "route" in r]
    assert [r["request_id"] for r in access] == [given, made]
    assert by_message["di luar permintaan"]["request_id"] is None


@pytest.mark.parametrize("fmt", ["plain", "json"])
def test_the_formatter_outside_flask(fmt):
    from elearn.observability.log_context import LineFormatter

    record = logging.LogRecord("elearn.x", logging.INFO, __file__, 1, "a %s", ("b",), None)
    record.request_id = "r-1"
    line = LineFormatter(fmt).format(record)
    if fmt == "json":
        assert json.loads(line)["request_id"] == "r-1" and json.loads(line)["message"] == "a b"
    else:
        assert plain_fields(line)["request_id"] == "r-1"
        assert plain_fields(line)["message"] == "a b"
