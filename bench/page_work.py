"""Python work per learner page, counted rather than timed (issue 15).

Run: python -m bench.page_work [--requests 20] [--top PAGE]

On a machine shared with other work, req/s and milliseconds move with the neighbours'
load; the number of Python function calls a request makes does not. This builds the same
demo as bench/http.py (a fresh SQLite database, the demo learner logged in through the form,
past a course's pre-test), warms each page twice, then counts with cProfile the function
calls of `--requests` GETs of each page through Flask's test client, and the SQL statements
of one; then the same for a failing quiz submit (an attempt started for each). Calls are a
proxy for CPU time, not a measure of it (a call into C may cost more
than a Python one), but a change that halves them halves most of a page's work.
`--top PAGE` also prints that page's 30 most-called functions.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import sys
import tempfile
from pathlib import Path

from werkzeug.datastructures import MultiDict

from .http import (
    CSRF_INPUT,
    LEARNER,
    PASSWORD,
    POOL_COURSE,
    SUBMIT,
    answers,
    pages,
    pool_names,
    prepare,
    statements_per_request,
    submit_statements,
)


def logged_in(app, course: tuple):
    """A test client of the demo learner, past the course's pre-test."""
    client = app.test_client()
    token = CSRF_INPUT.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": LEARNER, "password": PASSWORD, "csrf_token": token})
    slug, _module, _quiz, pretest = course
    if pretest:
        page = client.get(f"/courses/{slug}/pretest").get_data(as_text=True)
        token = CSRF_INPUT.search(page).group(1)
        client.post(f"/courses/{slug}/pretest/skip", data={"csrf_token": token})
    return client


def calls_per_request(client, path: str, requests: int) -> tuple[float, pstats.Stats]:
    client.get(path)
    client.get(path)  # the live-version cache and the resume pointer are warm now
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(requests):
        client.get(path)
    profile.disable()
    stats = pstats.Stats(profile)
    return stats.total_calls / requests, stats


def submit_calls(app, requests: int) -> float:
    """Calls of a failing quiz submit (POST /attempts/<id>, answered wrong) by the second
    pool learner: each request gets an attempt of its own, started (not counted) through the
    quiz page's start form."""
    from elearn.extensions import db
    from elearn.models import QuizAttempt

    client = app.test_client()
    token = CSRF_INPUT.search(client.get("/login").get_data(as_text=True)).group(1)
    learner = pool_names(2)[1]  # the first passed m01 in submit_statements
    client.post("/login", data={"username": learner, "password": PASSWORD, "csrf_token": token})
    profile, total = cProfile.Profile(), requests + 2
    for number in range(total):
        landing = f"/courses/{POOL_COURSE}/quiz/m{number % 10 + 1:02d}"
        token = CSRF_INPUT.search(client.get(landing).get_data(as_text=True)).group(1)
        path = client.post(landing + "/start", data={"csrf_token": token}).location
        with app.app_context():
            attempt = db.session.get(QuizAttempt, int(path.rsplit("/", 1)[1]))
            form = MultiDict([("action", "submit"), *answers(attempt.questions, False)])
            db.session.remove()
        form.add("csrf_token", token)
        warm = number >= 2  # the first two warm the caches
        if warm:
            profile.enable()
        status = client.post(path, data=form).status_code
        if warm:
            profile.disable()
        if status != 302:
            raise RuntimeError(f"the submit answered {status}")
    return pstats.Stats(profile).total_calls / requests


def run(args) -> str:
    # The request log would be counted and printed; logging is switched back afterwards,
    # as the process may go on (the tests run this in theirs).
    was = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        return measure(args)
    finally:
        logging.disable(was)


def measure(args) -> str:
    with tempfile.TemporaryDirectory(prefix="elearn-work-") as folder:
        work = Path(folder)
        (work / "instance").mkdir()
        app, course = prepare(work, pool_learners=2)
        client = logged_in(app, course)
        targets = [("logged-in 404", "/tidak-ada"), *pages(course)]
        statements = statements_per_request(app, [path for _name, path in targets])
        lines = [f"{'page':18} {'calls/request':>13} {'SQL':>4}  path"]
        for name, path in targets:
            calls, stats = calls_per_request(client, path, args.requests)
            count = statements[path]
            shown = count if count >= 0 else f"{-count}!"  # a status other than 200
            lines.append(f"{name:18} {calls:13.0f} {shown!s:>4}  {path}")
            if args.top == name:
                stats.sort_stats("ncalls").print_stats(30)
        failing, _passing = submit_statements(app, pool_names(1)[0])
        calls = submit_calls(app, args.requests)
        # A POST, answered wrong (SUBMIT names it "POST /attempts/<id>").
        lines.append(f"{'quiz submit':18} {calls:13.0f} {failing:>4}  {SUBMIT.split()[1]}")
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", default=None, help="a page name: print its hottest calls")
    print(run(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
