"""The institution's Ed25519 key: certificate records are signed as compact JWS (RFC 8037)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_FILE = "certificate-signing-key.pem"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


_B64URL = re.compile(r"[A-Za-z0-9_-]*")


def b64url_decode(text: str) -> bytes:
    """Decode unpadded base64url strictly: any other spelling of the same bytes (stray
    characters, padding, non-zero spare bits) raises ValueError, so a JWS has one form."""
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not unpadded base64url")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64url(data) != text:
        raise ValueError("not canonical base64url")
    return data


def canonical_json(record: dict) -> bytes:
    """The exact bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@lru_cache(maxsize=8)
def _parse_key(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    return key


def _load_key(path: Path) -> Ed25519PrivateKey:
    # Read on every call (a small file) and parsed once per content: a rotated key, renamed
    # over the old file, is what every worker signs with from its next certificate on.
    try:
        return _parse_key(path.read_bytes())
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


def private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def signing_key(instance_path: str) -> Ed25519PrivateKey:
    """Load the key from the instance folder, generating it once (owner-only permissions)."""
    path = Path(instance_path) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = private_pem(Ed25519PrivateKey.generate())
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return _load_key(path)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
    return _load_key(path)


def public_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """A short, stable id of the public key (the JWK thumbprint-style hash, truncated)."""
    return b64url(hashlib.sha256(public_raw(key)).digest())[:16]


def jwks(*keys: Ed25519PrivateKey | Ed25519PublicKey) -> dict:
    """The public keys as a JSON Web Key Set (the signing key first, then retired ones)."""
    return {
        "keys": [
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "x": b64url(public_raw(key)),
                "kid": key_id(key),
                "use": "sig",
                "alg": "EdDSA",
            }
            for key in keys
        ]
    }


def header_kid(jws: str) -> str | None:
    """The key id a JWS names, unverified: only to pick the key that then checks it."""
    try:
        header = json.loads(b64url_decode(jws.split(".", 1)[0]))
    except (ValueError, TypeError, AttributeError):
        return None
    kid = header.get("kid") if isinstance(header, dict) else None
    return kid if isinstance(kid, str) else None


def header_part(kid: str) -> str:
    """The first part of every JWS this platform signs with the key `kid`: one spelling
    per key, so the certificates a key signed are found by this prefix."""
    return b64url(canonical_json({"alg": "EdDSA", "kid": kid, "typ": "elearn-certificate+jws"}))


def sign(record: dict, key: Ed25519PrivateKey) -> str:
    """Return the compact JWS of a record: header.payload.signature."""
    signing_input = f"{header_part(key_id(key))}.{b64url(canonical_json(record))}"
    return f"{signing_input}.{b64url(key.sign(signing_input.encode()))}"


def verify(jws: str, public: Ed25519PublicKey, record: dict | None = None) -> bool:
    """Check a compact JWS against the public key and, if given, that it carries `record`."""
    try:
        header_part, payload_part, signature_part = jws.split(".")
        # The signature first: only then are the header and payload ours to parse.
        public.verify(b64url_decode(signature_part), f"{header_part}.{payload_part}".encode())
        header = json.loads(b64url_decode(header_part))
        if not isinstance(header, dict) or header.get("alg") != "EdDSA":
            return False
        if record is not None and json.loads(b64url_decode(payload_part)) != record:
            return False
    except (ValueError, TypeError, AttributeError, InvalidSignature):
        return False
    return True
