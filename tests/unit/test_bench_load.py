"""bench/load.py: reading wrk's report (the figures bench/http.py prints come from it), and
both drivers sending a pool of quiz submissions once each."""

from __future__ import annotations

import collections
import http.server
import threading

import pytest

from bench import load
from bench.load import parse_wrk

WRK = """Running 10s test @ http://127.0.0.1:8000/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.62ms    1.02ms  21.33ms   83.11%
    Req/Sec     2.21k   150.00     2.50k    70.00%
  Latency Distribution
     50%    3.51ms
     75%    4.01ms
     90%  812.00us
     99%    1.20s
  44011 requests in 10.02s, 7.09MB read
  Socket errors: connect 0, read 3, write 0, timeout 1
  Non-2xx or 3xx responses: 5
Requests/sec:   4392.31
Transfer/sec:    724.56KB
"""


def test_requests_seconds_percentiles_and_errors_are_read():
    load = parse_wrk(WRK, 10)
    assert load.driver == "wrk" and load.requests == 44011 and load.seconds == 10.02
    assert load.per_second == pytest.approx(4392.3, abs=0.1)
    assert (load.p50_ms, load.p90_ms, load.p99_ms) == (3.51, 0.812, 1200.0)
    assert load.errors == 5 + 3 + 1


def test_the_submit_scripts_counts_are_read():
    output = WRK + "submit-bad 2\nsubmit-exhausted 0\n"
    load = parse_wrk(output, 10)
    assert load.errors == 5 + 3 + 1 + 2 and not load.exhausted
    assert parse_wrk(WRK + "submit-bad 0\nsubmit-exhausted 1\n", 10).exhausted


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers a submission as the app does (302 to the attempt), except attempt 7, which
    is sent to the login page as an expired session would be."""

    seen: list[str] = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append(self.path)
        self.send_response(302)
        self.send_header("Location", "/login?next=x" if self.path == "/attempts/7" else self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args):
        pass


@pytest.fixture
def recorder():
    _Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.seen
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("driver", ["python", "wrk"])
def test_a_pool_is_sent_once_each_and_a_redirect_elsewhere_is_an_error(
    driver, recorder, monkeypatch
):
    if driver == "wrk" and not load.wrk_path():
        pytest.skip("wrk is not installed")
    if driver == "python":
        monkeypatch.setattr(load, "wrk_path", lambda: None)
    base, seen = recorder
    pool = [load.Submission(f"/attempts/{n}", "session=s", "action=submit") for n in range(40)]
    result = load.drive_pool(base, pool, 1, connections=4, threads=2)
    assert result.driver == driver
    assert result.exhausted  # 40 submissions take far less than a second
    counts = collections.Counter(seen)
    assert set(counts) == {s.path for s in pool}
    # wrk asks for more requests while a thread stops: each stopping thread starts again at
    # the pool's first lines (bench/submit.lua), so with two threads an early line may go
    # out three times. The run is void anyway (`exhausted`).
    assert max(counts.values()) <= (1 if driver == "python" else 3)
    assert result.errors == 1  # /attempts/7 went to the login page
