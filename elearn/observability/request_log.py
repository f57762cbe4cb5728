"""One log line per request, its id in the X-Request-ID header, and its latency observed.

The line names the route (the URL rule, `/courses/<slug>`), never the path or the query
string: paths carry certificate codes and tokens, queries whatever a client typed. Nothing
of a form body or a header but the request id is read. The user is the one the request was
served as; a request that never needed the user (/healthz, a static file) says none rather
than spend a query finding out.

Lines go to the logger `elearn.requests`; when logging has not been set up for it, to
stderr (gunicorn's and systemd's log), as JSON with LOG_FORMAT=json, else as key=value.
"""

from __future__ import annotations

import logging
import sys
import time
from datetime import UTC, datetime

from flask import Flask, current_app, g, request, request_started
from sqlalchemy import inspect

from ..domain import telemetry
from . import metrics

LOGGER = logging.getLogger("elearn.requests")
UNMATCHED = "<unmatched>"  # no route: the raw path would let any client add series


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is logged (a test captures it, gunicorn
    may redirect it), not to the one there was when the app was built."""

    def __init__(self):
        super().__init__()
        self.setFormatter(logging.Formatter("%(message)s"))  # the line is complete already

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass  # StreamHandler sets it in __init__


def set_up_logger() -> None:
    """Send request lines to stderr unless the operator's logging configuration already
    handles this logger; once per process, however many apps are built."""
    if LOGGER.handlers:
        return
    LOGGER.addHandler(StderrHandler())
    LOGGER.setLevel(logging.INFO)
    # Not through the "elearn" logger: Flask's handler there would print the line a
    # second time, in its own format.
    LOGGER.propagate = False


def started(_app: Flask, **_extra) -> None:
    """request_started: before URL preprocessors and before_request, so a request refused
    there is timed and logged too."""
    g.request_started = time.perf_counter()
    g.request_id = telemetry.request_id(request.headers.get("X-Request-ID"))


def served_user_id() -> int | None:
    """The id of the user Flask-Login loaded for this request (it keeps it in g), read from
    the identity map: after a view's commit the user's columns are expired, and `user.id`
    would load the whole row again."""
    state = inspect(g.get("_login_user"), raiseerr=False)  # None for the anonymous user
    identity = state.identity if state is not None else None
    return identity[0] if identity else None


def route() -> str:
    """The URL rule of this request, for logs and labels."""
    return request.url_rule.rule if request.url_rule else UNMATCHED


def current_id() -> str | None:
    """This request's id, for other log lines of the request (None outside one)."""
    return g.get("request_id")


def finished(response):
    """after_request: header, histogram, log line."""
    seconds = time.perf_counter() - g.get("request_started", time.perf_counter())
    rid = g.get("request_id") or telemetry.request_id(None)
    response.headers["X-Request-ID"] = rid
    rule, method = route(), telemetry.method_label(request.method)
    metrics.REQUEST_SECONDS.labels(
        route=rule, method=method, status=telemetry.status_class(response.status_code)
    ).observe(seconds)
    fields = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "request_id": rid,
        "user_id": served_user_id(),
        "method": method,
        "route": rule,
        "status": response.status_code,
        "duration_ms": round(seconds * 1000, 1),
    }
    fmt = str(current_app.config.get("LOG_FORMAT") or "plain").lower()
    LOGGER.info(telemetry.log_line(fields, fmt), extra={"request_fields": fields})
    return response


def exception_logger(app: Flask):
    """Flask's "Exception on <path> [METHOD]" line, naming the route instead of the path, as
    the request lines do: a path may hold a certificate code or a token."""

    def log_exception(exc_info) -> None:
        app.logger.error(f"Exception on {route()} [{request.method}]", exc_info=exc_info)

    return log_exception


def register(app: Flask) -> None:
    set_up_logger()
    app.log_exception = exception_logger(app)
    request_started.connect(started, app, weak=False)
    app.after_request(finished)
