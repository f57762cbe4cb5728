"""Open Badges 3.0 building, without Flask or a database: the credential of a signed
certificate record (checked against 1EdTech's JSON Schema), the did:web names and
document, the hashed recipient, and the bitstring status list."""

from __future__ import annotations

import base64
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft201909Validator

from elearn.domain import open_badges as ob

SCHEMA = json.loads(
    (
        Path(__file__).parents[1]
        / "data"
        / "openbadges"
        / "ob_v3p0_achievementcredential_schema.json"
    ).read_text()
)
RECORD = {
    "number": "ELN/2026/000123",
    "holder": {"name": "Siti Rahmawati", "nip": "1986•••• •••••• • 001", "details_sha256": "ab"},
    "course": {"slug": "integritas", "title": "Integritas dan Anti Korupsi", "version": 3},
    "jp": 20,
    "completed_at": "2026-06-01T08:59:00+07:00",
    "issued_at": "2026-06-01T09:00:00+07:00",
    "expires_at": "2028-06-01T09:00:00+07:00",
    "final_score": 86,
    "competencies": [
        {"slug": "integritas", "name": "Integritas", "level": 3},
        {"slug": "komunikasi", "name": "Komunikasi", "level": 2},
    ],
    "issuer": {"institution": "BKPSDM Kota Medan"},
    "code": "k3J9x2AbCdEfGhIjKlMnOp",
    "task": {"verified_by": "Kepala Bidang", "verified_at": "2026-05-30"},
}
ISSUER = ob.Issuer(
    did="did:web:elearn.example.go.id",
    name="BKPSDM Kota Medan",
    url="https://elearn.example.go.id/",
)
COURSE = ob.Course(
    achievement_id="https://elearn.example.go.id/courses/integritas#versi-3",
    url="https://elearn.example.go.id/courses/integritas",
    description="Nilai dasar integritas ASN.",
    pass_percent=70,
)
STATUS = ob.StatusEntry("https://elearn.example.go.id/credentials/status/1", 4242)
NIP = "198609262015051001"


def build(record=RECORD, **kw) -> dict:
    values = {
        "credential_id": "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        "subject_id": "urn:uuid:2c5f39cb-3ab2-12e3-994a-1127e4ddb538",
        "identity": ob.hashed_identity("identifier", NIP, ob.identity_salt("garam")),
        "issuer": ISSUER,
        "course": COURSE,
        "status": STATUS,
        **kw,
    }
    return ob.open_badge_credential(record, **values)


def schema_errors(document: dict) -> list[str]:
    return [e.message for e in Draft201909Validator(SCHEMA).iter_errors(document)]


# the credential ---------------------------------------------------------------------------------


def test_credential_and_its_jwt_payload_follow_the_1edtech_schema():
    credential = build()
    assert schema_errors(credential) == []
    assert schema_errors(ob.jwt_claims(credential)) == []


def test_minimal_record_follows_the_schema_too():
    record = {k: v for k, v in RECORD.items() if k not in ("task", "expires_at", "completed_at")}
    record = {**record, "competencies": [], "final_score": None}
    course = ob.Course(COURSE.achievement_id, COURSE.url, "", None)
    credential = build(record, course=course)
    assert schema_errors(credential) == []
    assert (
        "validUntil" not in credential
        and "alignment" not in credential["credentialSubject"]["achievement"]
    )
    assert (
        credential["credentialSubject"]["achievement"]["description"]
        == "Integritas dan Anti Korupsi"
    )


def test_dates_are_utc_and_the_jwt_claims_repeat_them():
    credential = build()
    assert credential["validFrom"] == "2026-06-01T02:00:00Z"
    assert credential["validUntil"] == "2028-06-01T02:00:00Z"
    claims = ob.jwt_claims(credential)
    assert claims["nbf"] == int(datetime(2026, 6, 1, 2, tzinfo=UTC).timestamp())
    assert claims["exp"] == int(datetime(2028, 6, 1, 2, tzinfo=UTC).timestamp())
    assert claims["iss"] == ISSUER.did
    assert claims["jti"] == credential["id"]
    assert claims["sub"] == credential["credentialSubject"]["id"]


def test_achievement_carries_course_jp_competencies_and_criteria():
    subject = build()["credentialSubject"]
    achievement = subject["achievement"]
    assert achievement["name"] == "Integritas dan Anti Korupsi"
    assert achievement["achievementType"] == "Course"
    assert achievement["creditsAvailable"] == 20 and subject["creditsEarned"] == 20
    assert [(a["targetCode"], a["targetDescription"]) for a in achievement["alignment"]] == [
        ("integritas", "Level 3"),
        ("komunikasi", "Level 2"),
    ]
    narrative = achievement["criteria"]["narrative"]
    assert "nilai minimal 70" in narrative and "diverifikasi oleh atasan" in narrative
    described = {d["id"]: d for d in achievement["resultDescription"]}
    values = {r["resultDescription"]: r["value"] for r in subject["result"]}
    assert set(values) == set(described)  # every result points at a described result
    assert values[COURSE.achievement_id + "#jp"] == "20"
    assert values[COURSE.achievement_id + "#nilai-akhir"] == "86"
    assert values[COURSE.achievement_id + "#kompetensi-integritas"] == "3"


