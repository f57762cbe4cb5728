"""Load drivers for bench/http.py: Debian's `wrk`, or a small Python driver when wrk is not
installed (its own ceiling is far lower than wrk's, and it takes CPU from the servers on the
same machine: figures from it are marked as such). Both drive either one GET over and over
or a pool of quiz submissions, each sent once (bench/submit.lua for wrk)."""

from __future__ import annotations

import collections
import http.client
import multiprocessing
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

SUBMIT_SCRIPT = Path(__file__).with_name("submit.lua")


@dataclass(frozen=True)
class Submission:
    """One started attempt of the pool: POST `body` to `path` as the learner of `cookie`;
    the app must answer with a redirect to the attempt's page."""

    path: str
    cookie: str
    body: str


@dataclass
class Load:
    driver: str  # "wrk" or "python"
    requests: int
    errors: int  # non-2xx/3xx answers, socket errors, timeouts
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    exhausted: bool = False  # a pool ran out before the time was up: the rate is void

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_path() -> str | None:
    return shutil.which("wrk")


def drive(url: str, cookie: str, seconds: float, connections: int, threads: int) -> Load:
    """GET `url` as fast as `connections` clients can for `seconds`."""
    if wrk_path():
        command = ["-H", f"Cookie: {cookie}"] if cookie else []
        return _wrk([*command, url], seconds, connections, threads)
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": cookie} if cookie else {}
    return _python(
        parts.netloc, [("GET", path, headers, None)], True, seconds, connections, threads
    )


def drive_pool(base: str, pool: list[Submission], seconds, connections, threads) -> Load:
    """POST each submission of `pool` once, as fast as `connections` clients can, for
    `seconds`; a submission not answered by a redirect to its attempt is an error."""
    if wrk_path():
        with tempfile.TemporaryDirectory(prefix="elearn-bench-pool-") as folder:
            lines = Path(folder) / "pool.tsv"
            lines.write_text("".join(f"{s.path}\t{s.cookie}\t{s.body}\n" for s in pool))
            arguments = ["-s", str(SUBMIT_SCRIPT), base, "--", str(lines), str(threads)]
            return _wrk(arguments, seconds, connections, threads)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    requests = [("POST", s.path, {**form, "Cookie": s.cookie}, s.body) for s in pool]
    return _python(urlsplit(base).netloc, requests, False, seconds, connections, threads)


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
    bad = re.search(r"^submit-bad (\d+)$", output, re.M)  # bench/submit.lua's count
    errors += int(bad.group(1)) if bad else 0
    return Load(
        "wrk",
        requests,
        errors,
        elapsed or seconds,
        _ms(percentile["50"]),
        _ms(percentile["90"]),
        _ms(percentile["99"]),
        exhausted=bool(re.search(r"^submit-exhausted [1-9]", output, re.M)),
    )


def _wrk(arguments: list[str], seconds: float, connections: int, threads: int) -> Load:
    command = [wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    command += ["--latency", "--timeout", "10s"]
    done = subprocess.run(  # noqa: S603 (wrk from PATH, our own arguments)
        [*command, *arguments], capture_output=True, text=True, timeout=seconds + 30, check=True
    )
    return parse_wrk(done.stdout, seconds)


def _good(method: str, status: int, location: str) -> bool:
    """A GET must not fail; a submission must be redirected to its attempt's page (not to
    the login page, not answered with an error)."""
    if method == "GET":
        return status < 400
    return status == 302 and bool(re.search(r"/attempts/\d+$", urlsplit(location).path))


def _client(netloc: str, take, until: float, latencies: list, errors: list) -> None:
    """One connection's loop: a new TCP connection whenever the server closed the last one
    (gunicorn's sync workers close after every answer, as they do for wrk). `take()` gives
    the next request, or None when a pool is used up."""
    connection = None
    while time.perf_counter() < until:
        request = take()
        if request is None:
            break
        method, path, headers, body = request
        start = time.perf_counter()
        try:
            connection = connection or http.client.HTTPConnection(netloc, timeout=10)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if not _good(method, response.status, response.getheader("Location", "")):
                errors.append(response.status)
            if response.will_close:
                connection.close()
                connection = None
        except OSError:
            errors.append(0)
            connection = None
            continue
        latencies.append(time.perf_counter() - start)
    if connection is not None:
        connection.close()


def _process(netloc, requests, repeat, seconds, connections, queue) -> None:
    """`connections` client threads sending requests[0] over and over (`repeat`) or each of
    `requests` once (a deque: popleft is atomic, so no request goes out twice)."""
    latencies: list[float] = []
    errors: list[int] = []
    pending = collections.deque(requests)
    exhausted = threading.Event()

    def take():
        if repeat:
            return requests[0]
        try:
            return pending.popleft()
        except IndexError:
            exhausted.set()
            return None

    until = time.perf_counter() + seconds
    clients = [
        threading.Thread(target=_client, args=(netloc, take, until, latencies, errors))
        for _ in range(connections)
    ]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    queue.put((latencies, len(errors), exhausted.is_set()))


def _python(netloc, requests, repeat, seconds, connections, threads) -> Load:
    """`threads` processes with connections/threads client threads each (the GIL would make
    one process the bottleneck at once); without `repeat` each process gets its share of
    `requests`."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    per = max(1, connections // threads)
    shares = [requests if repeat else requests[n::threads] for n in range(threads)]
    workers = [
        multiprocessing.Process(target=_process, args=(netloc, share, repeat, seconds, per, queue))
        for share in shares
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=seconds + 60) for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(x for found, _, _ in results for x in found)
    errors = sum(e for _, e, _ in results)
    exhausted = any(x for _, _, x in results)
    if not latencies:
        return Load("python", 0, errors, elapsed, 0.0, 0.0, 0.0, exhausted)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Load(
        "python",
        len(latencies),
        errors,
        min(elapsed, seconds) or elapsed,
        cuts[49] * 1000,
        cuts[89] * 1000,
        cuts[98] * 1000,
        exhausted,
    )
