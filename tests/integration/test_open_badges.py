"""Open Badges 3.0: a certificate downloaded as a signed OpenBadgeCredential (VC-JWT), the
did:web document holding the key, and the revocation status list.

The credential is checked the way an outside verifier would: its signature with PyJWT (not
joserfc, which signs it) and the key from our DID document; its content against 1EdTech's
published JSON Schema; its revocation through the served Bitstring Status List."""

from __future__ import annotations

import json
from pathlib import Path

import jwt
import pytest
from jsonschema import Draft201909Validator

from elearn.certificates import open_badges as badge_services
from elearn.domain.open_badges import bit_is_set, decode_status_list, identity_matches
from elearn.extensions import db
from elearn.models import Certificate, User
from tests.helpers.certificates import (
    certified_holder,
    client_of,
    complete,
    hr_of,
    only_certificate,
    publish,
    revoke_via_page,
)
from tests.helpers.open_badges import verified

SCHEMA = Path(__file__).parents[1] / "data" / "openbadges"
SCHEMA_FILE = SCHEMA / "ob_v3p0_achievementcredential_schema.json"
NIP_DIGITS = "198609262015051001"
EMAIL = "siti.rahmawati@bkpsdm.example.go.id"


@pytest.fixture
def issued(app, make_user, make_course):
    publish(make_course, levels={"integritas": 2, "komunikasi": 1})
    user, client = certified_holder(app, make_user)
    return only_certificate(user.id), client


def badge_path(certificate) -> str:
    return f"/my/certificates/{certificate.id}/open-badge"


def test_owner_downloads_a_signed_open_badge(app, issued):
    certificate, client = issued
    response = client.get(badge_path(certificate))
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    assert "attachment" in response.headers["Content-Disposition"]
    token = response.get_data(as_text=True)
    payload = verified(token, client)

    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["iss"] == payload["issuer"]["id"] == "did:web:localhost"
    assert payload["jti"] == payload["id"] and payload["id"].startswith("urn:uuid:")
    assert payload["sub"] == payload["credentialSubject"]["id"]
    assert payload["nbf"] == int(certificate.issued_at.timestamp())
    achievement = payload["credentialSubject"]["achievement"]
    assert achievement["name"] == certificate.record["course"]["title"]
    assert achievement["creditsAvailable"] == certificate.record["jp"]
    assert {a["targetCode"]: a["targetDescription"] for a in achievement["alignment"]} == {
        "integritas": "Level 2",
        "komunikasi": "Level 1",
    }
    status = payload["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusListCredential"] == "http://localhost/credentials/status/1"

    errors = list(Draft201909Validator(json.loads(SCHEMA_FILE.read_text())).iter_errors(payload))
    assert errors == []


def test_the_holder_is_only_a_salted_hash(app, issued):
    certificate, client = issued
    db.session.get(User, certificate.user_id).email = EMAIL
    db.session.commit()
    token = client.get(badge_path(certificate)).get_data(as_text=True)
    payload = verified(token, client)
    text = json.dumps(payload, ensure_ascii=False)
    for secret in (NIP_DIGITS, "19860926 201505 1 001", "Siti Rahmawati", EMAIL):
        assert secret not in text
    (identity,) = payload["credentialSubject"]["identifier"]
    assert identity["type"] == "IdentityObject" and identity["hashed"] is True
    assert identity["identityType"] == "identifier"
    assert identity["identityHash"].startswith("sha256$")
    assert identity_matches(identity, NIP_DIGITS)
    assert not identity_matches(identity, "198609262015051002")


def test_the_same_certificate_gives_the_same_credential(app, issued):
    certificate, client = issued
    first = client.get(badge_path(certificate)).get_data(as_text=True)
    assert client.get(badge_path(certificate)).get_data(as_text=True) == first
    with app.test_request_context():
        assert badge_services.open_badge_jwt(db.session.get(Certificate, certificate.id)) == first