def test_status_entry_points_into_the_list():
    status = build()["credentialStatus"]
    assert status == {
        "id": STATUS.list_url + "#4242",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "4242",
        "statusListCredential": STATUS.list_url,
    }


def test_the_holder_appears_only_hashed():
    text = json.dumps(build(), ensure_ascii=False)
    assert NIP not in text and "Siti" not in text and "1986" not in text
    (identity,) = build()["credentialSubject"]["identifier"]
    assert identity["hashed"] is True and identity["identityHash"].startswith("sha256$")
    assert len(identity["identityHash"]) == len("sha256$") + 64
    assert ob.identity_matches(identity, NIP)
    assert not ob.identity_matches(identity, NIP[:-1] + "2")


def test_identity_salt_is_stable_and_not_the_secret_salt():
    assert ob.identity_salt("garam") == ob.identity_salt("garam")
    assert ob.identity_salt("garam") != ob.identity_salt("garam2")
    assert "garam" not in ob.identity_salt("garam")


# did:web --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "did", "path"),
    [
        ("https://elearn.example.go.id", "did:web:elearn.example.go.id", "/.well-known/did.json"),
        ("https://elearn.example.go.id/", "did:web:elearn.example.go.id", "/.well-known/did.json"),
        ("http://localhost:5000", "did:web:localhost%3A5000", "/.well-known/did.json"),
        (
            "https://pemda.go.id/elearn/asn",
            "did:web:pemda.go.id:elearn:asn",
            "/elearn/asn/did.json",
        ),
        ("https://BKPSDM.example.go.id", "did:web:bkpsdm.example.go.id", "/.well-known/did.json"),
        ("https://bélajar.id", "did:web:xn--blajar-bva.id", "/.well-known/did.json"),
    ],
)
def test_did_web_of_the_site(base, did, path):
    assert ob.did_web(base) == did
    assert ob.did_document_path(did) == path


def test_did_document_lists_every_published_key_by_method_id():
    jwks = {
        "keys": [
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "x": "AAAA",
                "kid": "k1",
                "use": "sig",
                "alg": "EdDSA",
            },
            {"kty": "OKP", "crv": "Ed25519", "x": "BBBB", "kid": "k2", "d": "never"},
        ]
    }
    document = ob.did_document(ISSUER.did, jwks)
    assert document["id"] == ISSUER.did
    ids = [m["id"] for m in document["verificationMethod"]]
    assert ids == [f"{ISSUER.did}#k1", f"{ISSUER.did}#k2"]
    assert document["assertionMethod"] == ids
    assert all(m["controller"] == ISSUER.did for m in document["verificationMethod"])
    assert "d" not in document["verificationMethod"][1]["publicKeyJwk"]


# the status list ------------------------------------------------------------------------------


def test_status_indexes_never_collide_and_fill_one_list_first():
    size = ob.STATUS_LIST_SIZE
    first_list = {ob.status_index(i) for i in range(1, size + 1)}
    assert first_list == set(range(size))  # a bijection onto the first list
    assert ob.list_and_position(ob.status_index(size + 1)) == (2, 0)
    assert [ob.status_index(i) for i in (1, 2, 3)] != [0, 1, 2]  # not in issue order


def test_empty_list_is_16_kib_of_zeros_and_deterministic():
    encoded = ob.encode_status_list([])
    assert encoded.startswith("u") and "=" not in encoded
    assert ob.decode_status_list(encoded) == bytes(ob.STATUS_LIST_SIZE // 8)
    assert ob.encode_status_list([]) == encoded


def test_bits_are_counted_from_the_left():
    bits = ob.decode_status_list(ob.encode_status_list([0, 9, ob.STATUS_LIST_SIZE - 1]))
    assert bits[0] == 0b1000_0000 and bits[1] == 0b0100_0000 and bits[-1] == 0b0000_0001
    # what an independent verifier does: base64url, then gzip, then read the bit
    text = ob.encode_status_list([5])[1:]
    raw = gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    assert (raw[0] >> (7 - 5)) & 1 == 1


@settings(max_examples=50, deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=ob.STATUS_LIST_SIZE - 1), max_size=40))
def test_exactly_the_revoked_bits_are_set(positions):
    bits = ob.decode_status_list(ob.encode_status_list(positions))
    for position in list(positions)[:10] + [0, 1, 77, ob.STATUS_LIST_SIZE - 1]:
        assert ob.bit_is_set(bits, position) is (position in positions)
    assert sum(bin(b).count("1") for b in bits) == len(positions)


def test_status_list_credential():
    now = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
    vc = ob.status_list_credential(STATUS.list_url, ISSUER, ob.encode_status_list([3]), now)
    assert vc["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert vc["validFrom"] == "2026-12-02T09:30:00Z"
    subject = vc["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    assert ob.bit_is_set(ob.decode_status_list(subject["encodedList"]), 3)
    assert ob.jwt_claims(vc)["iss"] == ISSUER.did
