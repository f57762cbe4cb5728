"""Real /api/v1 answers checked against the app's own OpenAPI document with openapi-core:
the schemas describe what the views send, successes and problems alike."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from elearn.extensions import db
from elearn.models import User
from tests.helpers.api import bearer, make_token
from tests.helpers.reports import YEAR


@pytest.fixture
def spec(client) -> OpenAPI:
    document = client.get("/api/v1/openapi.json").json
    document["servers"] = [{"url": "http://localhost/api/v1"}]  # the test client's host
    # Problem details are JSON under their own media type (RFC 9457).
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return OpenAPI.from_dict(document, config=config)


def check(spec: OpenAPI, response, path: str | None = None) -> None:
    """Validate the answer (status, headers, body) against the operation it came from. The
    request side is described by plain values: the test client has read its body already."""
    sent = response.request
    request = MockRequest(
        "http://localhost",
        sent.method.lower(),
        path or sent.path,
        args=dict(sent.args),
        headers=dict(sent.headers),
    )
    answer = MockResponse(
        response.get_data(),
        response.status_code,
        headers=dict(response.headers),
        content_type=response.mimetype,
    )
    spec.validate_response(request, answer)


def test_answers_match_the_document(client, world, org, spec):
    token = make_token(org["KOTA-A"])
    auth = bearer(token)
    nip = db.session.get(User, world["people"]["ani"]).username
    certificate = client.get("/api/v1/certificates", headers=auth).json["data"][0]["number"]
    made = client.post(
        "/api/v1/assignments",
        json={"course": "kursus-a", "unit_code": "PKM-A1", "due_date": f"{YEAR + 1}-01-31"},
        headers=auth,
    )
    assert made.status_code == 201
    check(spec, made)
    put = client.put(
        "/api/v1/employees/199001012020121001",
        json={"name": "Rina", "employee_type": "PNS", "unit_code": "PKM-A1"},
        headers=auth,
    )
    assert put.status_code == 201
    check(spec, put)
    for path in (
        "/api/v1/courses",
        "/api/v1/completions?limit=2",
        f"/api/v1/completions?year={YEAR}&unit=PKM-A1",
        "/api/v1/certificates",
        "/api/v1/employees?limit=3",
        "/api/v1/assignments",
        f"/api/v1/learners/{nip}/jp",
        "/api/v1/learners/199901012020121001/jp",  # 404 problem
        "/api/v1/completions?limit=0",  # 400 problem
    ):
        response = client.get(path, headers=auth)
        check(spec, response)
    check(spec, client.get("/api/v1/courses"))  # 401 problem
    # A certificate number holds slashes: a client following the document sends them as %2F.
    encoded = "/api/v1/certificates/" + quote(certificate, safe="")
    one = client.get(encoded, headers=auth)
    assert one.status_code == 200 and one.json["number"] == certificate
    check(spec, one, path=encoded)
    invalid = client.put("/api/v1/employees/1", json={"name": ""}, headers=auth)
    assert invalid.status_code == 422
    check(spec, invalid)
