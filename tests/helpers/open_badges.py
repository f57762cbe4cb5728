"""Checking an Open Badges VC-JWT as an outside verifier would (PyJWT, not joserfc)."""

from __future__ import annotations

import jwt


def verified(token: str, client) -> dict:
    """Check a VC-JWT as a verifier: resolve the header's kid in our DID document, then
    PyJWT checks the EdDSA signature and the nbf/exp claims."""
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA" and header["typ"] == "JWT"
    document = client.get("/.well-known/did.json").get_json()
    (method,) = [m for m in document["verificationMethod"] if m["id"] == header["kid"]]
    assert method["type"] == "JsonWebKey2020" and "d" not in method["publicKeyJwk"]
    assert header["kid"] in document["assertionMethod"]
    key = jwt.PyJWK(method["publicKeyJwk"], algorithm="EdDSA")
    # The same key as the JWKS certificates are checked with, under the kid in the fragment.
    jwks = client.get("/.well-known/jwks.json").get_json()["keys"]
    kid = header["kid"].split("#", 1)[1]
    assert {"x": method["publicKeyJwk"]["x"], "kid": kid} in [
        {"x": k["x"], "kid": k["kid"]} for k in jwks
    ]
    return jwt.decode(token, key, algorithms=["EdDSA"], options={"require": ["iss", "nbf"]})
