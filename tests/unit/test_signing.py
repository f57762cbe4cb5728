"""Certificate signatures: compact JWS with Ed25519 (RFC 8037), checkable by anyone."""

from __future__ import annotations

import base64
import json
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.certificates.signing import (
    KEY_FILE,
    b64url,
    canonical_json,
    jwks,
    key_id,
    sign,
    signing_key,
    verify,
)

PROPERTY = settings(max_examples=100, deadline=None)

RECORD = {
    "number": "ELN/2026/000123",
    "code": "k3J9x2",
    "holder": {"name": "Siti Rahmawati, S.Sos.", "nip": "19860926 201505 1 001"},
    "course": {"title": "Integritas dan Anti Korupsi", "jp": 20},
    "issuer": "BKPSDM Pemerintah Kota Medan — Café Résumé",
    "issued_at": "2026-06-01T09:00:00+07:00",
    "expires_at": None,
    "competencies": [{"slug": "integritas", "level": 3}],
}


@pytest.fixture(scope="module")
def key():
    return Ed25519PrivateKey.generate()


def unb64(part: str) -> bytes:
    """An independent base64url decoder (not the module's own)."""
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def independent_public_key(key_set: dict) -> Ed25519PublicKey:
    """What an outside verifier does: rebuild the key from the published JWK only."""
    (jwk,) = key_set["keys"]
    assert (jwk["kty"], jwk["crv"]) == ("OKP", "Ed25519")
    return Ed25519PublicKey.from_public_bytes(unb64(jwk["x"]))


# round trip --------------------------------------------------------------------------------


def test_sign_then_verify(key):
    jws = sign(RECORD, key)
    assert verify(jws, key.public_key())
    assert verify(jws, key.public_key(), RECORD)


def test_jws_is_three_base64url_parts_with_an_eddsa_header(key):
    jws = sign(RECORD, key)
    parts = jws.split(".")
    assert len(parts) == 3
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    for part in parts:
        assert part
        assert set(part) <= alphabet  # base64url without padding
    header = json.loads(unb64(parts[0]))
    assert header["alg"] == "EdDSA"
    assert header["kid"] == key_id(key)
    assert json.loads(unb64(parts[1]).decode("utf-8")) == RECORD
    assert len(unb64(parts[2])) == 64  # an Ed25519 signature


def test_an_independent_verifier_needs_only_the_jwks(key):
    jws = sign(RECORD, key)
    key_set = json.loads(json.dumps(jwks(key)))  # as served at /.well-known/jwks.json
    public = independent_public_key(key_set)
    assert key_set["keys"][0]["kid"] == json.loads(unb64(jws.split(".")[0]))["kid"]
    assert key_set["keys"][0]["alg"] == "EdDSA"
    assert key_set["keys"][0]["use"] == "sig"
    # the module's verify with only the rebuilt public key
    assert verify(jws, public, RECORD)
    # and the raw Ed25519 check, without any of the module's code
    header_part, payload_part, signature_part = jws.split(".")
    public.verify(unb64(signature_part), f"{header_part}.{payload_part}".encode("ascii"))
    assert json.loads(unb64(payload_part)) == RECORD


def test_jwks_x_is_the_raw_32_byte_public_key(key):
    x = jwks(key)["keys"][0]["x"]
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert unb64(x) == raw
    assert len(raw) == 32
    assert "=" not in x


def test_key_id_is_stable_and_public(key):
    assert key_id(key) == key_id(key)
    assert key_id(key) == key_id(key.public_key())
    assert key_id(key) == key_id(independent_public_key(jwks(key)))
    assert len(key_id(key)) == 16
    assert key_id(key) != key_id(Ed25519PrivateKey.generate())


# failures: never an exception --------------------------------------------------------------


def _replace_char(text: str, index: int) -> str:
    return text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1 :]


def test_tampered_payload_fails(key):
    header_part, _, signature_part = sign(RECORD, key).split(".")
    forged = dict(RECORD, holder={"name": "Orang Lain", "nip": RECORD["holder"]["nip"]})
    jws = f"{header_part}.{b64url(canonical_json(forged))}.{signature_part}"
    assert verify(jws, key.public_key()) is False
    assert verify(jws, key.public_key(), forged) is False


