"""Certificates signed before the JOSE work moved to joserfc still verify, and new
signatures keep the header spelling that finds a key's certificates by prefix."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from joserfc import jws as jose_jws
from joserfc.jwk import OKPKey

from elearn.certificates.signing import (
    REGISTRY,
    b64url_decode,
    canonical_json,
    header_kid,
    header_part,
    key_id,
    sign,
    verify,
)

# Produced by the hand-written signer (commit 4e9d218, before joserfc) with this key: the
# RFC 8032 test vector 1 secret, so anyone can redo it.
LEGACY_SECRET = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
LEGACY_KID = "If4x36FUomFia_hU"
LEGACY_RECORD = {
    "number": "ELN/2026/000007",
    "holder": {
        "name": "Siti Rahmawati, S.Sos.",
        "nip": "19860926 ****** * 001",
        "details_sha256": "ab" * 32,
    },
    "course": {"slug": "integritas", "title": "Integritas dan Anti Korupsi — Café", "version": 2},
    "jp": 20,
    "issued_at": "2026-06-01T02:00:00+00:00",
    "expires_at": None,
    "competencies": [{"slug": "integritas", "name": "Integritas", "level": 3}],
    "code": "k3J9x2AbCdEfGhIjKlMnOp",
}
LEGACY_JWS = (
    "eyJhbGciOiJFZERTQSIsImtpZCI6IklmNHgzNkZVb21GaWFfaFUiLCJ0eXAiOiJlbGVhcm4tY2VydGlmaWNhdGUr"
    "andzIn0.eyJjb2RlIjoiazNKOXgyQWJDZEVmR2hJaktsTW5PcCIsImNvbXBldGVuY2llcyI6W3sibGV2ZWwiOjMs"
    "Im5hbWUiOiJJbnRlZ3JpdGFzIiwic2x1ZyI6ImludGVncml0YXMifV0sImNvdXJzZSI6eyJzbHVnIjoiaW50ZWdy"
    "aXRhcyIsInRpdGxlIjoiSW50ZWdyaXRhcyBkYW4gQW50aSBLb3J1cHNpIOKAlCBDYWbDqSIsInZlcnNpb24iOjJ9"
    "LCJleHBpcmVzX2F0IjpudWxsLCJob2xkZXIiOnsiZGV0YWlsc19zaGEyNTYiOiJhYmFiYWJhYmFiYWJhYmFiYWJh"
    "YmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiIiwibmFtZSI6IlNpdGkgUmFobWF3"
    "YXRpLCBTLlNvcy4iLCJuaXAiOiIxOTg2MDkyNiAqKioqKiogKiAwMDEifSwiaXNzdWVkX2F0IjoiMjAyNi0wNi0w"
    "MVQwMjowMDowMCswMDowMCIsImpwIjoyMCwibnVtYmVyIjoiRUxOLzIwMjYvMDAwMDA3In0.WL2a9P76NUOFqHMS"
    "0A98Z9Q6DlYE4aydR4tZizKDNSvm51jhKLoxNQ6lWjXwGVRc6VNzmb4RYstyN4Fa6ZFgDA"
)


def legacy_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(LEGACY_SECRET)


def test_a_certificate_signed_by_the_hand_written_code_still_verifies():
    key = legacy_key()
    assert key_id(key) == LEGACY_KID
    assert header_kid(LEGACY_JWS) == LEGACY_KID
    assert verify(LEGACY_JWS, key.public_key())
    assert verify(LEGACY_JWS, key.public_key(), LEGACY_RECORD)
    assert not verify(LEGACY_JWS, key.public_key(), dict(LEGACY_RECORD, jp=21))
    assert not verify(LEGACY_JWS, Ed25519PrivateKey.generate().public_key(), LEGACY_RECORD)


def test_joserfc_signs_the_same_bytes_as_the_hand_written_code():
    """Ed25519 is deterministic: the same key and record give the very JWS stored before."""
    assert sign(LEGACY_RECORD, legacy_key()) == LEGACY_JWS


def test_new_signatures_start_with_the_key_prefix():
    key = Ed25519PrivateKey.generate()
    jws = sign({"a": "é"}, key)
    assert jws.startswith(header_part(key_id(key)) + ".")
    header = json.loads(b64url_decode(jws.split(".")[0]))
    assert canonical_json(header) == b64url_decode(header_part(key_id(key)))
    assert header == {"alg": "EdDSA", "kid": key_id(key), "typ": "elearn-certificate+jws"}


def test_a_header_naming_more_than_ours_fails():
    """A crit/b64 header (RFC 7797) would change what the payload means: never ours."""
    key = legacy_key()
    header = {"alg": "EdDSA", "kid": LEGACY_KID, "jku": "https://example.org/keys"}
    token = jose_jws.serialize_compact(
        header, canonical_json(LEGACY_RECORD), OKPKey.import_key(key), registry=REGISTRY
    )
    assert not verify(token, key.public_key(), LEGACY_RECORD)
