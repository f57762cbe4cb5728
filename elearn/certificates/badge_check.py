"""The admin's connection test for Open Badges: fetch the issuer's did:web document from
the public address, as a wallet or verifier would, and check that it holds the key the
platform signs with now, by verifying a freshly signed test credential against it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from flask import current_app, has_request_context, request

from ..domain import open_badges as ob
from ..integrations.status import ConnectionFailed
from . import signing
from .open_badges import JWT_TYP, site_did

TIMEOUT_SECONDS = 5
DOCUMENT_LIMIT = 256 * 1024  # a DID document with a few keys is a few kilobytes


def configured(config) -> bool:
    """did:web names the site by its public address: without PUBLIC_URL there is none."""
    return bool(str(config.get("PUBLIC_URL") or "").strip())


def document_url() -> str:
    """Where a verifier fetches the document of our did:web (W3C did:web: /.well-known/
    did.json for a bare host, <path>/did.json for a site under a path), on PUBLIC_URL."""
    base = str(current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    parts = urlsplit(base)
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not loopback:
        raise ConnectionFailed(
            "ELEARN_PUBLIC_URL harus https: dompet dan pemeriksa mengambil did:web lewat https"
        )
    root = (parts.path + (request.script_root if has_request_context() else "")).rstrip("/")
    origin = f"{parts.scheme}://{parts.netloc}"
    return f"{origin}{root}/did.json" if root else f"{origin}/.well-known/did.json"


def _fetch(url: str) -> dict:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310 (http(s) only)
            body = answer.read(DOCUMENT_LIMIT + 1)
    except urllib.error.HTTPError as exc:
        raise ConnectionFailed(f"{url} menjawab HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ConnectionFailed(f"{url} tidak dapat dihubungi ({reason})") from None
    if len(body) > DOCUMENT_LIMIT:
        raise ConnectionFailed(f"{url} terlalu besar untuk dokumen DID")
    try:
        document = json.loads(body)
    except ValueError:
        raise ConnectionFailed(f"{url} tidak berisi JSON") from None
    if not isinstance(document, dict):
        raise ConnectionFailed(f"{url} bukan dokumen DID")
    return document


def _method_key(document: dict, method_id: str) -> Ed25519PublicKey:
    for method in document.get("verificationMethod") or []:
        if isinstance(method, dict) and method.get("id") == method_id:
            jwk = method.get("publicKeyJwk") or {}
            try:
                return Ed25519PublicKey.from_public_bytes(signing.b64url_decode(jwk.get("x", "")))
            except (ValueError, TypeError):
                break
    raise ConnectionFailed(f"dokumen DID tidak memuat kunci penandatangan saat ini ({method_id})")


def check() -> str:
    did = site_did()
    url = document_url()
    document = _fetch(url)
    if document.get("id") != did:
        raise ConnectionFailed(f"{url} menyebut {document.get('id')!r}, bukan {did}")
    key = signing.signing_key(current_app.instance_path)
    method_id = ob.method_id(did, signing.key_id(key))
    probe = signing.sign_bytes(b'{"uji":"koneksi"}', key, typ=JWT_TYP, kid=method_id)
    if signing.verified_payload(probe, _method_key(document, method_id)) is None:
        raise ConnectionFailed("tanda tangan uji tidak cocok dengan kunci di dokumen DID")
    count = len(document.get("verificationMethod") or [])
    host = urlsplit(url).netloc
    return f"dokumen DID di {host} memuat kunci saat ini; {count} kunci diterbitkan"
