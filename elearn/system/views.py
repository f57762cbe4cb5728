"""Liveness (/healthz) and readiness (/readyz); the front door is elearn/front."""

from flask import Blueprint, jsonify

from . import readiness

bp = Blueprint("system", __name__)


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
