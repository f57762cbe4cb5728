"""How fast the HR report pages answer on a generated database (see bench/generate.py).

Run: python -m bench.hr_reports [--database-url URL] [--repeat 5] [--password P]

Logs in through the real login form (with its CSRF token) as `bkpsdm` (the whole
government) and `hr-unit` (one unit), then GETs every report page in process with
Flask's test client: one warm-up, then --repeat timed runs. Reports the median and
maximum time, the SQL statements per request, the status and the size, judges each
page against the issue's targets, and writes bench/results-<dialect>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import logging
import platform
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from elearn.extensions import db

from .generate import DEFAULT_PASSWORD, build_app

PAGES = (
    "/hr/",
    "/hr/matrix",
    "/hr/jp",
    "/hr/jp?page=20",
    "/hr/gaps",
    "/hr/evaluation",
    "/hr/assignments",
)
UNIT_ONLY_PAGES = ("/hr/jp.xlsx",)
# Issue 6: the whole government under 1 s, one unit's pages under 200 ms.
TARGET_MS = {"bkpsdm": 1000.0, "hr-unit": 200.0}
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
HERE = Path(__file__).resolve().parent


class BenchError(Exception):
    """The benchmark cannot run (no such account, login refused)."""


@dataclass
class Result:
    account: str
    path: str
    status: str  # "200", "404", "TODO" (a stub page), "error: ..."
    median_ms: float | None
    max_ms: float | None
    queries: int | None
    queries_varied: bool
    size: int
    target_ms: float
    verdict: str  # PASS, FAIL or "-" when the page did not answer 200

    slowest: list[dict] = field(default_factory=list)  # of the last run

    def row(self) -> str:
        def ms(value):
            return f"{value:8.1f}" if value is not None else f"{'-':>8}"

        queries = (
            "-" if self.queries is None else f"{self.queries}{'*' if self.queries_varied else ''}"
        )
        return (
            f"{self.account:<8} {self.path:<18} {self.status:<7} {ms(self.median_ms)} "
            f"{ms(self.max_ms)} {queries:>7} {self.size:>9,} {self.target_ms:>7.0f}  {self.verdict}"
        )


HEADER = (
    f"{'account':<8} {'page':<18} {'status':<7} {'median':>8} {'max':>8} {'queries':>7} "
    f"{'bytes':>9} {'target':>7}  verdict\n"
    f"{'':<8} {'':<18} {'':<7} {'ms':>8} {'ms':>8} {'':>7} {'':>9} {'ms':>7}"
)


@contextlib.contextmanager
def counting():
    """Collect [statement, parameters, ms] of every SQL statement any engine sends meanwhile."""
    statements: list[list] = []

    def before(conn, cursor, statement, parameters, *args):
        statements.append([statement, parameters, time.perf_counter()])

    def after(conn, cursor, statement, *args):
        if statements and statements[-1][0] is statement:
            statements[-1][2] = (time.perf_counter() - statements[-1][2]) * 1000

    event.listen(Engine, "before_cursor_execute", before)
    event.listen(Engine, "after_cursor_execute", after)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", before)
        event.remove(Engine, "after_cursor_execute", after)


def slowest(statements: list[list], count: int) -> list[dict]:
    """The `count` slowest statements, for the JSON and --slow (execution time only)."""
    ranked = sorted(statements, key=lambda s: -s[2])[:count]
    return [
        {"ms": round(ms, 1), "sql": " ".join(sql.split()), "parameters": repr(params)[:4000]}
        for sql, params, ms in ranked
    ]


def login(app, username: str, password: str):
    """A test client logged in through the real form; BenchError when refused."""
    client = app.test_client()
    page = client.get("/login")
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    if not match:
        raise BenchError("no CSRF token on /login")
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": match.group(1)}
    )
    if response.status_code != 302:
        raise BenchError(
            f"login as {username} refused ({response.status_code}); "
            "was the database filled by bench.generate with this --password?"
        )
    return client


def _get(client, path: str):
    """(status label, body size, seconds); a page that raises is reported, not fatal."""
    start = time.perf_counter()
    try:
        response = client.get(path)
        body = response.get_data()
    except Exception as exc:  # noqa: BLE001 (pages under construction may fail)
        with contextlib.suppress(Exception):
            db.session.rollback()
        return f"error: {type(exc).__name__}", 0, time.perf_counter() - start
    elapsed = time.perf_counter() - start
    status = str(response.status_code)
    if response.status_code == 200 and body.strip() == b"TODO":
        status = "TODO"
    return status, len(body), elapsed


def explain(app, sql: str, parameters) -> str:
    """The plan of one statement: EXPLAIN QUERY PLAN (SQLite), EXPLAIN ANALYZE (PostgreSQL)."""
    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + sql, parameters).all()
            return "\n".join(row[0] for row in rows)
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parameters).all()
        depth = {0: -1}
        lines = []
        for node, parent, _, detail in rows:
            depth[node] = depth.get(parent, -1) + 1
            lines.append("  " * depth[node] + detail)
        return "\n".join(lines)


def measure(client, account: str, path: str, repeat: int, explain_on=None) -> Result:
    _get(client, path)  # warm-up: templates compiled, caches filled
    timings, counts, last = [], [], []
    status, size = "", 0
    for _ in range(max(1, repeat)):
        with counting() as statements:
            status, size, elapsed = _get(client, path)
        timings.append(elapsed * 1000)
        counts.append(len(statements))
        last = statements
    target = TARGET_MS[account]
    ok = status == "200"
    worst = slowest(last, 5)
    if explain_on is not None and last:
        sql, parameters, _ = max(last, key=lambda s: s[2])
        try:
            worst[0]["plan"] = explain(explain_on, sql, parameters)
        except Exception as exc:  # noqa: BLE001 (a plan is a bonus, never a failure)
            worst[0]["plan"] = f"(no plan: {type(exc).__name__}: {exc})"
    median = statistics.median(timings)
    return Result(
        account=account,
        path=path,
        status=status,
        median_ms=round(median, 1) if ok else None,
        max_ms=round(max(timings), 1) if ok else None,
        queries=counts[-1] if ok else None,
        queries_varied=len(set(counts)) > 1,
        size=size,
        target_ms=target,
        verdict=("PASS" if median < target else "FAIL") if ok else "-",
        slowest=worst,
    )


def run_benchmark(
    app,
    repeat: int = 5,
    password: str = DEFAULT_PASSWORD,
    echo=print,
    only: str = "",
    plans: bool = False,
):
    """Time every page (whose path contains `only`) for both officers, one result each.

    With `plans`, the slowest statement of each page is explained (it runs once more).
    """
    plan = [("bkpsdm", path) for path in PAGES]
    plan += [("hr-unit", path) for path in PAGES + UNIT_ONLY_PAGES]
    plan = [(account, path) for account, path in plan if only in path]
    clients = {account: login(app, account, password) for account in TARGET_MS}
    echo(HEADER)
    results = []
    # A page that fails is reported as 500 in the table; its traceback would bury it.
    level = app.logger.level
    app.logger.setLevel(logging.CRITICAL)
    try:
        for account, path in plan:
            result = measure(clients[account], account, path, repeat, app if plans else None)
            echo(result.row())
            results.append(result)
    finally:
        app.logger.setLevel(level)
    return results


def data_size() -> dict[str, int]:
    from elearn.models import CourseCompletion, Enrollment, ModuleProgress, OrgUnit, User

    return {
        m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) or 0
        for m in (User, OrgUnit, Enrollment, ModuleProgress, CourseCompletion)
    }


def write_results(path: Path, dialect: str, repeat: int, sizes: dict, results) -> None:
    from sqlalchemy.util import has_compiled_ext

    payload = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "dialect": dialect,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "sqlalchemy_compiled_extensions": has_compiled_ext(),
        "gc_enabled": gc.isenabled(),
        "repeat": repeat,
        "rows": sizes,
        "targets_ms": TARGET_MS,
        "results": [asdict(r) for r in results],
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument("--output", default=None, help="default: bench/results-<dialect>.json")
    parser.add_argument("--only", default="", help="only pages whose path contains this")
    parser.add_argument(
        "--slow", type=int, default=0, help="also print the N slowest statements of each page"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="explain each page's slowest statement (printed with --slow, kept in the JSON)",
    )
    parser.add_argument(
        "--no-gc",
        action="store_true",
        help="turn off Python's cyclic garbage collector (see README: segfault)",
    )
    args = parser.parse_args(argv)
    if args.no_gc:
        gc.disable()
    # The benchmark logs in twice per run; successful logins are never throttled.
    app = build_app(args.database_url)
    with app.app_context():
        dialect = db.engine.dialect.name
        print(f"database: {db.engine.url.render_as_string(hide_password=True)}", flush=True)
        sizes = data_size()
        db.session.remove()
    print("rows: " + ", ".join(f"{name} {count:,}" for name, count in sizes.items()))
    print(f"{args.repeat} timed runs per page after one warm-up\n")
    try:
        results = run_benchmark(
            app,
            args.repeat,
            args.password,
            lambda line: print(line, flush=True),
            args.only,
            args.explain,
        )
    except BenchError as exc:
        print(f"cannot run: {exc}", file=sys.stderr)
        return 2
    output = Path(args.output) if args.output else HERE / f"results-{dialect}.json"
    write_results(output, dialect, args.repeat, sizes, results)
    answered = [r for r in results if r.status == "200"]
    failed = [r for r in answered if r.verdict == "FAIL"]
    print(
        f"\n{len(answered)} of {len(results)} pages answered 200; {len(failed)} over target. "
        "* = the query count differed between runs."
    )
    print(f"written: {output}")
    if args.slow:
        print_slowest(results, args.slow)
    return 0


def print_slowest(results, count: int) -> None:
    for result in results:
        print(f"\n{result.account} {result.path}: slowest statements of the last run")
        for query in result.slowest[:count]:
            print(f"  {query['ms']:8.1f} ms  {query['sql'][:600]}")
            print(f"  {'':8}     parameters: {query['parameters'][:200]}")
            if query.get("plan"):
                print("\n".join(f"  {'':8}     | {line}" for line in query["plan"].splitlines()))


if __name__ == "__main__":
    sys.exit(main())