def test_without_a_nip_the_email_is_hashed(app, make_user, make_course):
    publish(make_course)
    user, client = client_of(app, make_user, "budi", email=EMAIL.upper())
    complete(client)
    certificate = only_certificate(user.id)
    token = client.get(badge_path(certificate)).get_data(as_text=True)
    (identity,) = verified(token, client)["credentialSubject"]["identifier"]
    assert identity["identityType"] == "emailAddress"
    assert identity_matches(identity, EMAIL)
    assert EMAIL not in token and EMAIL.upper() not in token


def test_my_certificates_links_the_open_badge(app, issued):
    certificate, client = issued
    page = client.get("/my/certificates").get_data(as_text=True)
    assert "Unduh Open Badge (OB 3.0)" in page
    assert badge_path(certificate) in page


def test_only_the_holder_and_admins_may_download(app, make_user, issued):
    certificate, _ = issued
    path = badge_path(certificate)
    _, other = client_of(app, make_user, "peserta2", full_name="Budi Santoso")
    assert other.get(path).status_code == 404
    assert other.get("/my/certificates/999999/open-badge").status_code == 404
    response = app.test_client().get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    _, hr = hr_of(app, make_user, certificate.user_id)
    assert hr.get(path).status_code == 404  # HR sees the PDF, not the badge download
    _, admin = client_of(app, make_user, "admin", ("admin",), "Dewi Lestari")
    response = admin.get(path)
    assert response.status_code == 200 and response.mimetype == "application/vc+jwt"


def revoked_bit(client, position: int) -> bool:
    response = client.get("/credentials/status/1")
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    assert "max-age=300" in response.headers["Cache-Control"]
    payload = verified(response.get_data(as_text=True), client)
    assert payload["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = payload["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    bits = decode_status_list(subject["encodedList"])
    assert len(bits) * 8 >= 131_072
    return bit_is_set(bits, position)


def test_revocation_shows_in_the_status_list_and_stops_the_download(app, make_user, issued):
    certificate, client = issued
    token = client.get(badge_path(certificate)).get_data(as_text=True)
    position = int(verified(token, client)["credentialStatus"]["statusListIndex"])
    anonymous = app.test_client()
    assert revoked_bit(anonymous, position) is False

    _, hr = hr_of(app, make_user, certificate.user_id)
    assert revoke_via_page(hr, certificate.id, "Data kelulusan keliru").status_code == 302

    assert revoked_bit(anonymous, position) is True
    response = client.get(badge_path(certificate))
    assert response.status_code == 410
    assert "sudah dicabut" in response.get_data(as_text=True)
    assert "Unduh Open Badge" not in client.get("/my/certificates").get_data(as_text=True)


def test_status_list_and_did_document_are_public(app, issued):
    anonymous = app.test_client()
    response = anonymous.get("/credentials/status/2")
    assert response.status_code == 404
    assert "Daftar status ini tidak ada" in response.get_data(as_text=True)
    assert anonymous.get("/credentials/status/0").status_code == 404
    document = anonymous.get("/.well-known/did.json")
    assert document.status_code == 200 and document.mimetype == "application/did+json"
    assert document.get_json()["id"] == "did:web:localhost"


def test_public_url_names_the_did(make_app, make_user, make_course):
    app = make_app(PUBLIC_URL="https://elearn.example.go.id:8443/asn")
    publish(make_course)
    user, client = certified_holder(app, make_user)
    certificate = only_certificate(user.id)
    token = client.get(badge_path(certificate)).get_data(as_text=True)
    header = jwt.get_unverified_header(token)
    assert header["kid"].startswith("did:web:elearn.example.go.id%3A8443:asn#")
    assert client.get("/did.json").get_json()["id"] == "did:web:elearn.example.go.id%3A8443:asn"


def test_a_site_under_a_path_gets_a_did_with_that_path(app, issued):
    certificate, client = issued
    anonymous = app.test_client()
    document = anonymous.get("/did.json", base_url="http://localhost/asn").get_json()
    assert document["id"] == "did:web:localhost:asn"
    assert document["verificationMethod"][0]["id"].startswith("did:web:localhost:asn#")
    status = anonymous.get("/credentials/status/1", base_url="http://localhost/asn")
    payload = jwt.decode(status.get_data(as_text=True), options={"verify_signature": False})
    assert payload["id"] == "http://localhost/asn/credentials/status/1"
    assert payload["iss"] == "did:web:localhost:asn"
