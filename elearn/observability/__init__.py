"""What the platform tells its operators: one log line per request (and the request's id on
every other line logged during it), Prometheus metrics at /metrics (counted at the
services: elearn.observability.metrics). Health and readiness answer in elearn/system.
Settings: deploy/OBSERVABILITY.md."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from ..domain import telemetry
    from . import log_context, request_log
    from .views import NETWORKS, bp

    # A wrong entry stops the app here, before it serves anything (ValueError names it).
    app.extensions[NETWORKS] = telemetry.networks(app.config["METRICS_ALLOW"])
    log_context.register(app)
    request_log.register(app)
    app.register_blueprint(bp)
