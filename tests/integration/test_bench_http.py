"""bench/http.py end to end, very short: the demo is built, both gunicorn servers start, the
learner logs in through the form, and every page answers without an error."""

from __future__ import annotations

import argparse

from bench import http, page_work


def test_a_short_run_reports_every_page_with_its_statements():
    args = argparse.Namespace(
        seconds=0.5, rounds=1, connections=2, threads=1, workers=1, keep=False
    )
    lines = http.run(args).splitlines()
    rows = {line.split()[0]: line.split() for line in lines[3:]}
    assert set(rows) >= {"hello-world", "catalog", "module", "my", "quiz", "course", "healthz"}
    for name, cells in rows.items():
        numbers = [c for c in cells if not c.startswith("/")]
        errors, statements = int(numbers[-3]), int(numbers[-1])
        assert errors == 0, name
        assert statements >= (0 if name in ("hello-world", "healthz") else 1), name


def test_page_work_counts_calls_and_statements_of_every_page():
    lines = page_work.run(argparse.Namespace(requests=2, top=None)).splitlines()
    rows = {line.rsplit(None, 3)[0].strip(): line.split()[-3:] for line in lines[1:]}
    assert set(rows) >= {"healthz", "catalog", "module page", "my learning", "quiz page"}
    for name, (calls, statements, _path) in rows.items():
        assert int(calls) > 1000, name  # a Flask request is never less
        if name == "logged-in 404":
            assert statements == "404!"
        else:
            assert int(statements) >= (0 if name == "healthz" else 1), name
