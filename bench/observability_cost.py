"""What the request log and the latency histogram cost per request (issue 15, item 6): both
hooks timed alone inside one request context, the line written to /dev/null.

    python -m bench.observability_cost [--number 5000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import timeit

from flask import Response

from elearn import create_app
from elearn.observability import request_log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=5000)
    number = parser.parse_args().number
    folder = tempfile.mkdtemp()
    app = create_app(
        {"SECRET_KEY": "bench", "INSTANCE_PATH": folder, "DATABASE_URL": f"sqlite:///{folder}/b.db"}
    )
    out, sys.stderr = sys.stdout, open("/dev/null", "w")  # noqa: SIM115 (for the whole run)
    for fmt in ("plain", "json"):
        app.config["LOG_FORMAT"] = fmt
        with app.test_request_context("/courses/x", headers={"X-Request-ID": "bench-1"}):

            def once():
                request_log.started(app)
                request_log.finished(Response("ok"))

            best = min(timeit.repeat(once, number=number, repeat=5)) / number
            print(f"{fmt:>5}: {best * 1e6:6.1f} us per request", file=out)


if __name__ == "__main__":
    main()
