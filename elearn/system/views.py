"""The front door, the favicon, liveness (/healthz) and readiness (/readyz)."""

from pathlib import Path

from flask import Blueprint, current_app, jsonify, redirect, url_for
from flask_login import current_user

from . import readiness

bp = Blueprint("system", __name__)


@bp.get("/")
def index():
    """Send learners to their own page and visitors to the catalog."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.my"))
    return redirect(url_for("learn.catalog"))


@bp.get("/favicon.ico")
def favicon():
    """Browsers and bookmark tools ask for /favicon.ico whatever the page links; pages link
    the same file under /static (with its version)."""
    icon = Path(current_app.static_folder or "", "icons", "favicon.ico").read_bytes()
    response = current_app.response_class(icon, mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = 86400  # a day: the file changes only with a release
    return response


@bp.get("/healthz")
def healthz():
    """Liveness: the worker answers. Nothing else is asked, so a database outage does not
    get every worker restarted by a supervisor that watches this (that is /readyz)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Readiness: 200 when the database (and the Redis of the rate limits, when configured)
    answer; 503 naming what does not."""
    checks = readiness.checks()
    ready = all(checks.values())
    body = {name: "ok" if up else "unreachable" for name, up in checks.items()}
    return jsonify(status="ok" if ready else "error", **body), 200 if ready else 503
