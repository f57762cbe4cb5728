"""The request id on every log line written during a request, not only on the request's own
line: a warning of a service, an exception Flask logs, a library's message.

The id is put on every LogRecord when it is made (logging's record factory), whichever logger
made it and wherever the operator's logging configuration sends it: a filter would have to
sit on every handler, and the operator's handlers are not ours to know. Any format string
may then name `%(request_id)s`; outside a request it is "-".

The app's own logger ("elearn", and so every "elearn.*" logger) writes through Flask's
default handler when logging has not been configured for it: that handler gets a line in
the request log's format (key=value, or JSON with LOG_FORMAT=json) carrying the id.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import Flask, g, has_request_context
from flask.logging import default_handler

from ..domain import telemetry

NO_REQUEST = "-"


def current_request_id() -> str:
    """The id of the request being served in this thread, "-" outside one (a CLI command,
    a background thread, the request's first hooks before the id is chosen)."""
    if has_request_context():
        return g.get("request_id") or NO_REQUEST
    return NO_REQUEST


def install_record_factory() -> None:
    """Wrap the process's record factory once, however many apps are built."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "adds_request_id", False):
        return

    def make_record(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = current_request_id()
        return record

    make_record.adds_request_id = True
    logging.setLogRecordFactory(make_record)


class LineFormatter(logging.Formatter):
    """One record as the request log writes a request: key=value or one JSON object, with
    time, level, logger, request id and message; a traceback follows a plain line and is
    the field "exception" of a JSON one (a JSON line stays one line)."""

    def __init__(self, fmt: str = "plain"):
        super().__init__()
        self.line_format = fmt

    def format(self, record: logging.LogRecord) -> str:
        rid = getattr(record, "request_id", NO_REQUEST)
        fields: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": None if rid == NO_REQUEST else rid,
            "message": record.getMessage(),
        }
        trace = self.formatException(record.exc_info) if record.exc_info else ""
        if self.line_format == "json":
            if trace:
                fields["exception"] = trace
            return telemetry.log_line(fields, "json")
        line = telemetry.log_line(fields, "plain")
        return f"{line}\n{trace}" if trace else line


def register(app: Flask) -> None:
    install_record_factory()
    # Reading app.logger makes Flask attach its default handler when nothing else would
    # write the app's records; an operator's own logging configuration is left alone.
    if default_handler in app.logger.handlers:
        fmt = str(app.config.get("LOG_FORMAT") or "plain").lower()
        default_handler.setFormatter(LineFormatter(fmt))
