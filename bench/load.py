"""Load drivers for bench/http.py: Debian's `wrk`, or a small Python driver when wrk is not
installed (its own ceiling is far lower than wrk's, and it takes CPU from the servers on the
same machine: figures from it are marked as such)."""

from __future__ import annotations

import http.client
import multiprocessing
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Load:
    driver: str  # "wrk" or "python"
    requests: int
    errors: int  # non-2xx/3xx answers, socket errors, timeouts
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_path() -> str | None:
    return shutil.which("wrk")


def drive(url: str, cookie: str, seconds: float, connections: int, threads: int) -> Load:
    """GET `url` as fast as `connections` clients can for `seconds`."""
    if wrk_path():
        return _wrk(url, cookie, seconds, connections, threads)
    return _python(url, cookie, seconds, connections, threads)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str, seconds: float) -> Load:
    """Read wrk's `--latency` report."""
    percentile = dict(re.findall(r"^\s+(50|90|99)%\s+([\d.]+(?:us|ms|s))\s*$", output, re.M))
    total = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", output)
    requests, elapsed = int(total.group(1)), float(total.group(2))
    elapsed *= {"ms": 0.001, "s": 1.0, "m": 60.0}[total.group(3)]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors += sum(int(n) for n in socket.groups()) if socket else 0
    return Load(
        "wrk",
        requests,
        errors,
        elapsed or seconds,
        _ms(percentile["50"]),
        _ms(percentile["90"]),
        _ms(percentile["99"]),
    )


def _wrk(url: str, cookie: str, seconds: float, connections: int, threads: int) -> Load:
    command = [wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    command += ["--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run(  # noqa: S603 (wrk from PATH, our own arguments)
        [*command, url], capture_output=True, text=True, timeout=seconds + 30, check=True
    )
    return parse_wrk(done.stdout, seconds)


def _client(url: str, cookie: str, until: float, latencies: list, errors: list) -> None:
    """One connection's loop: a new TCP connection whenever the server closed the last one
    (gunicorn's sync workers close after every answer, as they do for wrk)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": cookie} if cookie else {}
    connection = None
    while time.perf_counter() < until:
        start = time.perf_counter()
        try:
            connection = connection or http.client.HTTPConnection(parts.netloc, timeout=10)
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                errors.append(response.status)
            if response.will_close:
                connection.close()
                connection = None
        except OSError:
            errors.append(0)
            connection = None
            continue
        latencies.append(time.perf_counter() - start)


def _process(url, cookie, seconds, connections, queue) -> None:
    latencies: list[float] = []
    errors: list[int] = []
    until = time.perf_counter() + seconds
    clients = [
        threading.Thread(target=_client, args=(url, cookie, until, latencies, errors))
        for _ in range(connections)
    ]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    queue.put((latencies, len(errors)))


def _python(url: str, cookie: str, seconds: float, connections: int, threads: int) -> Load:
    """`threads` processes with connections/threads client threads each (the GIL would make
    one process the bottleneck at once)."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    per = max(1, connections // threads)
    workers = [
        multiprocessing.Process(target=_process, args=(url, cookie, seconds, per, queue))
        for _ in range(threads)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=seconds + 60) for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(x for found, _ in results for x in found)
    if not latencies:
        return Load("python", 0, sum(e for _, e in results), elapsed, 0.0, 0.0, 0.0)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Load(
        "python",
        len(latencies),
        sum(e for _, e in results),
        min(elapsed, seconds) or elapsed,
        cuts[49] * 1000,
        cuts[89] * 1000,
        cuts[98] * 1000,
    )
