"""Reading wrk's report (bench/load.py): the figures bench/http.py prints come from it."""

from __future__ import annotations

import pytest

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
