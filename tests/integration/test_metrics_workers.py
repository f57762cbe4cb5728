"""/metrics under two real gunicorn workers (issue 15, item 6): with PROMETHEUS_MULTIPROC_DIR
every scrape shows the sum of both workers' counts, whichever worker answers it."""

from __future__ import annotations

import re
import socket
import urllib.parse
import urllib.request

from tests.helpers import servers

HEALTHZ_COUNT = re.compile(
    r'^elearn_http_request_duration_seconds_count\{method="GET",route="/healthz",status="2xx"\}'
    r" (\S+)$",
    re.MULTILINE,
)


def healthz_count(base: str) -> float:
    with urllib.request.urlopen(base + "/metrics", timeout=60) as response:  # noqa: S310
        return float(HEALTHZ_COUNT.search(response.read().decode()).group(1))


def get(base: str, path: str) -> None:
    with urllib.request.urlopen(base + path, timeout=60) as response:  # noqa: S310
        response.read()


def healthz_on_both_workers(base: str, times: int) -> None:
    """One /healthz held half-sent, so the worker that accepted it waits while the other
    serves `times` more; then the held one is finished."""
    address = urllib.parse.urlsplit(base)
    held = socket.create_connection((address.hostname, address.port), timeout=60)
    held.sendall(b"GET /healthz HTTP/1.1\r\n")
    for _ in range(times):
        get(base, "/healthz")
    held.sendall(f"Host: {address.netloc}\r\nConnection: close\r\n\r\n".encode())
    while held.recv(65536):
        pass
    held.close()


def test_every_scrape_adds_up_both_workers(tmp_path):
    env = {
        "ELEARN_DATABASE_URL": "sqlite:///" + str(tmp_path / "unused.db"),
        "ELEARN_SECRET_KEY": "metrics-workers-test",
        "ELEARN_INSTANCE_PATH": str(tmp_path),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    log = tmp_path / "access.log"
    with servers.gunicorn(env, log) as base:
        before = healthz_count(base)  # the start-up polls of /healthz
        healthz_on_both_workers(base, 5)
        scrapes = [healthz_count(base) for _ in range(6)]
    served = [line.split() for line in log.read_text().splitlines()]
    assert len({pid for pid, _status, path in served if path == "/healthz"}) == 2
    assert len({pid for pid, _status, path in served if path == "/metrics"}) >= 1
    assert scrapes == [before + 6] * 6
