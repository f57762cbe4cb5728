"""Every error under /api/ as RFC 9457 problem details (application/problem+json), in
Bahasa Indonesia, whatever raised it: a view, the router (404, 405) or the body limit (413)."""

from __future__ import annotations

from flask import Flask, Response, json, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

PREFIX = "/api/"
MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://elearn.invalid/problems/"  # names the kind; docs/api.md lists them

# status: (type slug, title, default detail)
PROBLEMS = {
    400: ("bad-request", _l("Permintaan tidak valid"), _l("Periksa parameter permintaan.")),
    401: (
        "unauthorized",
        _l("Token tidak valid"),
        _l("Kirim token API yang aktif di header Authorization: Bearer <token>."),
    ),
    403: (
        "forbidden",
        _l("Cakupan token tidak mencukupi"),
        _l("Token ini tidak diberi izin untuk permintaan ini."),
    ),
    404: (
        "not-found",
        _l("Data tidak ditemukan"),
        _l("Alamat atau data yang diminta tidak ada atau di luar cakupan token."),
    ),
    405: (
        "method-not-allowed",
        _l("Metode tidak diizinkan"),
        _l("Alamat ini tidak menerima metode HTTP tersebut."),
    ),
    409: ("conflict", _l("Bertentangan dengan data yang ada"), _l("Data yang sama sudah ada.")),
    410: ("gone", _l("Tidak tersedia lagi"), _l("Data ini sudah dicabut atau dihapus.")),
    413: (
        "payload-too-large",
        _l("Permintaan terlalu besar"),
        _l("Badan permintaan melebihi batas ukuran."),
    ),
    422: (
        "validation",
        _l("Data tidak valid"),
        _l("Beberapa isian tidak valid; lihat daftar errors."),
    ),
    429: (
        "rate-limited",
        _l("Terlalu banyak permintaan"),
        _l("Batas permintaan token ini terlampaui; coba lagi setelah Retry-After detik."),
    ),
    500: (
        "server-error",
        _l("Terjadi gangguan pada server"),
        _l("Kesalahan sudah dicatat; coba lagi dalam beberapa saat."),
    ),
    503: (
        "unavailable",
        _l("Layanan sedang tidak tersedia"),
        _l("Coba lagi dalam beberapa menit."),
    ),
}


class ApiProblem(HTTPException):
    """An error a view raises on purpose, with its detail, field errors and headers."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        errors: list[dict] | None = None,
        headers: dict | None = None,
    ):
        super().__init__(description=detail)
        self.code = status
        self.detail = detail
        self.errors = errors
        self.extra_headers = headers or {}


def problem(
    status: int,
    detail: str | None = None,
    errors: list[dict] | None = None,
    headers: dict | None = None,
) -> Response:
    slug, title, default = PROBLEMS.get(status, PROBLEMS[500])
    body = {
        "type": TYPE_BASE + slug,
        "title": str(title),
        "status": status,
        "detail": str(detail or default),
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = Response(json.dumps(body, ensure_ascii=False), status, mimetype=MEDIA_TYPE)
    response.headers.update(headers or {})
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="elearn-api"'
    return response


def render(code: int, detail: str | None, error: HTTPException | None) -> Response:
    """The app's error handlers call this for /api/ paths (system.errors.render_error)."""
    headers: dict = {}
    errors = None
    if isinstance(error, ApiProblem):
        detail, errors, headers = error.detail, error.errors, dict(error.extra_headers)
    elif error is not None and code == 405:
        headers = {k: v for k, v in error.get_headers() if k == "Allow"}
    elif error is not None and code == 429:
        headers = {k: v for k, v in error.get_headers() if k == "Retry-After"}
    # A framework's own description is English; ours is what the client reads.
    return problem(code, detail, errors, headers)


def register(app: Flask) -> None:
    app.extensions["elearn.problem_details"] = (PREFIX, render)
