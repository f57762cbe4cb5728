"""How fast "Did it help?" (/hr/skm/dampak, issue 18 item 4) answers on a generated database
(bench/generate.py, which adds six semesters of SKM results for every service unit).

Run: python -m bench.skm_impact [--database-url URL] [--repeat 5] [--password P] [--no-gc]

Logs in through the real login form as `bkpsdm` (the whole government) and `hr-unit` (one
leaf unit) and GETs, in process with Flask's test client, the overview, one unit's page (the
service unit with the most front-line staff, four elements drawn), and the overview's XLSX;
one warm-up, then --repeat timed runs each, measured and judged exactly as bench.hr_reports
does (the issue's target: under 1 s for the whole government, 200 ms for one unit).
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from pathlib import Path

from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import SkmElementAverage, SkmResponse, SkmService, User

from .generate import DEFAULT_PASSWORD, build_app
from .hr_reports import (
    HEADER,
    BenchError,
    data_size,
    login,
    measure,
    print_slowest,
    write_results,
)

PAGE = "/hr/skm/dampak"
ELEMENTS = "&element=2&element=3&element=6&element=7"
HERE = Path(__file__).resolve().parent


def busiest_service_unit() -> int | None:
    """The unit with SKM results whose subtree holds the most front-line staff."""
    from elearn.skm.impact import front_line_staff

    units = select(SkmService.unit_id).distinct()
    staff = front_line_staff(units).subquery()
    found = db.session.execute(
        select(staff.c.unit_id, func.count())
        .group_by(staff.c.unit_id)
        .order_by(func.count().desc(), staff.c.unit_id)
        .limit(1)
    ).first()
    return found[0] if found else db.session.scalar(units.order_by(SkmService.unit_id).limit(1))


def plan(unit_id: int | None, hr_unit: int | None) -> list[tuple[str, str]]:
    """(account, path) of every request timed."""
    pages = [("bkpsdm", PAGE)]
    if unit_id is not None:
        pages.append(("bkpsdm", f"{PAGE}?unit={unit_id}{ELEMENTS}"))
    pages += [("bkpsdm", f"{PAGE}.xlsx"), ("hr-unit", PAGE)]
    if hr_unit is not None:
        pages.append(("hr-unit", f"{PAGE}?unit={hr_unit}{ELEMENTS}"))
    return pages


def skm_size() -> dict[str, int]:
    from elearn.models import Position

    front_line = (
        select(func.count())
        .select_from(User)
        .join(Position, Position.id == User.position_id)
        .where(Position.front_line.is_(True))
    )
    return {
        **{
            m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) or 0
            for m in (SkmService, SkmResponse, SkmElementAverage)
        },
        "front-line staff": db.session.scalar(front_line) or 0,
    }


def run_benchmark(app, repeat: int = 5, password: str = DEFAULT_PASSWORD, echo=print):
    """Time every page of `plan` for its account; one Result each."""
    with app.app_context():
        unit_id = busiest_service_unit()
        hr_unit = db.session.scalar(select(User.scope_unit_id).where(User.username == "hr-unit"))
        db.session.remove()
    pages = plan(unit_id, hr_unit)
    clients = {account: login(app, account, password) for account in ("bkpsdm", "hr-unit")}
    echo(HEADER)
    results = []
    level = app.logger.level
    app.logger.setLevel(logging.CRITICAL)  # a failing page shows as 500 in the table
    try:
        for account, path in pages:
            result = measure(clients[account], account, path, repeat)
            echo(result.row())
            results.append(result)
    finally:
        app.logger.setLevel(level)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument("--output", default=None, help="default: bench/results-skm-<dialect>.json")
    parser.add_argument("--no-gc", action="store_true", help="see bench/README.md: segfault")
    parser.add_argument(
        "--slow", type=int, default=0, help="also print the N slowest statements of each page"
    )
    args = parser.parse_args(argv)
    if args.no_gc:
        gc.disable()
    app = build_app(args.database_url)
    with app.app_context():
        dialect = db.engine.dialect.name
        print(f"database: {db.engine.url.render_as_string(hide_password=True)}", flush=True)
        sizes = {**data_size(), **skm_size()}
        db.session.remove()
    print("rows: " + ", ".join(f"{name} {count:,}" for name, count in sizes.items()))
    print(f"{args.repeat} timed runs per page after one warm-up\n")
    try:
        results = run_benchmark(
            app, args.repeat, args.password, lambda line: print(line, flush=True)
        )
    except BenchError as exc:
        print(f"cannot run: {exc}", file=sys.stderr)
        return 2
    output = Path(args.output) if args.output else HERE / f"results-skm-{dialect}.json"
    write_results(output, dialect, args.repeat, sizes, results)
    failed = [r for r in results if r.verdict != "PASS"]
    print(f"\n{len(results) - len(failed)} of {len(results)} pages within target.")
    print(f"written: {output}")
    if args.slow:
        print_slowest(results, args.slow)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
