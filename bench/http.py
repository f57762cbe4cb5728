"""Throughput of the learner pages next to a Flask hello-world, as deployed (issue 15).

Run: python -m bench.http [--seconds 10] [--rounds 2] [--connections 16] [--threads 2]
                          [--workers 2] [--keep]

Builds the demo (shipped courses, demo accounts) in a fresh SQLite database in a temporary
folder, starts two gunicorn servers on loopback with the same number of sync workers, one
serving bench/hello.py and one the platform (wsgi.py), logs the demo learner in through the
real login form and skips a course's pre-test, then drives the hello-world and each page
alternately with `wrk` (Debian's; without it a Python driver, marked as such). Prints
req/s, latency percentiles, the ratio to the hello-world measured just before each page,
and the SQL statements one request of each page runs (counted in process). The run is
bounded: rounds x pages x 2 x seconds, plus about 10 s to start.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from .load import Load, drive, wrk_path

ROOT = Path(__file__).resolve().parent.parent
LEARNER, PASSWORD = "peserta", "bench-http-password-1"
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class BenchError(Exception):
    """The benchmark cannot run (a server did not start, the login was refused...)."""


@dataclass
class Row:
    name: str
    path: str
    loads: list[Load]
    ratios: list[float]
    statements: int | None

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(load, attribute) for load in self.loads)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(target: str, workers: int, env: dict, log: Path):
    """A gunicorn serving `target` on a free loopback port; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    command += ["--log-level", "warning", target]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)  # noqa: S603
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz", server, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()


def wait_until_up(url: str, server: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 (loopback)
            return
        except OSError as error:
            if getattr(error, "code", None):  # an HTTP answer, even 404: it is up
                return
            time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer within {seconds:.0f} s")


def prepare(work: Path):
    """Build the demo in `work`'s database; return the app (for counting statements) and
    the course to read: (slug, module slug, quiz module slug, whether it offers a pre-test)."""
    from elearn import create_app, demo
    from elearn.extensions import db
    from elearn.models import Course

    config = {"DATABASE_URL": database_url(work), "INSTANCE_PATH": str(work / "instance")}
    with mock.patch.dict(os.environ, {"ELEARN_DEMO_PASSWORD": PASSWORD}):
        app = create_app(config)
        with app.app_context():
            demo.prepare(echo=lambda *_args, **_kw: None)
            for course in db.session.scalars(select(Course).order_by(Course.slug)):
                version = course.live_version
                quiz = next((m.slug for m in version.modules if m.question_count), None)
                if version.modules and quiz:
                    return app, (course.slug, version.modules[0].slug, quiz, version.offers_pretest)
    raise BenchError("the demo has no live course with a module quiz")


def database_url(work: Path) -> str:
    return f"sqlite:///{work / 'elearn.db'}"


def learner_session(base: str, course: tuple) -> str:
    """Log the learner in through the real form, skip the course's pre-test and open its
    first module once (so the resume pointer is set); return the Cookie header."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, form_page: str, data: dict) -> None:
        page = opener.open(base + form_page).read().decode()  # noqa: S310
        token = CSRF_INPUT.search(page).group(1)
        opener.open(base + path, urlencode({**data, "csrf_token": token}).encode()).close()

    post("/login", "/login", {"username": LEARNER, "password": PASSWORD})
    slug, module, _quiz, pretest = course
    if pretest:
        post(f"/courses/{slug}/pretest/skip", f"/courses/{slug}/pretest", {})
    opened = opener.open(f"{base}/courses/{slug}/{module}")  # noqa: S310
    if "/login" in opened.geturl():
        raise BenchError("the demo learner's login was refused")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def pages(course: tuple) -> list[tuple[str, str]]:
    slug, module, quiz, _pretest = course
    return [
        ("healthz", "/healthz"),
        ("catalog", "/courses"),
        ("course overview", f"/courses/{slug}"),
        ("module page", f"/courses/{slug}/{module}"),
        ("my learning", "/my"),
        ("quiz page", f"/courses/{slug}/quiz/{quiz}"),
    ]


def statements_per_request(app, paths: list[str]) -> dict[str, int]:
    """SQL statements one warm GET of each path runs, with Flask's test client."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = CSRF_INPUT.search(page).group(1)
    client.post("/login", data={"username": LEARNER, "password": PASSWORD, "csrf_token": token})
    counts: dict[str, int] = {}
    for path in paths:
        client.get(path)  # warm: the live version cache, the resume pointer
        statements: list[str] = []

        def record(_conn, _cursor, statement, *_args, _into=statements):
            _into.append(statement)

        event.listen(Engine, "before_cursor_execute", record)
        try:
            status = client.get(path).status_code
        finally:
            event.remove(Engine, "before_cursor_execute", record)
        counts[path] = len(statements) if status == 200 else -status
    return counts


def measure(hello: str, base: str, cookie: str, targets, args) -> tuple[list[Load], list[Row]]:
    """Each page right after a hello-world run, round after round."""
    hellos: list[Load] = []
    rows = [Row(name, path, [], [], None) for name, path in targets]
    for _ in range(args.rounds):
        for row in rows:
            limit = drive(hello + "/", "", args.seconds, args.connections, args.threads)
            load = drive(base + row.path, cookie, args.seconds, args.connections, args.threads)
            hellos.append(limit)
            row.loads.append(load)
            row.ratios.append(load.per_second / limit.per_second if limit.per_second else 0)
    return hellos, rows


def report(hellos: list[Load], rows: list[Row], args) -> str:
    driver = hellos[0].driver
    lines = [
        f"driver: {driver}"
        + ("" if driver == "wrk" else " (wrk is not installed: apt-get install wrk)")
        + f", -t{args.threads} -c{args.connections}, {args.seconds:g} s per run,"
        f" {args.rounds} round(s); gunicorn {args.workers} sync workers each; SQLite demo",
        "",
        f"{'page':<16} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'ratio':>6} {'SQL':>4}  path",
    ]
    every = [Row("hello-world", "/", hellos, [1.0] * len(hellos), 0), *rows]
    for row in every:
        errors = sum(load.errors for load in row.loads)
        lines.append(
            f"{row.name:<16} {row.median('per_second'):>8.0f} {row.median('p50_ms'):>8.1f} "
            f"{row.median('p90_ms'):>8.1f} {row.median('p99_ms'):>8.1f} {errors:>6} "
            f"{statistics.median(row.ratios):>6.2f} {row.statements:>4}  {row.path}"
        )
    return "\n".join(lines)


def run(args) -> str:
    work = Path(tempfile.mkdtemp(prefix="elearn-bench-http-"))
    env = {
        **os.environ,
        "ELEARN_DATABASE_URL": database_url(work),
        "ELEARN_INSTANCE_PATH": str(work / "instance"),
    }
    try:
        app, course = prepare(work)
        targets = pages(course)
        counts = statements_per_request(app, [path for _name, path in targets])
        with (
            gunicorn("bench.hello:app", args.workers, env, work / "hello.log") as hello,
            gunicorn("wsgi:app", args.workers, env, work / "platform.log") as base,
        ):
            cookie = learner_session(base, course)
            hellos, rows = measure(hello, base, cookie, targets, args)
        for row in rows:
            row.statements = counts[row.path]
        return report(hellos, rows, args)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per run (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of every page (default 2)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if not wrk_path():
        print(
            "wrk is not installed (apt-get install wrk): using the Python driver", file=sys.stderr
        )
    try:
        print(run(args))
    except BenchError as error:
        print(f"bench.http: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
