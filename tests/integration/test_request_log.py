"""Issue 15, item 6: one log line per request, with its id, the user, the route (the URL rule,
never the path or the query), method, status and duration; JSON when configured."""

from __future__ import annotations

import json
import logging
import re

from tests.helpers import TEST_PASSWORD, count_queries, csrf_token, login
from tests.helpers.observability import plain_fields, request_lines
from tests.helpers.servers import free_port

FIELDS = ["time", "request_id", "user_id", "method", "route", "status", "duration_ms"]


def test_one_plain_line_per_request_naming_the_route_not_the_path(client, caplog):
    with request_lines(caplog) as lines:
        response = client.get("/verify/RahasiaKodeSertifikat01")
    assert len(lines) == 1
    fields = plain_fields(lines[0])
    assert list(fields) == FIELDS
    assert fields["route"] == "/verify/<code>"
    assert "RahasiaKodeSertifikat01" not in lines[0]  # a code is as good as the certificate
    assert fields["method"] == "GET"
    assert fields["status"] == str(response.status_code)
    assert fields["user_id"] == "-"
    assert fields["request_id"] == response.headers["X-Request-ID"]
    assert float(fields["duration_ms"]) >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", fields["time"])


def test_the_line_names_the_user_the_request_was_served_as(client, learner, caplog):
    with request_lines(caplog) as lines:
        client.get("/my")
    assert plain_fields(lines[0])["user_id"] == str(learner.id)


def test_no_password_form_field_or_query_string_reaches_the_log(client, make_user, caplog):
    make_user()
    with request_lines(caplog) as lines:
        client.get("/courses?q=RahasiaCari&token=RahasiaToken")
        token = csrf_token(client, "/login")
        client.post("/login", data={"username": "peserta", "password": "SalahSekali-99"})
        client.post(
            "/login",
            data={"username": "peserta", "password": TEST_PASSWORD, "csrf_token": token},
            headers={"Authorization": "Bearer RahasiaHeader"},
        )
    assert len(lines) == 4
    text = "\n".join(lines)
    for secret in ("RahasiaCari", "RahasiaToken", "SalahSekali", TEST_PASSWORD, "peserta"):
        assert secret not in text
    assert "RahasiaHeader" not in text and token not in text and "?" not in text
    assert [plain_fields(line)["route"] for line in lines] == ["/courses"] + ["/login"] * 3


def test_an_unknown_path_is_logged_as_unmatched(client, caplog):
    with request_lines(caplog) as lines:
        assert client.get("/tidak/ada/RahasiaJalur").status_code == 404
    fields = plain_fields(lines[0])
    assert (fields["route"], fields["status"]) == ("<unmatched>", "404")
    assert "RahasiaJalur" not in lines[0]


def test_json_lines_when_configured(make_app, make_user, caplog, monkeypatch):
    user = make_user()
    monkeypatch.setenv("ELEARN_LOG_FORMAT", "json")
    client = make_app().test_client()
    assert login(client).status_code == 302
    with request_lines(caplog) as lines:
        response = client.get("/my", headers={"X-Request-ID": "nginx-7f3a"})
    record = json.loads(lines[0])
    assert list(record) == FIELDS
    assert record["request_id"] == "nginx-7f3a" == response.headers["X-Request-ID"]
    assert record["user_id"] == user.id and record["status"] == 200
    assert record["route"] == "/my" and record["method"] == "GET"
    assert isinstance(record["duration_ms"], float)


def test_a_sane_request_id_is_echoed_and_anything_else_replaced(client, caplog):
    kept = client.get("/healthz", headers={"X-Request-ID": "abc-123.def_4"})
    assert kept.headers["X-Request-ID"] == "abc-123.def_4"
    with request_lines(caplog) as lines:
        forged = client.get("/healthz", headers={"X-Request-ID": "x status=500 user_id=1"})
    made = forged.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert plain_fields(lines[0])["request_id"] == made
    assert "status=500" not in lines[0]
    first, second = client.get("/healthz"), client.get("/healthz")
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_refused_requests_carry_their_id_and_are_logged(client, caplog):
    with request_lines(caplog) as lines:
        refused = client.post("/login", data={"username": "x", "password": "y"})  # no CSRF
        missing = client.get("/courses/%00")
    assert refused.status_code == 400 and missing.status_code == 404
    assert refused.headers["X-Request-ID"] and missing.headers["X-Request-ID"]
    assert [plain_fields(line)["status"] for line in lines] == ["400", "404"]


def test_an_outage_warning_names_the_route_and_the_request_id(app, make_app, caplog):
    url = f"postgresql+psycopg://elearn:elearn@127.0.0.1:{free_port()}/elearn"
    down = make_app(SQLALCHEMY_DATABASE_URI=url, TESTING=False, PROPAGATE_EXCEPTIONS=None)
    caplog.set_level(logging.WARNING)
    with request_lines(caplog) as lines:
        response = down.test_client().get("/verify/RahasiaKodeSertifikat01")
    assert response.status_code == 503
    rid = response.headers["X-Request-ID"]
    warning = next(r.getMessage() for r in caplog.records if "database unavailable" in r.message)
    assert f"GET /verify/<code> (request {rid})" in warning
    assert "RahasiaKodeSertifikat01" not in caplog.text
    assert plain_fields(lines[0])["status"] == "503"


def test_the_line_loads_nothing_after_a_commit(make_app, make_user):
    """A view's commit expires the user: the line reads the id from the identity map
    rather than loading the user again (one statement more on every quiz submission)."""
    from flask_login import current_user

    from elearn.extensions import db

    user_id = make_user().id
    app = make_app()

    @app.get("/_commit")
    def committing():
        assert current_user.id == user_id
        db.session.commit()
        return "ok"

    marks: list[int] = []
    client = app.test_client()
    with count_queries() as statements:

        @app.after_request
        def mark(response):  # runs just before the request log's hook (reverse order)
            marks.append(len(statements))
            return response

        assert login(client).status_code == 302
        response = client.get("/_commit")
    assert response.status_code == 200
    assert statements[marks[-1] :] == []
