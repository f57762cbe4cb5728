"""Friendly error pages, and the headers every response carries."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..domain.texts import N_

MESSAGES = {
    400: (N_("Permintaan tidak dapat diproses"), N_("Periksa kembali isian Anda, lalu coba lagi.")),
    403: (N_("Akses ditolak"), N_("Akun Anda tidak memiliki izin untuk membuka halaman ini.")),
    404: (
        N_("Halaman tidak ditemukan"),
        N_("Alamat yang Anda buka tidak ada atau sudah dipindahkan. Cari kursus di katalog."),
    ),
    405: (
        N_("Cara membuka halaman tidak tepat"),
        N_("Kembali ke halaman sebelumnya lalu coba lagi."),
    ),
    413: (
        N_("Data yang dikirim terlalu besar"),
        N_("Perkecil berkas atau isian Anda, lalu kirim kembali."),
    ),
    429: (
        N_("Terlalu banyak percobaan"),
        N_("Tunggu sekitar satu menit sebelum mencoba lagi."),
    ),
    500: (
        N_("Terjadi gangguan pada server"),
        N_("Kesalahan sudah dicatat. Silakan muat ulang halaman dalam beberapa saat."),
    ),
    503: (N_("Layanan sedang tidak tersedia"), N_("Silakan coba lagi dalam beberapa menit.")),
}

CSP = (
    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def problem_renderer():
    """The renderer a part of the site registered for its own paths (the REST API answers
    RFC 9457 problem details under /api/), or None for a page."""
    hook = current_app.extensions.get("elearn.problem_details")
    if hook and request and request.path.startswith(hook[0]):
        return hook[1]
    return None


def form_action(config) -> str:
    """The CSP for the page as given, with the single sign-on provider's origin added to
    form-action when it is configured: logging out (a form) redirects on to its
    end_session_endpoint, and browsers check form-action along the redirects."""
    issuer = urlsplit(str(config.get("OIDC_ISSUER") or ""))
    if issuer.scheme not in ("http", "https") or not issuer.netloc:
        return CSP
    origin = f"{issuer.scheme}://{issuer.netloc}"
    return CSP.replace("form-action 'self'", f"form-action 'self' {origin}")


def render_error(code: int, detail: str | None = None, error: HTTPException | None = None):
    renderer = problem_renderer()
    if renderer is not None:
        return renderer(code, detail, error)
    title, hint = MESSAGES.get(code, MESSAGES[500])
    if request and request.path.endswith(".json"):
        # A program asked (e.g. /verify/<code>.json): it gets JSON it can parse, not a page.
        return jsonify(status="error", code=code, title=_(title), message=detail or _(hint)), code
    return (
        render_template("system/error.html", code=code, title=_(title), hint=detail or _(hint)),
        code,
    )


def register(app: Flask) -> None:
    from . import outage

    outage.register(app)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _(
                "Formulir sudah kedaluwarsa atau dikirim dari halaman lain. "
                "Muat ulang halaman, lalu kirim sekali lagi."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code and error.code < 400:
            return error
        return render_error(error.code or 500, error=error)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        # Flask calls this for an unexpected exception only when it does not propagate it:
        # in production. With DEBUG or TESTING the exception itself reaches the debugger or
        # the test (PROPAGATE_EXCEPTIONS); Flask has logged it with its traceback already.
        from ..extensions import db

        db.session.rollback()  # the page itself may need the database
        return render_error(500)

    @app.after_request
    def security_headers(response):
        frame_hosts = " ".join(f"https://{h}" for h in app.config["ALLOWED_IFRAME_HOSTS"])
        csp = form_action(app.config) + (
            f"; frame-src {frame_hosts}" if frame_hosts else "; frame-src 'none'"
        )
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
