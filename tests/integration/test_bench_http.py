"""bench/http.py end to end, very short: the demo is built, both gunicorn servers start, the
learner logs in through the form, every page answers without an error, and the quiz submit
is driven from a pool of started attempts that end up graded."""

from __future__ import annotations

import argparse
import logging

from bench import http, page_work


def test_a_short_run_reports_every_page_and_the_submit_with_their_statements():
    # wrk runs a second at least; a pool of 200 ran out at 200 submits a second once the
    # submit got faster: 1,000 leaves room on a faster machine.
    args = argparse.Namespace(
        seconds=0.5, rounds=1, connections=2, threads=1, workers=1, keep=False, pool=1000
    )
    table, footnote = http.run(args).split("\n\n")[1:]
    # "name (16 wide)  req/s p50 p90 p99 errors ratio SQL path"
    rows = {line[:16].strip(): line[16:].split() for line in table.splitlines()[1:]}
    assert set(rows) == {
        "hello-world",
        "healthz",
        "catalog",
        "course overview",
        "module page",
        "my learning",
        "quiz page",
        "quiz submit",
    }
    for name, cells in rows.items():
        errors, statements = int(cells[4]), int(cells[6])
        assert errors == 0, name
        assert statements >= (0 if name in ("hello-world", "healthz") else 1), name
    assert rows["quiz submit"][7:] == ["POST", "/attempts/<id>"]
    assert float(rows["quiz submit"][0]) > 0
    assert "statements when it passes" in footnote


def test_page_work_counts_calls_and_statements_of_every_page():
    lines = page_work.run(argparse.Namespace(requests=2, top=None)).splitlines()
    assert logging.root.manager.disable == logging.NOTSET  # the tests after this one log
    rows = {line.rsplit(None, 3)[0].strip(): line.split()[-3:] for line in lines[1:]}
    assert set(rows) >= {
        "healthz",
        "catalog",
        "module page",
        "my learning",
        "quiz page",
        "quiz submit",
    }
    for name, (calls, statements, _path) in rows.items():
        assert int(calls) > 1000, name  # a Flask request is never less
        if name == "logged-in 404":
            assert statements == "404!"
        else:
            assert int(statements) >= (0 if name == "healthz" else 1), name
