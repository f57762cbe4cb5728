"""Reading what the platform tells operators: its request log lines and its metrics."""

from __future__ import annotations

import contextlib
import json

from prometheus_client import REGISTRY

from elearn.observability.request_log import LOGGER


@contextlib.contextmanager
def request_lines(caplog):
    """Collect the request log lines logged inside the block (the logger does not propagate
    to the root logger, where caplog listens); yields the list of messages."""
    lines: list[str] = []
    caplog.handler.setLevel(0)
    LOGGER.addHandler(caplog.handler)
    start = len(caplog.records)
    try:
        yield lines
    finally:
        LOGGER.removeHandler(caplog.handler)
        lines += [r.getMessage() for r in caplog.records[start:] if r.name == LOGGER.name]


def plain_fields(line: str) -> dict[str, str]:
    """The key=value pairs of a plain line (values quoted with JSON rules where needed)."""
    fields = {}
    rest = line
    while rest:
        key, _, rest = rest.partition("=")
        if rest.startswith('"'):
            value, end = json.JSONDecoder().raw_decode(rest)
            rest = rest[end:].lstrip()
        else:
            value, _, rest = rest.partition(" ")
        fields[key.strip()] = value
    return fields


def sample(name: str, **labels) -> float:
    """A metric's current value in this process (0 when the series has not started)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0