def test_tampered_signature_fails(key):
    jws = sign(RECORD, key)
    header_part, payload_part, signature_part = jws.split(".")
    for index in (0, 10, 42, len(signature_part) - 2):
        bad = f"{header_part}.{payload_part}.{_replace_char(signature_part, index)}"
        assert verify(bad, key.public_key(), RECORD) is False


def test_other_spellings_of_the_signature_fail(key):
    """The same signature bytes written differently are not the JWS that was issued."""
    header_part, payload_part, signature_part = sign(RECORD, key).split(".")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(signature_part[-1])
    spare = [c for c in alphabet[last & ~15 : (last & ~15) + 16] if c != signature_part[-1]]
    variants = [signature_part + "==", signature_part + "****", signature_part[:40] + "\n"]
    variants[-1] += signature_part[40:]
    variants += [signature_part[:-1] + c for c in spare]  # same bytes, other spare bits
    for variant in variants:
        assert verify(f"{header_part}.{payload_part}.{variant}", key.public_key()) is False


def test_header_tampering_fails(key):
    _, payload_part, signature_part = sign(RECORD, key).split(".")
    header = {"alg": "EdDSA", "kid": "someone-else", "typ": "elearn-certificate+jws"}
    jws = f"{b64url(canonical_json(header))}.{payload_part}.{signature_part}"
    assert verify(jws, key.public_key()) is False


def test_wrong_key_fails(key):
    jws = sign(RECORD, key)
    other = Ed25519PrivateKey.generate()
    assert verify(jws, other.public_key()) is False
    assert verify(jws, other.public_key(), RECORD) is False


def test_alg_none_fails(key):
    payload_part = b64url(canonical_json(RECORD))
    for header in ({"alg": "none"}, {"alg": "none", "kid": key_id(key)}, {"alg": "HS256"}):
        header_part = b64url(canonical_json(header))
        assert verify(f"{header_part}.{payload_part}.", key.public_key(), RECORD) is False
        _, _, real_signature = sign(RECORD, key).split(".")
        jws = f"{header_part}.{payload_part}.{real_signature}"
        assert verify(jws, key.public_key(), RECORD) is False


def test_signed_with_a_different_alg_header_fails(key):
    """Even a genuine signature fails when the header it covers does not say EdDSA."""
    header_part = b64url(canonical_json({"alg": "none", "kid": key_id(key)}))
    payload_part = b64url(canonical_json(RECORD))
    signature = b64url(key.sign(f"{header_part}.{payload_part}".encode()))
    assert verify(f"{header_part}.{payload_part}.{signature}", key.public_key()) is False


def test_record_that_differs_from_the_payload_fails(key):
    jws = sign(RECORD, key)
    assert verify(jws, key.public_key(), dict(RECORD, number="ELN/2026/000124")) is False
    assert verify(jws, key.public_key(), {}) is False
    missing = {k: v for k, v in RECORD.items() if k != "expires_at"}
    assert verify(jws, key.public_key(), missing) is False


def _b64json(value) -> str:
    return b64url(json.dumps(value).encode())


GARBAGE = [
    "",
    ".",
    "..",
    "...",
    "a.b",
    "a.b.c.d",
    "not a jws",
    "!!!.@@@.###",
    "é.é.é",
    "\x00.\x00.\x00",
    "A.A.A",  # impossible base64 lengths
    f"{_b64json(1)}.{_b64json(1)}.AA",  # header is not an object
    f"{_b64json([])}.{_b64json({})}.AA",
    f"{_b64json(None)}.{_b64json({})}.AA",
    f"{_b64json('EdDSA')}.{_b64json({})}.AA",
    f"{b64url(b'{not json')}.{b64url(b'x')}.{'A' * 86}",
    b64url(bytes([0xFF, 0xFE])) + ".e30." + "A" * 86,  # header not UTF-8
    f"{_b64json({'alg': 'EdDSA'})}.e30.{'A' * 86}",
    f"{_b64json({'alg': 'EdDSA'})}.e30.",
    f"{b64url(b'[' * 100_000)}.e30.{'A' * 86}",  # nesting deep enough to recurse
]


