"""Open Badges 3.0: a certificate's signed record as an `OpenBadgeCredential` (a W3C
Verifiable Credential, data model 2.0), the issuer's did:web document, and the W3C
Bitstring Status List that says which credentials are revoked.

Pure: plain dicts in, plain dicts out. Signing, URLs and the database live in
`elearn.certificates.open_badges`. The choices are written up in docs/open-badges.md.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
DID_CONTEXT = ("https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1")
# The spec's minimum list length (16 KiB): a short list would tell how many were issued.
STATUS_LIST_SIZE = 131_072
# Odd, so multiplying by it modulo the list size visits every position once: a
# certificate's place in the list does not follow issue order (the spec asks for indexes
# that do not line up with issuing); it is not a secret.
_SCATTER = 48_271
STATUS_LIST_TTL_MS = 300_000  # the list is served with a five-minute cache
# Only public members are copied into the DID document, whatever a key set holds.
PUBLIC_JWK_MEMBERS = ("kty", "crv", "x", "kid", "alg", "use")


@dataclass(frozen=True)
class Issuer:
    did: str
    name: str
    url: str


@dataclass(frozen=True)
class Course:
    """What the record does not carry about the course: from its published version."""

    achievement_id: str
    url: str
    description: str
    pass_percent: int | None


@dataclass(frozen=True)
class StatusEntry:
    list_url: str
    position: int


# identifiers --------------------------------------------------------------------------------


def did_web(base_url: str) -> str:
    """The did:web of a site: `https://elearn.go.id/` -> `did:web:elearn.go.id`; a port is
    percent-encoded and a path becomes more colon-separated parts (did:web method spec)."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "localhost").encode("idna").decode("ascii")
    if parts.port:
        host += quote(f":{parts.port}", safe="")
    segments = [quote(s, safe="") for s in parts.path.split("/") if s]
    return ":".join(["did:web", host, *segments])


def did_document_path(did: str) -> str:
    """Where a did:web resolver fetches the document, as a path on our own host."""
    segments = did.split(":")[3:]
    return "/" + "/".join(segments) + "/did.json" if segments else "/.well-known/did.json"


def method_id(did: str, kid: str) -> str:
    return f"{did}#{kid}"


