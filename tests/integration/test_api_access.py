"""/api/v1 access (issue 16): bearer tokens only (401 for a missing, wrong, expired or
revoked one; a session cookie gives nothing), problem details for every error, the rate
limit per token (429 with Retry-After), "last used" written at most once a minute, and no
token in any log line."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from elearn.api import tokens
from elearn.extensions import db
from elearn.models import ApiToken
from elearn.models.base import utcnow
from tests.helpers import login
from tests.helpers.api import bearer, make_token

PROBLEM = "application/problem+json"
FIELDS = {"type", "title", "status", "detail", "instance"}


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.json
    assert set(body) >= FIELDS and body["status"] == status
    assert body["type"].startswith("https://") and body["instance"].startswith("/api/")
    return body


def test_no_or_wrong_token_is_401(client, org):
    good = make_token(org["KOTA-A"])
    for headers in (
        {},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer elapi_salah" + "x" * 40},
        {"Authorization": "Bearer " + good[:-1]},
        {"Authorization": "Bearer " + good + "\x00"},
        {"Authorization": "Bearer " + "漢" * 50},
    ):
        response = client.get("/api/v1/courses", headers=headers)
        assert_problem(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/courses", headers=bearer(good)).status_code == 200


def test_expired_and_revoked_tokens_are_401(client, org):
    expired = make_token(org["KOTA-A"], expires_at=utcnow() - timedelta(seconds=1))
    assert_problem(client.get("/api/v1/courses", headers=bearer(expired)), 401)
    token = make_token(org["KOTA-A"])
    assert client.get("/api/v1/courses", headers=bearer(token)).status_code == 200
    row = db.session.scalar(select(ApiToken).where(ApiToken.prefix == token[:12]))
    assert tokens.revoke(row.id, None) and not tokens.revoke(row.id, None)
    assert_problem(client.get("/api/v1/courses", headers=bearer(token)), 401)


def test_a_logged_in_session_gives_no_access(app, client, make_user):
    make_user("admin", roles=("admin",))
    assert login(client, "admin").status_code == 302
    assert_problem(client.get("/api/v1/courses"), 401)
    # And no CSRF token is asked of a token-bearing write: the body's checks answer.
    assert_problem(client.post("/api/v1/assignments", json={}), 401)


def test_only_the_hash_is_stored(org):
    token = make_token(org["KOTA-A"])
    row = db.session.scalar(select(ApiToken))
    stored = " ".join(str(getattr(row, c.key)) for c in ApiToken.__table__.columns)
    assert token not in stored and token[12:] not in stored
    assert row.token_hash == __import__("hashlib").sha256(token.encode()).hexdigest()
    assert row.prefix == token[:12] and row.prefix.startswith("elapi_")


def test_every_error_is_a_problem_in_indonesian(app, client, org):
    token = make_token(org["KOTA-A"])
    auth = bearer(token)
    assert_problem(client.get("/api/v1/tidak-ada", headers=auth), 404)
    not_allowed = assert_problem(client.delete("/api/v1/courses", headers=auth), 405)
    assert "metode" in not_allowed["title"].lower()
    assert "GET" in client.patch("/api/v1/courses", headers=auth).headers["Allow"]
    assert_problem(client.get("/api/v1/completions?limit=0", headers=auth), 400)
    huge = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.put(
        "/api/v1/employees/1", data=huge, content_type="application/json", headers=auth
    )
    assert_problem(response, 413)
    invalid = assert_problem(
        client.post("/api/v1/assignments", json={"course": 1}, headers=auth), 422
    )
    assert invalid["errors"] == [{"field": "course", "message": "harus berupa teks"}]
    assert_problem(client.get("/api/v1/learners/%00/jp", headers=auth), 404)


def test_a_server_error_is_a_problem(make_app, org, monkeypatch):
    """In production (no exception propagation) an unexpected error answers a 500 problem."""
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    token = make_token(org["KOTA-A"])
    from elearn.api import queries

    def broken(*_args):
        raise RuntimeError("rusak")

    monkeypatch.setattr(queries, "courses", broken)
    monkeypatch.setattr(app.logger, "disabled", True)  # the traceback is expected
    body = assert_problem(app.test_client().get("/api/v1/courses", headers=bearer(token)), 500)
    assert "rusak" not in body["detail"]


def test_rate_limit_per_token_with_retry_after(make_app, org):
    app = make_app(API_RATE_LIMIT="3 per minute")
    client = app.test_client()
    first, second = make_token(org["KOTA-A"]), make_token(org["KOTA-A"])
    for _ in range(3):
        assert client.get("/api/v1/courses", headers=bearer(first)).status_code == 200
    limited = client.get("/api/v1/courses", headers=bearer(first))
    body = assert_problem(limited, 429)
    assert 1 <= int(limited.headers["Retry-After"]) <= 61 and "3 per 1 minute" in body["detail"]
    # Another token has its own count.
    assert client.get("/api/v1/courses", headers=bearer(second)).status_code == 200


def test_last_used_is_written_at_most_once_a_minute(client, org):
    token = make_token(org["KOTA-A"])
    assert db.session.scalar(select(ApiToken.last_used_at)) is None
    client.get("/api/v1/courses", headers=bearer(token))
    db.session.expire_all()
    first = db.session.scalar(select(ApiToken.last_used_at))
    assert first is not None
    client.get("/api/v1/courses", headers=bearer(token))
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken.last_used_at)) == first
    row = db.session.scalar(select(ApiToken))
    row.last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    client.get("/api/v1/courses", headers=bearer(token))
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken.last_used_at)) > first - timedelta(minutes=2)


def test_no_token_in_the_logs(make_app, org, capsys, caplog, monkeypatch):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    token = make_token(org["KOTA-A"])
    caplog.set_level(logging.DEBUG)
    # The exception line (Flask's own handler aside). app.logger is the process-wide
    # "elearn" logger, and pytest keeps one capture handler for every test: left attached,
    # every later test would see each record twice.
    app.logger.addHandler(caplog.handler)
    try:
        client = app.test_client()
        client.get("/api/v1/courses", headers=bearer(token))
        client.get("/api/v1/courses", headers=bearer(token + "x"))
        from elearn.api import queries

        monkeypatch.setattr(queries, "employees", lambda *a: 1 / 0)
        client.get("/api/v1/employees?cursor=" + token, headers=bearer(token))
        client.get("/api/v1/employees", headers=bearer(token))
    finally:
        app.logger.removeHandler(caplog.handler)
    captured = capsys.readouterr()
    logged = captured.out + captured.err + caplog.text
    assert "route=/api/v1/courses" in logged or '"/api/v1/courses"' in logged
    assert "ZeroDivisionError" in logged
    assert token not in logged and token[12:30] not in logged


def test_the_openapi_document_is_valid_3_1_and_covers_every_route(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises on any schema violation
    documented = {
        (f"/api/v1{path}", method.upper())
        for path, operations in document["paths"].items()
        for method in operations
    }
    routed = {
        (rule.rule.replace("<path:", "{").replace("<", "{").replace(">", "}"), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routed and routed <= documented
    for rule in app.url_map.iter_rules():
        scope = getattr(app.view_functions[rule.endpoint], "required_scope", None)
        if rule.rule.startswith("/api/") and scope:
            path = rule.rule.removeprefix("/api/v1").replace("<path:", "{")
            path = path.replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                operation = document["paths"][path][method.lower()]
                assert operation["security"] == [{"bearer": [scope]}]
    assert document["paths"]["/openapi.json"]["get"]["security"] == []
    components = document["components"]
    assert components["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert {"Problem", "FieldError", "CoursePage"} <= set(components["schemas"])
    assert {"cursor", "limit"} <= set(components["parameters"])


@pytest.mark.parametrize("scope", ["read:catalog"])
def test_the_api_entry_on_the_integration_page(app, client, make_user, org, scope):
    make_token(org["KOTA-A"], [scope])
    revoked = make_token(org["KOTA-A"], [scope])
    tokens.revoke(
        db.session.scalar(select(ApiToken.id).where(ApiToken.prefix == revoked[:12])), None
    )
    make_user("admin", roles=("admin",))
    assert login(client, "admin").status_code == 302
    html = client.get("/admin/integrasi/").get_data(as_text=True)
    assert "API REST" in html and "/api/v1/openapi.json" in html
    assert "Token aktif</dt><dd>1<" in html
    from tests.helpers import csrf_token

    tested = client.post(
        "/admin/integrasi/api/uji",
        data={"csrf_token": csrf_token(client, "/admin/integrasi/")},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Uji koneksi API REST berhasil" in tested and "path" in tested


def test_every_api_route_with_hostile_values_answers_a_problem_never_500(make_app, world, org):
    """Every /api/v1 route of the URL map: without a token 401, and with a full token and
    hostile path parts, queries and JSON bodies never a 500, every error a problem."""
    from tests.helpers.routes import HOSTILE_QUERIES, paths, routes

    app = make_app(API_RATE_LIMIT="100000 per minute")
    client = app.test_client()
    token = make_token(org["KOTA-A"])
    real = {"nip": "199001012020121001", "number": "ELN/2026/000001"}
    answered: dict[int, int] = {}
    bodies = [None, {}, {"name": "\x00" * 10, "unit_code": 5}, {"course": "漢" * 5000}, [1]]
    problems = []
    for route in routes(app):
        if not route.rule.startswith("/api/") or route.rule.endswith("openapi.json"):
            continue
        for kind, path in paths(route, real, {}):
            for method in sorted(route.methods):
                anonymous = client.open(path, method=method, json={})
                if anonymous.status_code != 401 and kind != "real":
                    assert anonymous.status_code == 404, (method, path)
                elif kind == "real":
                    assert anonymous.status_code == 401, (method, path)
                queries = ("", *HOSTILE_QUERIES) if method == "GET" else ("",)
                sent = [None] if method == "GET" else bodies
                for query, body in [(q, b) for q in queries for b in sent]:
                    response = client.open(
                        f"{path}?{query}", method=method, json=body, headers=bearer(token)
                    )
                    answered[response.status_code] = answered.get(response.status_code, 0) + 1
                    if response.status_code >= 500 or (
                        response.status_code >= 400 and response.mimetype != PROBLEM
                    ):
                        problems.append(f"{response.status_code} {method} {path}?{query[:20]}")
    assert problems == []
    assert answered.get(200, 0) >= 5 and answered.get(400, 0) and answered.get(422, 0), answered


def test_the_rate_limit_is_shared_by_workers_through_redis(make_app, org, redis_url):
    """Two apps (two workers) on one Redis count one token's requests together."""
    config = {"API_RATE_LIMIT": "3 per minute", "RATELIMIT_STORAGE_URI": redis_url}
    first, second = make_app(**config).test_client(), make_app(**config).test_client()
    token = make_token(org["KOTA-A"])
    for client in (first, second, first):
        assert client.get("/api/v1/courses", headers=bearer(token)).status_code == 200
    limited = second.get("/api/v1/courses", headers=bearer(token))
    assert_problem(limited, 429)
    assert int(limited.headers["Retry-After"]) >= 1
