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
def _load_key(path: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def signing_key(instance_path: str) -> Ed25519PrivateKey:
    """Load the key from the instance folder, generating it once (owner-only permissions)."""
    path = Path(instance_path) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return _load_key(str(path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
    return _load_key(str(path))


def public_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """A short, stable id of the public key (the JWK thumbprint-style hash, truncated)."""
    return b64url(hashlib.sha256(public_raw(key)).digest())[:16]


def jwks(key: Ed25519PrivateKey) -> dict:
    """The public key as a JSON Web Key Set."""
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
        ]
    }


def sign(record: dict, key: Ed25519PrivateKey) -> str:
    """Return the compact JWS of a record: header.payload.signature."""
    header = {"alg": "EdDSA", "kid": key_id(key), "typ": "elearn-certificate+jws"}
    signing_input = f"{b64url(canonical_json(header))}.{b64url(canonical_json(record))}"
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
