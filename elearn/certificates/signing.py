"""The institution's Ed25519 key: certificate records are signed as compact JWS (RFC 8037).

The JOSE work (base64url, compact serialisation, the EdDSA signature, JWK export) is done
by joserfc; this module keeps the house rules around it: one spelling of every JWS we
sign (canonical JSON payload, a fixed header per key) and a verify that never raises.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from joserfc import jws as jose_jws
from joserfc.errors import JoseError, UnsupportedAlgorithmError
from joserfc.jwa import EdDSA
from joserfc.jwk import OKPKey
from joserfc.jws import JWSRegistry
from joserfc.util import urlsafe_b64decode, urlsafe_b64encode

KEY_FILE = "certificate-signing-key.pem"
ALG = "EdDSA"
CERTIFICATE_TYPE = "elearn-certificate+jws"
# Every header this platform writes names only these; anything more (crit, b64, jku...)
# is not ours and fails verification.
HEADER_NAMES = frozenset({"alg", "kid", "typ"})


class _EdDSAOnly(JWSRegistry):
    """joserfc's registry, narrowed to RFC 8037 "EdDSA" and quiet about it.

    joserfc warns that RFC 9864 deprecates "EdDSA" in favour of the fully specified
    "Ed25519". We keep "EdDSA": every certificate already issued says it, our JWKS
    publishes it, and verifiers in the field (PyJWT, jose, Java libraries) know it while
    few know "Ed25519" yet. The key is always Ed25519 (checked on load), so nothing is
    ambiguous. Any other algorithm is refused here, before a key is touched.
    """

    def get_alg(self, name: str):
        if name != ALG:
            raise UnsupportedAlgorithmError(f"Algorithm of '{name}' is not allowed")
        return EdDSA


REGISTRY = _EdDSAOnly(algorithms=[ALG])


def b64url(data: bytes) -> str:
    return urlsafe_b64encode(data).decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode unpadded base64url strictly: any other spelling of the same bytes (stray
    characters, padding, non-zero spare bits) raises ValueError, so a JWS has one form."""
    try:
        return urlsafe_b64decode(text.encode("ascii"))
    except (UnicodeEncodeError, ValueError):
        raise ValueError("not canonical unpadded base64url") from None


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
    """A short, stable id of the public key (a hash of the raw key, truncated). Not the
    RFC 7638 thumbprint: certificates already issued name this id, so it stays."""
    return b64url(hashlib.sha256(public_raw(key)).digest())[:16]


def public_jwk(key: Ed25519PrivateKey | Ed25519PublicKey) -> dict:
    """The public half of a key as a JWK (never the private "d"), with our kid."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    jwk = OKPKey.import_key(public).as_dict(private=False)
    return {
        "kty": jwk["kty"],
        "crv": jwk["crv"],
        "x": jwk["x"],
        "kid": key_id(key),
        "use": "sig",
        "alg": ALG,
    }


def jwks(*keys: Ed25519PrivateKey | Ed25519PublicKey) -> dict:
    """The public keys as a JSON Web Key Set (the signing key first, then retired ones)."""
    return {"keys": [public_jwk(key) for key in keys]}


def header_kid(jws: str) -> str | None:
    """The key id a JWS names, unverified: only to pick the key that then checks it."""
    try:
        header = json.loads(b64url_decode(jws.split(".", 1)[0]))
    except (ValueError, TypeError, AttributeError, RecursionError):
        return None
    kid = header.get("kid") if isinstance(header, dict) else None
    return kid if isinstance(kid, str) else None


def _header(kid: str, typ: str) -> dict:
    # Sorted keys: joserfc writes the header dict in its order, compact, ASCII-escaped. Our
    # kids and types are ASCII, so those bytes are exactly canonical_json of the header,
    # which is what the hand-written signer before joserfc produced (header_part below).
    return {"alg": ALG, "kid": kid, "typ": typ}


def header_part(kid: str, typ: str = CERTIFICATE_TYPE) -> str:
    """The first part of every JWS this platform signs with the key `kid`: one spelling
    per key, so the certificates a key signed are found by this prefix."""
    return b64url(canonical_json(_header(kid, typ)))


def sign_bytes(
    payload: bytes, key: Ed25519PrivateKey, typ: str = CERTIFICATE_TYPE, kid: str | None = None
) -> str:
    """Sign `payload` as a compact JWS whose header is {alg, kid, typ} (kid defaults to
    the key's id)."""
    kid = kid or key_id(key)
    token = jose_jws.serialize_compact(
        _header(kid, typ), payload, OKPKey.import_key(key), registry=REGISTRY
    )
    if not token.startswith(header_part(kid, typ) + "."):
        # The prefix search for a key's certificates (resign.py) depends on this spelling.
        raise RuntimeError("joserfc wrote an unexpected JWS header")
    return token


def sign(record: dict, key: Ed25519PrivateKey) -> str:
    """Return the compact JWS of a record: header.payload.signature."""
    return sign_bytes(canonical_json(record), key)


def verified_payload(jws: str, public: Ed25519PublicKey) -> tuple[dict, bytes] | None:
    """The header and payload bytes of a compact JWS whose EdDSA signature `public`
    made, or None for anything else (never an exception)."""
    try:
        if not isinstance(jws, str) or jws.count(".") != 2:
            return None
        parts = jws.split(".")
        for part in parts:
            b64url_decode(part)  # one spelling only, including the signature's spare bits
        obj = jose_jws.deserialize_compact(jws, OKPKey.import_key(public), registry=REGISTRY)
    except (JoseError, ValueError, TypeError, RecursionError):
        return None
    header = obj.headers()
    if not isinstance(header, dict) or header.get("alg") != ALG or set(header) - HEADER_NAMES:
        return None
    return header, obj.payload


def verify(jws: str, public: Ed25519PublicKey, record: dict | None = None) -> bool:
    """Check a compact JWS against the public key and, if given, that it carries `record`."""
    checked = verified_payload(jws, public)
    if checked is None:
        return False
    if record is None:
        return True
    try:
        return json.loads(checked[1]) == record
    except (ValueError, RecursionError):
        return False
