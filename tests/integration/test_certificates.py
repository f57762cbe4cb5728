"""Certificates: issued with the completing transaction, the PDF with its QR code, the public
verification page and JSON, the signing key set, revocation by HR, and upcoming expiries."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from flask_babel import format_date
from pypdf import PdfReader
from sqlalchemy import func, select

from elearn.certificates import services as certificate_services
from elearn.domain.certificates import add_years
from elearn.extensions import db
from elearn.models import (
    AuditLog,
    Certificate,
    CertificateCompetency,
    CertificateCounter,
    Competency,
    CourseCompletion,
    OrgUnit,
    Position,
)
from tests.helpers import client_at, csrf_token, login
from tests.helpers.certificates import (
    NIP,
    SLUG,
    TITLE,
    certificates_of,
    certified_holder,
    client_of,
    complete,
    completions_without_one_certificate,
    hr_of,
    make_position,
    only_certificate,
    publish,
    revoke_via_page,
    set_certificate,
)

FORMATTED_NIP = "19860926 201505 1 001"
CODE_CHARS = re.compile(r"^[A-Za-z0-9_-]+$")


def jakarta_year() -> int:
    return datetime.now(ZoneInfo("Asia/Jakarta")).year


# --- issuing -----------------------------------------------------------------------------------


def test_completion_issues_one_numbered_certificate_per_learner(app, make_user, make_course):
    publish(make_course)
    first, first_client = client_of(app, make_user, "peserta")
    second, second_client = client_of(app, make_user, "peserta2", full_name="Budi Santoso")
    assert certificates_of(first.id) == []

    complete(first_client)
    certificate = only_certificate(first.id)
    completion = db.session.scalar(
        select(CourseCompletion).where(CourseCompletion.user_id == first.id)
    )
    year = completion.year
    assert year == jakarta_year()
    assert certificate.number == f"ELN/{year}/000001"
    assert (certificate.year, certificate.sequence) == (year, 1)
    assert certificate.completion_id == completion.id

    complete(second_client)
    assert only_certificate(second.id).number == f"ELN/{year}/000002"

    # Reading again, opening the course and its page again: still one certificate each.
    token = csrf_token(first_client, f"/courses/{SLUG}/a")
    first_client.post(f"/courses/{SLUG}/a/read", data={"csrf_token": token})
    assert first_client.get(f"/courses/{SLUG}").status_code == 200
    assert len(certificates_of(first.id)) == 1
    assert db.session.scalar(select(func.count(Certificate.id))) == 2
    assert db.session.get(CertificateCounter, year).last == 2
    assert completions_without_one_certificate() == []


def test_code_is_long_random_and_url_safe(app, make_user, make_course):
    publish(make_course)
    codes = []
    for n in range(3):
        user, client = client_of(app, make_user, f"peserta{n}")
        complete(client)
        codes.append(only_certificate(user.id).code)
    assert len(set(codes)) == 3
    for code in codes:
        assert CODE_CHARS.match(code), code
        # 6 bits per base64url character: at least 80 random bits.
        assert len(code) * 6 >= 80
        assert len(code) >= 22


def test_record_freezes_holder_course_dates_competencies_and_issuer(
    app, make_app, make_user, make_course
):
    custom = make_app(
        INSTITUTION_NAME="Pemerintah Kota Contoh",
        SIGNATORY_NAME="Dra. Ratna Wulandari, M.Si.",
        SIGNATORY_POSITION="Kepala BKPSDM Kota Contoh",
    )
    publish(make_course, levels={"integritas": 2, "komunikasi": 1}, jp=3)
    make_position()
    unit = OrgUnit(code="BKPSDM", name="Bidang Pengembangan Kompetensi")
    db.session.add(unit)
    db.session.commit()
    position_id, unit_id = db.session.scalar(select(Position.id)), unit.id

    holder = make_user(NIP, ("learner",), "Siti Rahmawati")
    _, admin = client_of(custom, make_user, "admin", ("admin",), "Administrator")
    path = f"/admin/users/{holder.id}"
    response = admin.post(
        path,
        data={
            "csrf_token": csrf_token(admin, path),
            "position_id": str(position_id),
            "unit_id": str(unit_id),
            "rank": "III/a",
            "roles": "learner",
        },
    )
    assert response.status_code == 302

    client = custom.test_client()
    assert login(client, NIP).status_code == 302
    before = datetime.now(UTC)
    complete(client)
    after = datetime.now(UTC)

    certificate = only_certificate(holder.id)
    record = certificate.record
    assert record["number"] == certificate.number
    assert record["code"] == certificate.code
    # The signed record is public: name and masked NIP, plus a salted digest that
    # commits to the private details printed on the PDF.
    assert record["holder"]["name"] == "Siti Rahmawati"
    assert record["holder"]["nip"] == "1986•••• •••••• • 001"
    details = {
        "nip": FORMATTED_NIP,
        "rank": "III/a",
        "position": "Analis Kepegawaian Ahli Pertama",
        "unit": "Bidang Pengembangan Kompetensi",
    }
    assert {k: v for k, v in certificate.holder_details.items() if k != "salt"} == details
    assert record["holder"]["details_sha256"] == certificate_services.details_digest(
        details, certificate.holder_details["salt"]
    )
    assert certificate_services.holder_details(certificate) == details
    assert record["course"] == {"slug": SLUG, "title": TITLE, "version": 1}
    assert record["jp"] == 3
    assert record["final_score"] is None
    assert sorted(record["competencies"], key=lambda c: c["slug"]) == [
        {"slug": "integritas", "name": "Integritas", "level": 2},
        {"slug": "komunikasi", "name": "Komunikasi", "level": 1},
    ]
    assert record["issuer"] == {
        "institution": "Pemerintah Kota Contoh",
        "signatory_name": "Dra. Ratna Wulandari, M.Si.",
        "signatory_position": "Kepala BKPSDM Kota Contoh",
    }
    completed_at = datetime.fromisoformat(record["completed_at"])
    issued_at = datetime.fromisoformat(record["issued_at"])
    assert before <= completed_at <= issued_at <= after
    assert issued_at == certificate.issued_at
    # valid_years: 2 -> the same calendar day two years later.
    assert certificate.expires_at == add_years(certificate.issued_at, 2)
    assert certificate.expires_at.year == certificate.issued_at.year + 2
    assert datetime.fromisoformat(record["expires_at"]) == certificate.expires_at
    levels = dict(
        db.session.execute(
            select(Competency.slug, CertificateCompetency.level)
            .join(CertificateCompetency, CertificateCompetency.competency_id == Competency.id)
            .where(CertificateCompetency.certificate_id == certificate.id)
        ).all()
    )
    assert levels == {"integritas": 2, "komunikasi": 1}

    # The record is frozen: a later change of position does not touch it.
    response = admin.post(
        path,
        data={
            "csrf_token": csrf_token(admin, path),
            "position_id": "",
            "rank": "III/b",
            "roles": "learner",
        },
    )
    assert response.status_code == 302
    assert only_certificate(holder.id).holder_details["rank"] == "III/a"


def test_course_without_valid_years_never_expires(app, make_user, make_course):
    publish(make_course, valid_years=None)
    user, client = client_of(app, make_user, "peserta")
    complete(client)
    certificate = only_certificate(user.id)
    assert certificate.expires_at is None
    assert certificate.record["expires_at"] is None
    assert "tanpa batas waktu" in client.get(f"/verify/{certificate.code}").get_data(as_text=True)


def test_custom_number_pattern(app, make_app, make_user, make_course):
    custom = make_app(CERTIFICATE_NUMBER_PATTERN="800/{seq:04d}/BKPSDM/{year}")
    publish(make_course)
    user = make_user()
    client = custom.test_client()
    login(client)
    complete(client)
    certificate = only_certificate(user.id)
    assert certificate.number == f"800/0001/BKPSDM/{certificate.year}"
    assert certificate.record["number"] == certificate.number


def test_failed_issue_rolls_back_the_completion_too(app, make_user, make_course):
    """A completion never exists without its certificate: if issuing fails, neither is kept."""
    publish(make_course)
    first, first_client = client_of(app, make_user, "peserta")
    complete(first_client)
    year = only_certificate(first.id).year
    # Rewind the counter so that the next certificate would reuse number 1.
    counter = db.session.get(CertificateCounter, year)
    counter.last = 0
    db.session.commit()

    second, second_client = client_of(app, make_user, "peserta2")
    response = complete(second_client)
    assert response.status_code == 302
    assert certificates_of(second.id) == []
    assert (
        db.session.scalar(
            select(func.count(CourseCompletion.id)).where(CourseCompletion.user_id == second.id)
        )
        == 0
    )
    assert completions_without_one_certificate() == []


# --- my certificates and the PDF -------------------------------------------------------------


def test_my_certificates_lists_with_pdf_and_verify_links(app, make_user, make_course):
    publish(make_course)
    user, client = client_of(app, make_user, "peserta")
    page = client.get("/my/certificates").get_data(as_text=True)
    assert "Belum ada sertifikat" in page
    complete(client)
    certificate = only_certificate(user.id)
    page = client.get("/my/certificates").get_data(as_text=True)
    assert TITLE in page
    assert certificate.number in page
    assert f'href="/my/certificates/{certificate.id}.pdf"' in page
    assert f'href="/verify/{certificate.code}"' in page
    assert "Sah" in page
    assert app.test_client().get("/my/certificates").status_code == 302  # login first


def pdf_text(data: bytes, tmp_path) -> tuple[PdfReader, str]:
    path = tmp_path / "sertifikat.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def decode_qr(data: bytes, tmp_path) -> str:
    for tool in ("pdftoppm", "zbarimg"):
        assert shutil.which(tool), f"{tool} is not installed"
    pdf = tmp_path / "qr.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) == 1
    result = subprocess.run(
        ["zbarimg", "-q", "--raw", str(images[0])],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_pdf_is_one_a4_landscape_page_with_fields_and_qr(
    app, make_app, make_user, make_course, tmp_path
):
    custom = make_app(PUBLIC_URL="https://elearn.contoh.go.id/")
    publish(make_course, jp=3)
    user = make_user(NIP, ("learner",), "Siti Rahmawati")
    client = custom.test_client()
    login(client, NIP)
    complete(client)
    certificate = only_certificate(user.id)

    response = client.get(f"/my/certificates/{certificate.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.data
    assert data.startswith(b"%PDF-")

    reader, text = pdf_text(data, tmp_path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(842, abs=1)
    assert float(box.height) == pytest.approx(595, abs=1)
    flat = " ".join(text.split())
    for expected in ("Siti Rahmawati", FORMATTED_NIP, certificate.number, "3 Jam Pelajaran", TITLE):
        assert expected in flat, (expected, flat)
    assert "Integritas (level 2)" in flat
    assert "Kepala BKPSDM" in flat

    url = decode_qr(data, tmp_path)
    assert url == f"https://elearn.contoh.go.id/verify/{certificate.code}"
    assert url in flat
    answer = app.test_client().get(url.removeprefix("https://elearn.contoh.go.id"))
    assert answer.status_code == 200
    assert "SAH" in answer.get_data(as_text=True)


def test_qr_uses_request_address_without_public_url(app, make_user, make_course, tmp_path):
    publish(make_course)
    user, client = client_of(app, make_user, "peserta")
    complete(client)
    certificate = only_certificate(user.id)
    data = client.get(f"/my/certificates/{certificate.id}.pdf").data
    assert decode_qr(data, tmp_path) == f"http://localhost/verify/{certificate.code}"


def test_pdf_only_for_owner_hr_and_admin(app, make_user, make_course):
    publish(make_course)
    owner, client = client_of(app, make_user, "peserta")
    complete(client)
    certificate = only_certificate(owner.id)
    path = f"/my/certificates/{certificate.id}.pdf"

    _, other = client_of(app, make_user, "peserta2", full_name="Budi Santoso")
    assert other.get(path).status_code == 404
    assert other.get("/my/certificates/999999.pdf").status_code == 404
    assert other.get("/my/certificates/99999999999999999999.pdf").status_code == 404
    assert certificate.number not in other.get("/my/certificates").get_data(as_text=True)
    _, trainer = client_of(app, make_user, "pengajar", ("trainer", "learner"))
    assert trainer.get(path).status_code == 404
    assert app.test_client().get(path).status_code == 302  # anonymous: to the login page

    _, elsewhere = client_of(app, make_user, "hr-lain", ("hr",), scope_unit_id=None)
    assert elsewhere.get(path).status_code == 404  # HR outside the holder's units
    for username, roles in (("hr", ("hr",)), ("admin", ("admin",))):
        if username == "hr":
            _, staff = hr_of(app, make_user, owner.id)
        else:
            _, staff = client_of(app, make_user, username, roles, "Dewi Lestari")
        response = staff.get(path)
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"


# --- public verification -----------------------------------------------------------------------


@pytest.fixture
def issued(app, make_user, make_course):
    """A certificate of a learner with an 18-digit NIP, and that learner's client."""
    publish(make_course, levels={"integritas": 2, "komunikasi": 1})
    user, client = certified_holder(app, make_user)
    return only_certificate(user.id), client