def did_document(did: str, jwks: dict) -> dict:
    """The issuer's DID document: every published key as a JsonWebKey verification method
    with id `<did>#<kid>`, usable to check credentials (assertionMethod)."""
    methods = [
        {
            "id": method_id(did, jwk["kid"]),
            "type": "JsonWebKey2020",
            "controller": did,
            "publicKeyJwk": {
                k: jwk[k] for k in ("kty", "crv", "x", "kid", "alg", "use") if k in jwk
            },
        }
        for jwk in jwks["keys"]
    ]
    ids = [m["id"] for m in methods]
    return {
        "@context": list(DID_CONTEXT),
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def identity_salt(secret_salt: str) -> str:
    """A salt of its own for the recipient hash, derived from the certificate's private
    salt: stable, so the same certificate always gives the same credential."""
    return hashlib.sha256(f"open-badges-identity:{secret_salt}".encode()).hexdigest()[:32]


def hashed_identity(identity_type: str, value: str, salt: str) -> dict:
    """An OB 3.0 IdentityObject: sha256 over the identity then the salt, never the value."""
    digest = hashlib.sha256((value + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityType": identity_type,
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "salt": salt,
    }


def identity_matches(identity: dict, value: str) -> bool:
    """What a verifier does with a NIP or e-mail the holder tells them."""
    expected = hashlib.sha256((value + identity["salt"]).encode()).hexdigest()
    return identity["identityHash"] == f"sha256${expected}"


# the credential -----------------------------------------------------------------------------


def _utc(text: str) -> str:
    """An ISO date-time as the UTC `...Z` form the VC data model examples use."""
    return datetime.fromisoformat(text).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _competency_alignment(competency: dict, course_url: str) -> dict:
    return {
        "type": ["Alignment"],
        "targetType": "ceasn:Competency",
        "targetName": competency["name"],
        "targetCode": competency["slug"],
        "targetDescription": f"Level {competency['level']}",
        "targetFramework": "Standar Kompetensi ASN",
        "targetUrl": f"{course_url}#kompetensi-{competency['slug']}",
    }


def _result_descriptions(record: dict, course: Course) -> list[dict]:
    base = course.achievement_id
    found = [
        {
            "id": f"{base}#jp",
            "type": ["ResultDescription"],
            "name": "Jam Pelajaran (JP)",
            "resultType": "ext:JamPelajaran",
            "requiredValue": str(record["jp"]),
        }
    ]
    if record.get("final_score") is not None:
        score = {"valueMin": "0", "valueMax": "100"}
        if course.pass_percent is not None:
            score["requiredValue"] = str(course.pass_percent)
        found.append(
            {
                "id": f"{base}#nilai-akhir",
                "type": ["ResultDescription"],
                "name": "Nilai akhir",
                "resultType": "Percent",
                **score,
            }
        )
    for competency in record.get("competencies", []):
        found.append(
            {
                "id": f"{base}#kompetensi-{competency['slug']}",
                "type": ["ResultDescription"],
                "name": f"Level kompetensi {competency['name']}",
                "resultType": "PerformanceLevel",
                "alignment": [_competency_alignment(competency, course.url)],
                "requiredValue": str(competency["level"]),
            }
        )
    return found


def _results(record: dict, course: Course) -> list[dict]:
    base = course.achievement_id
    results = [{"type": ["Result"], "resultDescription": f"{base}#jp", "value": str(record["jp"])}]
    if record.get("final_score") is not None:
        results.append(
            {
                "type": ["Result"],
                "resultDescription": f"{base}#nilai-akhir",
                "value": str(record["final_score"]),
            }
        )
    for competency in record.get("competencies", []):
        results.append(
            {
                "type": ["Result"],
                "resultDescription": f"{base}#kompetensi-{competency['slug']}",
                "value": str(competency["level"]),
                "alignment": [_competency_alignment(competency, course.url)],
            }
        )
    return results


def criteria_narrative(record: dict, course: Course) -> str:
    title = record["course"]["title"]
    text = f"Menyelesaikan seluruh modul kursus \u201c{title}\u201d"
    if course.pass_percent is not None:
        text += f" dan lulus evaluasi akhir dengan nilai minimal {course.pass_percent}"
    text += "."
    if record.get("task"):
        text += " Tugas penerapan di tempat kerja diverifikasi oleh atasan."
    return text


def achievement(record: dict, course: Course, issuer: Issuer) -> dict:
    competencies = record.get("competencies", [])
    found = {
        "id": course.achievement_id,
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": record["course"]["title"],
        "description": course.description or record["course"]["title"],
        "criteria": {"id": course.url, "narrative": criteria_narrative(record, course)},
        "creditsAvailable": record["jp"],
        "creator": {"id": issuer.did, "type": ["Profile"], "name": issuer.name, "url": issuer.url},
        "inLanguage": "id",
        "version": str(record["course"].get("version", "")),
        "resultDescription": _result_descriptions(record, course),
    }
    if competencies:
        found["alignment"] = [_competency_alignment(c, course.url) for c in competencies]
        found["tag"] = [c["name"] for c in competencies]
    return found


def status_entry(entry: StatusEntry) -> dict:
    return {
        "id": f"{entry.list_url}#{entry.position}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(entry.position),
        "statusListCredential": entry.list_url,
    }


def open_badge_credential(
    record: dict,
    *,
    credential_id: str,
    subject_id: str,
    identity: dict,
    issuer: Issuer,
    course: Course,
    status: StatusEntry,
) -> dict:
    """The OpenBadgeCredential of a certificate's signed record. The holder is named only
    by `identity` (a hashed IdentityObject) and an opaque `subject_id`."""
    subject = {
        "id": subject_id,
        "type": ["AchievementSubject"],
        "identifier": [identity],
        "achievement": achievement(record, course, issuer),
        "creditsEarned": record["jp"],
        "result": _results(record, course),
    }
    if record.get("completed_at"):
        subject["activityEndDate"] = _utc(record["completed_at"])
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": record["course"]["title"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": issuer.name, "url": issuer.url},
        "validFrom": _utc(record["issued_at"]),
        "credentialSubject": subject,
        "credentialStatus": status_entry(status),
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if record.get("expires_at"):
        credential["validUntil"] = _utc(record["expires_at"])
    return credential


def _numeric_date(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def jwt_claims(credential: dict) -> dict:
    """The VC-JWT payload (OB 3.0 section 8.2): the credential itself, plus the JWT claims
    that repeat its issuer, id, subject and validity."""
    issuer = credential["issuer"]
    claims = {
        **credential,
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": credential["id"],
        "nbf": _numeric_date(credential["validFrom"]),
    }
    subject_id = credential["credentialSubject"].get("id")
    if subject_id:
        claims["sub"] = subject_id
    if credential.get("validUntil"):
        claims["exp"] = _numeric_date(credential["validUntil"])
    return claims


# the status list ----------------------------------------------------------------------------


def status_index(certificate_id: int) -> int:
    """The stable place of a certificate across all status lists (list n holds the
    indexes from (n-1)*STATUS_LIST_SIZE on). A bijection: ids never share a place."""
    block, offset = divmod(certificate_id - 1, STATUS_LIST_SIZE)
    return block * STATUS_LIST_SIZE + (offset * _SCATTER) % STATUS_LIST_SIZE


def list_and_position(index: int) -> tuple[int, int]:
    """The list number (from 1) and the bit position in it of a global status index."""
    block, position = divmod(index, STATUS_LIST_SIZE)
    return block + 1, position


def encode_status_list(positions: Iterable[int], size: int = STATUS_LIST_SIZE) -> str:
    """The `encodedList`: bit `p` set for every position, first index in the left-most
    bit of the first byte, GZIP-compressed, base64url without padding, with the multibase
    prefix "u" (W3C Bitstring Status List v1.0, section 2.1)."""
    bits = bytearray(size // 8)
    for position in positions:
        bits[position // 8] |= 0x80 >> (position % 8)
    # mtime=0: the same revocations always give the same bytes.
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def decode_status_list(encoded: str) -> bytes:
    """The bitstring of an `encodedList` (what a verifier does)."""
    if not encoded.startswith("u"):
        raise ValueError("encodedList without the multibase base64url prefix")
    text = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def bit_is_set(bitstring: bytes, position: int) -> bool:
    return bool(bitstring[position // 8] & (0x80 >> (position % 8)))


def status_list_credential(list_url: str, issuer: Issuer, encoded: str, now: datetime) -> dict:
    """The BitstringStatusListCredential published at `list_url`."""
    return {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": issuer.name, "url": issuer.url},
        "validFrom": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
            "ttl": STATUS_LIST_TTL_MS,
        },
    }
