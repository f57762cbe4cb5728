"""/metrics for Prometheus, readable with the bearer token METRICS_TOKEN or from a network of
METRICS_ALLOW (default: loopback). Anyone else gets the same 404 as a page that does not
exist, whatever the method: the route is not there for them.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request

from ..domain import telemetry
from ..extensions import csrf
from . import metrics

bp = Blueprint("observability", __name__)
NETWORKS = "elearn_metrics_networks"  # app.extensions key: METRICS_ALLOW, parsed at start
# Every method, so that none answers 405 (which would say the path exists); OPTIONS listed
# keeps Flask from answering it by itself with an Allow header.
EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


def may_read_metrics() -> bool:
    config = current_app.config
    if telemetry.bearer_matches(
        request.headers.get("Authorization"), str(config.get("METRICS_TOKEN") or "")
    ):
        return True
    # A proxy the app does not trust (PROXY_FIX_X_FOR=0) would otherwise make every client
    # of the site look like a loopback scraper: the address is the proxy's.
    forwarded = any(name in request.headers for name in FORWARDING_HEADERS)
    if forwarded and not int(config["PROXY_FIX_X_FOR"]):
        return False
    return telemetry.address_allowed(request.remote_addr, current_app.extensions[NETWORKS])


@bp.route("/metrics", methods=EVERY_METHOD)
@csrf.exempt  # nothing is written; a refused POST must look like any unknown page's
def prometheus_metrics():
    if request.method not in ("GET", "HEAD") or not may_read_metrics():
        abort(404)
    body, content_type = metrics.exposition()
    return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})