def test_verify_page_needs_no_login_and_shows_masked_facts(app, issued):
    certificate, _ = issued
    response = app.test_client().get(f"/verify/{certificate.code}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "SAH" in page
    assert "Tanda tangan elektronik cocok" in page
    assert "TIDAK cocok" not in page
    assert "Siti Rahmawati" in page
    assert certificate.number in page
    assert TITLE in page
    assert "2 JP" in page
    assert "Integritas (level 2)" in page and "Komunikasi (level 1)" in page
    assert "BKPSDM Pemerintah Daerah" in page and "Kepala BKPSDM" in page
    assert "Berlaku sampai" in page
    # NIP: birth year and serial only.
    assert "1986•••• •••••• • 001" in page
    digits = re.sub(r"\D", "", page)
    assert NIP not in digits.replace(" ", "")
    for part in (NIP, FORMATTED_NIP, "19860926", "201505"):
        assert part not in page
    # Nothing more personal than the name: no rank or position.
    assert "III/a" not in page
    assert "Analis Kepegawaian" not in page


def test_tampered_record_fails_signature_check(app, issued):
    certificate, _ = issued
    set_certificate(certificate.id, record={**certificate.record, "jp": 40})
    page = app.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "TIDAK cocok" in page
    assert "Tanda tangan elektronik cocok" not in page
    body = app.test_client().get(f"/verify/{certificate.code}.json").get_json()
    assert body["signature_valid"] is False
    assert body["record"]["jp"] == 40


def test_tampered_signature_fails_signature_check(app, issued):
    certificate, _ = issued
    header, payload, signature = certificate.jws.split(".")
    forged = signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")
    set_certificate(certificate.id, jws=f"{header}.{payload}.{forged}")
    body = app.test_client().get(f"/verify/{certificate.code}.json").get_json()
    assert body["signature_valid"] is False
    page = app.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "TIDAK cocok" in page


def test_expired_certificate_says_so(app, issued):
    certificate, _ = issued
    set_certificate(certificate.id, expires_at=datetime.now(UTC) - timedelta(days=1))
    page = app.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "KEDALUWARSA" in page
    assert "SAH" not in page
    body = app.test_client().get(f"/verify/{certificate.code}.json").get_json()
    assert body["status"] == "expired"


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_json_record_verifies_with_published_key(app, issued):
    certificate, _ = issued
    anonymous = app.test_client()
    response = anonymous.get(f"/verify/{certificate.code}.json")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "valid"
    assert body["signature_valid"] is True
    assert body["record"] == certificate.record
    assert body["jws"] == certificate.jws
    assert "revoked" not in body

    keys = anonymous.get("/.well-known/jwks.json")
    assert keys.status_code == 200
    assert keys.headers["Cache-Control"] == "public, max-age=300"  # a leak's window: 5 min
    jwks = keys.get_json()
    assert len(jwks["keys"]) == 1
    jwk = jwks["keys"][0]
    assert (jwk["kty"], jwk["crv"], jwk["alg"]) == ("OKP", "Ed25519", "EdDSA")
    assert "d" not in jwk  # never the private part
    public = Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"]))

    header_part, payload_part, signature_part = body["jws"].split(".")
    header = json.loads(b64url_decode(header_part))
    assert header["alg"] == "EdDSA"
    assert header["kid"] == jwk["kid"]
    public.verify(b64url_decode(signature_part), f"{header_part}.{payload_part}".encode())
    assert json.loads(b64url_decode(payload_part)) == body["record"]
    with pytest.raises(InvalidSignature):
        public.verify(b64url_decode(signature_part), f"{header_part}.{payload_part}x".encode())


def test_unknown_and_malformed_codes_get_helpful_404(app, issued):
    certificate, _ = issued
    client = app.test_client()
    unknown = "A" * len(certificate.code)
    response = client.get(f"/verify/{unknown}")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Sertifikat tidak ditemukan" in page
    assert "kode QR" in page

    response = client.get(f"/verify/{unknown}.json")
    assert response.status_code == 404
    assert response.get_json()["status"] == "unknown"

    for path in (
        "/verify/..%2Fetc",
        "/verify/../etc",
        "/verify/..%2F..%2Fetc%2Fpasswd",
        "/verify/%00",
        "/verify/" + certificate.code + "%00",
        "/verify/" + "x" * 5000,
        "/verify/" + "A" * 41,
        "/verify/%E2%9C%93%E2%9C%93%E2%9C%93",
        "/verify/sertifikat-ñ-ü-日本",
        "/verify/" + certificate.code.upper() + "ZZ",
        "/verify/%27%20OR%201%3D1--",
        "/verify/.json",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        page = response.get_data(as_text=True)
        assert "tidak ditemukan" in page, path


def test_verify_is_rate_limited(app, make_app, issued):
    certificate, _ = issued
    limited = make_app(VERIFY_RATE_LIMIT="3 per minute")
    client = limited.test_client()
    for _ in range(20):  # an office scanning real certificates is never limited
        assert client.get(f"/verify/{certificate.code}").status_code == 200
    assert client.get("/verify/" + "B" * 22).status_code == 404
    assert client.get("/verify/" + "C" * 22 + ".json").status_code == 404
    assert client.get("/verify/" + "E" * 22).status_code == 404
    response = client.get("/verify/" + "D" * 22)
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0
    assert client.get(f"/verify/{certificate.code}").status_code == 429
    as_json = client.get(f"/verify/{certificate.code}.json")  # a program gets JSON back
    assert as_json.status_code == 429
    assert as_json.get_json()["title"] == "Terlalu banyak percobaan"
    assert client_at(limited, "10.1.2.3").get(f"/verify/{certificate.code}").status_code == 200


def test_forwarded_proto_counts_only_behind_a_trusted_proxy(make_app, issued):
    certificate, _ = issued
    path = f"/verify/{certificate.code}.json"
    https = {"X-Forwarded-Proto": "https"}
    plain = make_app().test_client().get(path, headers=https).get_json()
    assert plain["jwks_url"].startswith("http://")  # a client cannot claim https itself
    proxied = make_app(PROXY_FIX_X_PROTO=1).test_client().get(path, headers=https).get_json()
    assert proxied["jwks_url"].startswith("https://")


# --- revocation --------------------------------------------------------------------------------


def test_learner_cannot_manage_or_revoke(app, issued):
    certificate, client = issued
    path = f"/admin/certificates/{certificate.id}/revoke"
    assert client.get("/admin/certificates").status_code == 403
    assert client.get(path).status_code == 403
    token = csrf_token(client, "/my")
    response = client.post(path, data={"csrf_token": token, "reason": "Saya mau mencabut."})
    assert response.status_code == 403
    assert db.session.get(Certificate, certificate.id).revoked_at is None
    anonymous = app.test_client()
    assert anonymous.get("/admin/certificates").status_code == 302
    assert anonymous.get(path).status_code == 302


def test_hr_finds_and_revokes_with_reason_shown_at_once(app, make_user, issued):
    certificate, _ = issued
    _, outsider = client_of(app, make_user, "hr-lain", ("hr",), "Rina")
    page = outsider.get("/admin/certificates", query_string={"q": "Siti"}).get_data(as_text=True)
    assert certificate.number not in page  # another unit's HR never finds it
    assert outsider.get(f"/admin/certificates/{certificate.id}/revoke").status_code == 404
    hr_user, hr = hr_of(app, make_user, certificate.user_id)
    for query in ("Siti", NIP[:8], certificate.number):
        page = hr.get("/admin/certificates", query_string={"q": query}).get_data(as_text=True)
        assert certificate.number in page, query
    page = hr.get("/admin/certificates", query_string={"q": "tidak-ada"}).get_data(as_text=True)
    assert "Tidak ada sertifikat yang cocok" in page

    verifier = app.test_client()
    assert "SAH" in verifier.get(f"/verify/{certificate.code}").get_data(as_text=True)

    response = revoke_via_page(hr, certificate.id, "Data peserta keliru, diterbitkan ulang.")
    assert response.status_code == 302
    assert "/admin/certificates" in response.headers["Location"]

    response = verifier.get(f"/verify/{certificate.code}")
    page = response.get_data(as_text=True)
    assert "DICABUT" in page
    assert "SAH" not in page
    assert "Data peserta keliru, diterbitkan ulang." in page
    db.session.expire_all()
    stored = db.session.get(Certificate, certificate.id)
    with app.test_request_context():
        assert format_date(stored.revoked_at, "d MMMM yyyy") in page
    assert "Tanda tangan elektronik cocok" in page  # the record itself is untouched

    body = verifier.get(f"/verify/{certificate.code}.json").get_json()
    assert body["status"] == "revoked"
    assert body["revoked"]["reason"] == "Data peserta keliru, diterbitkan ulang."
    assert datetime.fromisoformat(body["revoked"]["at"]) == stored.revoked_at

    assert stored.revoked_by_id == hr_user.id
    logs = db.session.scalars(select(AuditLog).where(AuditLog.action == "certificate.revoke"))
    (log,) = list(logs)
    assert log.actor_id == hr_user.id
    assert (log.target_type, log.target_id) == ("certificate", certificate.id)
    assert log.details["reason"] == "Data peserta keliru, diterbitkan ulang."
    assert abs(log.at - stored.revoked_at) < timedelta(seconds=5)

    page = hr.get("/admin/certificates", query_string={"q": "Siti"}).get_data(as_text=True)
    assert "Dicabut" in page


def test_admin_can_revoke_too(app, make_user, issued):
    certificate, _ = issued
    _, admin = client_of(app, make_user, "admin", ("admin",), "Administrator")
    assert revoke_via_page(admin, certificate.id, "Kursus ditarik.").status_code == 302
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revoked_at is not None


def test_revoke_needs_a_real_reason(app, make_user, issued):
    certificate, _ = issued
    _, hr = hr_of(app, make_user, certificate.user_id)
    for reason, message in (
        ("", "Tuliskan alasan pencabutan."),
        ("abc", "Alasan 5 sampai 500 karakter."),
        ("x" * 501, "Alasan 5 sampai 500 karakter."),
        ("   a      b   ", "minimal 5 karakter"),
    ):
        response = revoke_via_page(hr, certificate.id, reason)
        assert response.status_code == 422, reason
        assert message in response.get_data(as_text=True), reason
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revoked_at is None
    assert (
        db.session.scalar(
            select(func.count(AuditLog.id)).where(AuditLog.action == "certificate.revoke")
        )
        == 0
    )
    path = f"/admin/certificates/{certificate.id}/revoke"
    assert hr.post(path, data={"reason": "Tanpa token CSRF."}).status_code == 400
    assert hr.get("/admin/certificates/999999/revoke").status_code == 404
    assert hr.get("/admin/certificates/99999999999999999999/revoke").status_code == 404
    for query in ("%", "_", "' OR 1=1 --", "x" * 500):
        response = hr.get("/admin/certificates", query_string={"q": query})
        assert response.status_code == 200, query


def test_revoking_twice_keeps_the_first_and_says_so(app, make_user, issued):
    certificate, _ = issued
    _, hr = hr_of(app, make_user, certificate.user_id)
    path = f"/admin/certificates/{certificate.id}/revoke"
    token = csrf_token(hr, path)
    first = hr.post(path, data={"csrf_token": token, "reason": "Alasan pertama."})
    assert first.status_code == 302
    second = hr.post(path, data={"csrf_token": token, "reason": "Alasan kedua."})
    assert second.status_code in (200, 422)
    page = second.get_data(as_text=True)
    assert "sudah dicabut" in page
    assert "Alasan pertama." in page
    page = hr.get(path).get_data(as_text=True)
    assert "sudah dicabut" in page and "<textarea" not in page
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revoked_reason == "Alasan pertama."
    assert (
        db.session.scalar(
            select(func.count(AuditLog.id)).where(AuditLog.action == "certificate.revoke")
        )
        == 1
    )


# --- expiries ----------------------------------------------------------------------------------


def test_my_page_lists_certificates_expiring_within_90_days(app, make_user, make_course):
    publish(make_course)
    user, client = client_of(app, make_user, "peserta")
    complete(client)
    certificate = only_certificate(user.id)
    assert "Sertifikat segera berakhir" not in client.get("/my").get_data(as_text=True)

    soon = datetime.now(UTC) + timedelta(days=30)
    set_certificate(certificate.id, expires_at=soon)
    page = client.get("/my").get_data(as_text=True)
    assert "Sertifikat segera berakhir" in page
    section = page[page.index("Sertifikat segera berakhir") :]
    assert TITLE in section
    with app.test_request_context():
        assert format_date(soon, "d MMMM yyyy") in section

    set_certificate(certificate.id, expires_at=datetime.now(UTC) + timedelta(days=120))
    assert "Sertifikat segera berakhir" not in client.get("/my").get_data(as_text=True)
    set_certificate(certificate.id, expires_at=datetime.now(UTC) - timedelta(days=1))
    assert "Sertifikat segera berakhir" not in client.get("/my").get_data(as_text=True)
    set_certificate(
        certificate.id,
        expires_at=soon,
        revoked_at=datetime.now(UTC),
        revoked_reason="Dicabut untuk uji.",
    )
    assert "Sertifikat segera berakhir" not in client.get("/my").get_data(as_text=True)


def test_revocation_reason_and_names_are_escaped(app, make_user, make_course):
    publish(make_course)
    user, client = client_of(app, make_user, "peserta", full_name="Siti <b>Rahma</b>")
    complete(client)
    certificate = only_certificate(user.id)
    _, hr = hr_of(app, make_user, user.id)
    reason = '<script>alert("x")</script> salah terbit'
    assert revoke_via_page(hr, certificate.id, reason).status_code == 302
    page = app.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>Rahma</b>" not in page and "Siti &lt;b&gt;Rahma&lt;/b&gt;" in page
    page = hr.get(f"/admin/certificates/{certificate.id}/revoke").get_data(as_text=True)
    assert "<script>alert" not in page


def text_lines(reader: PdfReader) -> list[tuple[float, float, float, str]]:
    """(baseline y, x, font size, text) of every text run on the first page, in points."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((y, x, size, text.strip()))

    reader.pages[0].extract_text(visitor_text=visit)
    return sorted(found, reverse=True)


def test_pdf_long_name_and_title_stay_on_one_page_without_overlap(
    app, make_user, make_course, tmp_path
):
    title = ("Pelayanan Publik yang Inklusif, Responsif dan Akuntabel " * 3).strip()
    levels = {"integritas": 2, "komunikasi": 3, "kerja-sama": 2, "pelayanan-publik": 4}
    publish(make_course, title=title, levels=levels)
    name = "Raden Ajeng Siti Rahmawati Kusumaningrum Wijayakusuma Prawiranegara, S.Sos., M.AP."
    user = make_user(NIP, ("learner",), name)
    user.rank = "IV/e"
    db.session.commit()
    client = app.test_client()
    login(client, NIP)
    complete(client)
    certificate = only_certificate(user.id)
    reader, text = pdf_text(client.get(f"/my/certificates/{certificate.id}.pdf").data, tmp_path)
    assert len(reader.pages) == 1
    flat = " ".join(text.split())
    for expected in (name, FORMATTED_NIP, certificate.number, "2 Jam Pelajaran"):
        assert expected in flat, expected

    # The centred block above the QR code and signature: no line may run into the next.
    signature_top = 62 * 72 / 25.4  # the signatory block starts 62 mm above the bottom
    runs = text_lines(reader)
    number_y = next(y for y, _, _, run in runs if run.startswith("Nomor:"))
    lines = [item for item in runs if signature_top < item[0] <= number_y]
    assert len(lines) >= 8
    for (y_above, _, size_above, above), (y_below, _, size_below, below) in zip(
        lines, lines[1:], strict=False
    ):
        assert y_above - y_below >= 0.2 * size_above + 0.7 * size_below, (above, below)
    lowest_y, _, lowest_size, _ = lines[-1]
    assert lowest_y - 0.25 * lowest_size > signature_top + 12


def test_public_json_carries_nothing_more_personal_than_the_page(app, make_user, make_course):
    publish(make_course)
    user, client = certified_holder(app, make_user)
    certificate = only_certificate(user.id)
    body = app.test_client().get(f"/verify/{certificate.code}.json").get_data(as_text=True)
    for private in (NIP, FORMATTED_NIP, "III/a", "Analis Kepegawaian", "201505"):
        assert private not in body
    # ... while the PDF, for its holder, still prints them.
    pdf = client.get(f"/my/certificates/{certificate.id}.pdf").data
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert FORMATTED_NIP in text and "III/a" in text
