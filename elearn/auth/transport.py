"""HTTP Strict Transport Security on a site served over https (config PUBLIC_URL)."""

from __future__ import annotations

from flask import Flask

from ..config import https_only


def register(app: Flask) -> None:
    """Tell browsers to use https only, when the deployment says it is an https site.

    Sent on every response, not only on secure requests: behind a TLS-terminating proxy the
    app may see plain http, and browsers ignore the header on http anyway.
    """
    if not https_only(app.config):
        return
    value = f"max-age={int(app.config['HSTS_MAX_AGE'])}"

    @app.after_request
    def strict_transport(response):
        response.headers.setdefault("Strict-Transport-Security", value)
        return response