@pytest.mark.parametrize("garbage", GARBAGE, ids=[repr(g)[:24] for g in GARBAGE])
def test_garbage_fails_without_raising(key, garbage):
    assert verify(garbage, key.public_key()) is False
    assert verify(garbage, key.public_key(), RECORD) is False


@PROPERTY
@given(st.text(max_size=200))
def test_any_text_fails_without_raising(text):
    public = Ed25519PrivateKey.from_private_bytes(bytes(32)).public_key()
    assert verify(text, public) is False


@PROPERTY
@given(data=st.data())
def test_any_single_character_change_fails(key, data):
    jws = sign(RECORD, key)
    index = data.draw(st.integers(min_value=0, max_value=len(jws) - 1))
    replacement = data.draw(st.sampled_from("ABCabc0189-_.="))
    changed = jws[:index] + replacement + jws[index + 1 :]
    if changed != jws:
        assert verify(changed, key.public_key(), RECORD) is False


# canonical JSON ----------------------------------------------------------------------------


def test_canonical_json_ignores_key_order():
    a = {"b": 1, "a": {"y": [1, 2], "x": None}, "c": "z"}
    b = {"c": "z", "a": {"x": None, "y": [1, 2]}, "b": 1}
    assert canonical_json(a) == canonical_json(b)
    assert canonical_json(a) == b'{"a":{"x":null,"y":[1,2]},"b":1,"c":"z"}'


def test_canonical_json_keeps_non_ascii_as_utf8():
    record = {"name": "Siti Rahmawati, S.Sos.", "issuer": "Pemerintah Kota Medan, Café"}
    data = canonical_json(record)
    assert b"Siti Rahmawati, S.Sos." in data
    assert "Café".encode() in data
    assert b"\\u" not in data
    assert (
        data.decode("utf-8")
        == '{"issuer":"Pemerintah Kota Medan, Café","name":"Siti Rahmawati, S.Sos."}'
    )


def test_signature_survives_reordering_of_the_record(key):
    jws = sign(RECORD, key)
    reordered = dict(reversed(list(RECORD.items())))
    assert sign(reordered, key).split(".")[1] == jws.split(".")[1]
    assert verify(jws, key.public_key(), reordered)


def test_non_ascii_record_round_trips(key):
    record = {"holder": "Siti Rahmawati, S.Sos.", "issuer": "Pemerintah Kota Medan é 🇮🇩"}
    jws = sign(record, key)
    assert verify(jws, independent_public_key(jwks(key)), record)
    assert json.loads(unb64(jws.split(".")[1]).decode("utf-8")) == record


@PROPERTY
@given(
    st.dictionaries(
        st.text(max_size=8),
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        max_size=6,
    )
)
def test_any_record_round_trips(key, record):
    jws = sign(record, key)
    assert verify(jws, key.public_key(), record)
    assert canonical_json(dict(reversed(list(record.items())))) == canonical_json(record)


# the key file ------------------------------------------------------------------------------


def test_signing_key_is_created_once_with_owner_only_permissions(tmp_path):
    first = signing_key(str(tmp_path))
    path = tmp_path / KEY_FILE
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    pem = path.read_bytes()
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    second = signing_key(str(tmp_path))
    assert path.read_bytes() == pem
    assert key_id(second) == key_id(first)
    assert verify(sign(RECORD, first), second.public_key(), RECORD)


def test_signing_key_creates_the_instance_folder(tmp_path):
    instance = tmp_path / "instance" / "nested"
    key = signing_key(str(instance))
    assert (instance / KEY_FILE).is_file()
    loaded = serialization.load_pem_private_key((instance / KEY_FILE).read_bytes(), None)
    assert key_id(loaded) == key_id(key)


def test_signing_key_uses_an_existing_file(tmp_path):
    existing = Ed25519PrivateKey.generate()
    (tmp_path / KEY_FILE).write_bytes(
        existing.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    assert key_id(signing_key(str(tmp_path))) == key_id(existing)


def test_different_instances_get_different_keys(tmp_path):
    a = signing_key(str(tmp_path / "a"))
    b = signing_key(str(tmp_path / "b"))
    assert key_id(a) != key_id(b)
