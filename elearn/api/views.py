"""The API's reads. Each docstring's YAML after `---` is its OpenAPI operation."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import current_app, jsonify, request
from flask_babel import gettext as _

from ..certificates.open_badges import absolute_url, open_badge_jwt
from ..certificates.views import verify_url
from ..clock import this_year
from ..domain.jp import remaining
from ..extensions import db
from ..models import Certificate
from ..progress.queries import jp_by_year
from . import queries
from .access import page_request, paginated, requires, token_scope
from .blueprint import bp
from .problems import ApiProblem

MIN_YEAR, MAX_YEAR = 2000, 2100


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _year(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if raw.isascii() and raw.isdigit() and len(raw) == 4 and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return int(raw)
    raise ApiProblem(400, _("year harus tahun empat angka, misalnya 2026."))


def _since(raw: str | None) -> datetime | None:
    """`since` as an aware UTC moment: a date is its start in UTC, a time without zone UTC."""
    if raw is None or raw == "":
        return None
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(raw)
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):  # not a date, or past year 1 or 9999 in UTC
        raise ApiProblem(400, _("since harus tanggal ISO 8601, misalnya 2026-01-31.")) from None


@bp.get("/courses")
@requires("read:catalog")
def courses():
    """The live catalog: each published course with its live version and competencies.
    ---
    get:
      operationId: listCourses
      summary: Katalog kursus yang terbit (versi live)
      tags: [katalog]
      parameters: [cursor, limit]
      responses:
        '200':
          description: Satu halaman kursus
          headers: {Link: {$ref: '#/components/headers/Link'}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/CoursePage'}
        default: {$ref: '#/components/responses/Problem'}
    """
    after, limit = page_request()
    rows, competencies = queries.courses(after, limit)
    return paginated(
        rows,
        limit,
        lambda r: {
            "slug": r.slug,
            "title": r.title,
            "category": r.category,
            "jp": r.jp,
            "live_version": {"number": r.number, "published_at": _iso(r.published_at)},
            "competencies": competencies.get(r.version_id, []),
        },
    )


def _completion(r) -> dict:
    return {
        "id": r.id,
        "nip": r.nip,
        "name": r.full_name,
        "unit_code": r.unit_code,
        "course": {"slug": r.slug, "title": r.title},
        "completed_at": _iso(r.completed_at),
        "year": r.year,
        "jp": r.jp,
        "final_score": r.final_score,
        "certificate": (
            {"number": r.certificate_number, "verify_url": verify_url(r.certificate_code)}
            if r.certificate_number
            else None
        ),
    }


@bp.get("/completions")
@requires("read:completions")
def completions():
    """Completions of the employees in the token's subtree, filtered by year, unit, since.
    ---
    get:
      operationId: listCompletions
      summary: Penyelesaian kursus (NIP, kursus, tanggal, JP, sertifikat)
      tags: [pembelajaran]
      parameters:
        - cursor
        - limit
        - {name: year, in: query, schema: {type: integer, minimum: 2000, maximum: 2100},
           description: Tahun pengakuan JP (zona waktu instansi)}
        - {name: unit, in: query, schema: {type: string},
           description: Kode unit; hanya pegawai subpohon unit itu}
        - {name: since, in: query, schema: {type: string, format: date},
           description: Hanya yang selesai sejak tanggal/waktu ini (ISO 8601)}
      responses:
        '200':
          description: Satu halaman penyelesaian
          headers: {Link: {$ref: '#/components/headers/Link'}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/CompletionPage'}
        default: {$ref: '#/components/responses/Problem'}
    """
    after, limit = page_request()
    scope = token_scope()
    unit = request.args.get("unit")
    if unit:
        unit_id = queries.unit_id(scope, unit)
        if unit_id is None:
            raise ApiProblem(404, _("Unit %(u)s tidak ada dalam cakupan token.", u=unit))
        scope = scope.narrowed(unit_id)
    year, since = _year(request.args.get("year")), _since(request.args.get("since"))
    rows = queries.completions(scope, year, since, after, limit)
    return paginated(rows, limit, _completion)


@bp.get("/learners/<nip>/jp")
@requires("read:completions")
def learner_jp(nip: str):
    """One employee's JP in a year against the annual target (as on their /my page).
    ---
    get:
      operationId: learnerJp
      summary: Jumlah JP seorang pegawai dalam setahun dibanding target tahunan
      tags: [pembelajaran]
      parameters:
        - {name: nip, in: path, required: true, schema: {type: string}}
        - {name: year, in: query, schema: {type: integer, minimum: 2000, maximum: 2100},
           description: Tahun; bawaan tahun berjalan}
      responses:
        '200':
          description: JP dan target
          content:
            application/json:
              schema: {$ref: '#/components/schemas/LearnerJp'}
        default: {$ref: '#/components/responses/Problem'}
    """
    year = _year(request.args.get("year")) or this_year()
    user_id = queries.learner_id(token_scope(), nip)
    if user_id is None:
        raise ApiProblem(404, _("Pegawai dengan NIP ini tidak ada dalam cakupan token."))
    jp = jp_by_year(user_id).get(year, 0)
    target = int(current_app.config["ANNUAL_JP_TARGET"])
    return jsonify(
        nip=nip, year=year, jp=jp, target=target, remaining=remaining(jp, target), met=jp >= target
    )


def _certificate(r) -> dict:
    # The signed record holds what the certificate attests as issued (title and JP then).
    record = r.record if isinstance(r.record, dict) else {}
    course = record.get("course") if isinstance(record.get("course"), dict) else {}
    return {
        "number": r.number,
        "nip": r.nip,
        "name": r.full_name,
        "course": {"slug": r.slug, "title": course.get("title")},
        "jp": record.get("jp"),
        "issued_at": _iso(r.issued_at),
        "expires_at": _iso(r.expires_at),
        "revoked": r.revoked_at is not None,
        "verify_url": verify_url(r.code),
        # Revoked: no credential to fetch (its bit is set in the status list instead).
        "open_badge_url": None if r.revoked_at is not None else open_badge_url(r.number),
    }


def open_badge_url(number: str) -> str:
    return absolute_url("api_v1.open_badge", number=number)


@bp.get("/certificates")
@requires("read:completions")
def certificates():
    """Certificates of the employees in the token's subtree.
    ---
    get:
      operationId: listCertificates
      summary: Sertifikat yang diterbitkan
      tags: [sertifikat]
      parameters: [cursor, limit]
      responses:
        '200':
          description: Satu halaman sertifikat
          headers: {Link: {$ref: '#/components/headers/Link'}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/CertificatePage'}
        default: {$ref: '#/components/responses/Problem'}
    """
    after, limit = page_request()
    return paginated(queries.certificates(token_scope(), after, limit), limit, _certificate)


@bp.get("/certificates/<path:number>")  # numbers hold slashes: ELN/2026/000001
@requires("read:completions")
def certificate(number: str):
    """One certificate by its number, if its holder is in the token's subtree.
    ---
    get:
      operationId: getCertificate
      summary: Satu sertifikat menurut nomornya
      tags: [sertifikat]
      parameters:
        - {name: number, in: path, required: true, schema: {type: string},
           description: Nomor sertifikat; garis miring ditulis %2F}
      responses:
        '200':
          description: Sertifikat
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Certificate'}
        default: {$ref: '#/components/responses/Problem'}
    """
    row = queries.certificate(token_scope(), number)
    if row is None:
        raise ApiProblem(404, _("Sertifikat dengan nomor ini tidak ada dalam cakupan token."))
    return jsonify(_certificate(row))


@bp.get("/open-badges/<path:number>")  # its own prefix: <path:number> would swallow a suffix
@requires("read:completions")
def open_badge(number: str):
    """The certificate as an Open Badges 3.0 credential, signed as a VC-JWT.
    ---
    get:
      operationId: getOpenBadge
      summary: Sertifikat sebagai kredensial Open Badges 3.0 (VC-JWT)
      tags: [sertifikat]
      parameters:
        - {name: number, in: path, required: true, schema: {type: string},
           description: Nomor sertifikat; garis miring ditulis %2F}
      responses:
        '200':
          description: OpenBadgeCredential bertanda tangan EdDSA (docs/open-badges.md)
          content:
            application/vc+jwt:
              schema: {type: string}
        default: {$ref: '#/components/responses/Problem'}
    """
    row = queries.certificate(token_scope(), number)
    if row is None:
        raise ApiProblem(404, _("Sertifikat dengan nomor ini tidak ada dalam cakupan token."))
    if row.revoked_at is not None:
        raise ApiProblem(
            410, _("Sertifikat ini sudah dicabut; kredensialnya tidak diterbitkan lagi.")
        )
    token = open_badge_jwt(db.session.get(Certificate, row.id))
    return current_app.response_class(token, mimetype="application/vc+jwt")
