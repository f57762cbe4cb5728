"""Throughput of the learner pages next to a Flask hello-world, as deployed (issue 15).

Run: python -m bench.http [--seconds 10] [--rounds 2] [--connections 16] [--threads 2]
                          [--workers 2] [--pool N] [--keep]

Builds the demo (shipped courses, demo accounts) in a fresh SQLite database in a temporary
folder, starts two gunicorn servers on loopback with the same number of sync workers, one
serving bench/hello.py and one the platform (wsgi.py), logs the demo learner in through the
real login form and skips a course's pre-test, then drives the hello-world and each page
alternately with `wrk` (Debian's; without it a Python driver, marked as such). Prints
req/s, latency percentiles, the ratio to the hello-world measured just before each page,
and the SQL statements one request of each page runs (counted in process).

The quiz submit (POST /attempts/<id>) needs a started attempt per request: a bench course
(POOL_MODULES modules with an unlimited quiz each) and enough learners to hold --pool open
attempts are created, each learner logged in through the form (its cookie and CSRF token),
and before each submit run every (learner, quiz) gets an open attempt with the real
quiz.services.start_attempt. wrk (bench/submit.lua) or the Python driver then POSTs each
one once, answered wrong (a passed quiz cannot be started again); afterwards the database
must hold them graded.

The run is bounded: rounds x rows x 2 x seconds, plus the start (the demo, one login per
POOL_MODULES pool attempts) and the pool's refill before each submit run.
"""

from __future__ import annotations

import argparse
import concurrent.futures
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

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from .load import Load, Submission, drive, drive_pool, wrk_path

ROOT = Path(__file__).resolve().parent.parent
LEARNER, PASSWORD = "peserta", "bench-http-password-1"
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# The submit's bench course: one open attempt per learner and quiz at a time, so the pool
# of started attempts is learners x modules.
POOL_COURSE, POOL_MODULES, POOL_QUESTIONS = "uji-kirim", 10, 5
SUBMIT = "POST /attempts/<id>"


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


def quiz_course(title: str, modules: list[str], attempts: int, questions: int, exam: int = 0):
    """The files of a course folder without a task or pre-test: each module with a quiz of
    `questions` single-choice questions (`attempts`: 0 is unlimited) and, when `exam` is
    not 0, a final exam of `exam` questions with the same attempt limit."""

    def question(qid: str, text: str) -> str:
        return f"### {text} {{#{qid}}}\n- [x] Benar\n- [ ] Salah\n- [ ] Tidak tahu\n\n"

    exam_setting = f"exam:\n  attempts: {attempts}\n" if exam else ""
    exam_section = "## Ujian Akhir\n\n" + "".join(
        question(f"ujian-{n}", f"Pernyataan ujian {n}?") for n in range(1, exam + 1)
    )
    files = {
        "course.md": f"---\ntitle: {title}\nsummary: Kursus kecil untuk uji beban.\njp: 1\n"
        f"category: uji-coba\ncompetencies:\n  integritas: 1\n{exam_setting}---\n\n"
        f"# Tentang\n\nKursus untuk uji beban.\n\n{exam_section if exam else ''}",
    }
    for number, slug in enumerate(modules, start=1):
        files[f"{number:02d}-{slug}.md"] = (
            f"---\ntitle: Modul {slug}\nminutes: 15\nquiz:\n  attempts: {attempts}\n---\n\n"
            f"# Modul {slug}\n\n{'Materi bacaan. ' * 200}\n\n## Kuis\n\n"
            + "".join(
                question(f"{slug}-{n}", f"Pernyataan {slug} {n}?") for n in range(1, questions + 1)
            )
        )
    return files


def publish_course(folder: Path, files: dict[str, str]) -> None:
    """Write the course folder and publish it as an author does; in an app context."""
    from elearn.publishing.folders import import_paths

    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    lines: list[str] = []
    if not import_paths([str(folder)], echo=lines.append):
        raise BenchError("\n".join(lines))


def add_learners(session, names: list[str]) -> None:
    """Learner accounts with PASSWORD, committed; the hash is made once (hundreds of
    hashes would take minutes)."""
    from elearn.models import User

    template = User()
    template.set_password(PASSWORD)
    for name in names:
        user = User(username=name, full_name=f"Peserta Beban {name[-4:]}")
        user.set_roles(["learner"])
        user.password_hash = template.password_hash
        session.add(user)
    session.commit()


def answers(questions: list[dict], right: bool = True) -> list[tuple[str, str]]:
    """The form fields that answer an attempt's drawn questions, all right or (for
    single-choice and short questions) all wrong."""
    pairs = []
    for question in questions:
        name = f"q-{question['qid']}"
        if question["kind"] == "short":
            pairs.append((name, question["answers"][0] if right else "-"))
        elif right:
            pairs += [(name, key) for key in question["correct"]]
        else:
            wrong = [c["key"] for c in question["choices"] if c["key"] not in question["correct"]]
            pairs.append((name, wrong[0]))
    return pairs


class Browser:
    """A person over HTTP (urllib): cookies kept, forms posted with their CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path: str):
        return self.opener.open(self.base + path)  # noqa: S310 (loopback)

    def token(self, page: str) -> str:
        found = CSRF_INPUT.search(self.open(page).read().decode())
        if not found:
            raise BenchError(f"no form with a CSRF token on {page}")
        return found.group(1)

    def post(self, path: str, form_page: str, data: dict) -> None:
        body = urlencode({**data, "csrf_token": self.token(form_page)}).encode()
        self.opener.open(self.base + path, body).close()  # noqa: S310

    def log_in(self, username: str) -> None:
        self.post("/login", "/login", {"username": username, "password": PASSWORD})
        if "/login" in self.open("/my").geturl():
            raise BenchError(f"the login of {username} was refused")

    @property
    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


class SubmitPool:
    """Learners logged in over HTTP, each with an open attempt at every quiz of POOL_COURSE
    after refill(); check() asserts that a run's submissions were graded. They answer
    wrong: a passed quiz cannot be started again, a failed one can (no attempt limit)."""

    def __init__(self, app, base: str, names: list[str]):
        self.app, self.base = app, base
        with concurrent.futures.ThreadPoolExecutor(4) as logins:
            self.learners = dict(zip(names, logins.map(self._session, names), strict=True))
        self.submitted = 0

    def _session(self, name: str) -> tuple[str, str]:
        browser = Browser(self.base)
        browser.log_in(name)
        return browser.cookie, browser.token(f"/courses/{POOL_COURSE}/quiz/m01")

    def refill(self) -> list[Submission]:
        """An open attempt per learner and quiz (a new one where the last run submitted it),
        started by the real service, in process."""
        from elearn.extensions import db
        from elearn.learn.services import live_course
        from elearn.models import User
        from elearn.quiz import services as quiz

        pool = []
        with self.app.app_context():
            course, version = live_course(POOL_COURSE)
            infos = [quiz.quiz_info(version, m.slug, "quiz") for m in version.modules]
            users = db.session.scalars(select(User).where(User.username.in_(self.learners)))
            for user in users:
                cookie, token = self.learners[user.username]
                for info in infos:
                    attempt = quiz.start_attempt(user.id, course, version, info)
                    form = [("action", "submit"), *answers(attempt.questions, right=False)]
                    body = urlencode([*form, ("csrf_token", token)])
                    pool.append(Submission(f"/attempts/{attempt.id}", cookie, body))
            db.session.remove()
        return pool

    def check(self, load: Load) -> None:
        """Every answered submission is stored graded, and one result page shows."""
        from elearn.extensions import db
        from elearn.models import QuizAttempt, User

        if load.exhausted:
            raise BenchError(f"the pool of {self.size} attempts ran out: raise --pool")
        with self.app.app_context():
            mine = QuizAttempt.user_id.in_(select(User.id).where(User.username.in_(self.learners)))
            done = select(QuizAttempt).where(mine, QuizAttempt.submitted_at.is_not(None))
            rows = db.session.scalars(done.order_by(QuizAttempt.id.desc())).all()
            ungraded = sum(1 for row in rows if row.score is None or row.correct is None)
            sample = rows[0] if rows else None
            owner = sample and db.session.get(User, sample.user_id).username
            db.session.remove()
        stored, self.submitted = len(rows) - self.submitted, len(rows)
        if ungraded or not sample or stored < load.requests - load.errors:
            raise BenchError(f"{load.requests} submissions answered, {stored} stored graded")
        page = urllib.request.Request(  # noqa: S310 (loopback)
            f"{self.base}/attempts/{sample.id}", headers={"Cookie": self.learners[owner][0]}
        )
        with urllib.request.urlopen(page) as answer:  # noqa: S310 (loopback)
            if 'class="score' not in answer.read().decode():
                raise BenchError(f"/attempts/{sample.id} shows no result")

    @property
    def size(self) -> int:
        return len(self.learners) * POOL_MODULES

    def run(self, pool: list[Submission], args) -> Load:
        load = drive_pool(self.base, pool, args.seconds, args.connections, args.threads)
        self.check(load)
        return load


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


def pool_names(count: int) -> list[str]:
    return [f"kirim-{n:04d}" for n in range(count)]


def prepare(work: Path, pool_learners: int = 0):
    """Build the demo in `work`'s database, publish POOL_COURSE and add the learners of
    pool_names(pool_learners) for the submit; return the app (for counting statements and
    starting attempts) and the demo course to read: (slug, module slug, quiz module slug,
    whether it offers a pre-test)."""
    from elearn import create_app, demo
    from elearn.extensions import db
    from elearn.models import Course

    config = {"DATABASE_URL": database_url(work), "INSTANCE_PATH": str(work / "instance")}
    names = pool_names(pool_learners)
    modules = [f"m{n:02d}" for n in range(1, POOL_MODULES + 1)]
    with mock.patch.dict(os.environ, {"ELEARN_DEMO_PASSWORD": PASSWORD}):
        app = create_app(config)
        with app.app_context():
            demo.prepare(echo=lambda *_args, **_kw: None)
            files = quiz_course("Uji Kirim Kuis", modules, 0, POOL_QUESTIONS)
            publish_course(work / "courses" / POOL_COURSE, files)
            add_learners(db.session, names)
            for course in db.session.scalars(select(Course).order_by(Course.slug)):
                version = course.live_version
                quiz = next((m.slug for m in version.modules if m.question_count), None)
                if version.modules and quiz and course.slug != POOL_COURSE:
                    return app, (course.slug, version.modules[0].slug, quiz, version.offers_pretest)
    raise BenchError("the demo has no live course with a module quiz")


def database_url(work: Path) -> str:
    return f"sqlite:///{work / 'elearn.db'}"


def learner_session(base: str, course: tuple) -> str:
    """Log the learner in through the real form, skip the course's pre-test and open its
    first module once (so the resume pointer is set); return the Cookie header."""
    browser = Browser(base)
    browser.log_in(LEARNER)
    slug, module, _quiz, pretest = course
    if pretest:
        browser.post(f"/courses/{slug}/pretest/skip", f"/courses/{slug}/pretest", {})
    browser.open(f"/courses/{slug}/{module}").close()
    return browser.cookie


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
        with counted(app) as statements:
            status = client.get(path).status_code
        counts[path] = len(statements) if status == 200 else -status
    return counts


@contextlib.contextmanager
def counted(app):
    """The statements run inside the block, by any engine (tests.helpers.count_queries, in
    an app context of `app` for its session)."""
    from tests.helpers import count_queries

    with app.app_context(), count_queries() as statements:
        yield statements


def submit_statements(app, learner: str) -> tuple[int, int]:
    """SQL statements of one warm quiz submit by a pool learner, with Flask's test client:
    answered wrong (as the pool does) and answered right (the quiz passes: the completion
    check runs). Each must be graded and answered by its redirect."""
    client = app.test_client()
    token = CSRF_INPUT.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": learner, "password": PASSWORD, "csrf_token": token})
    counts = [_one_submit(app, client, right) for right in (False, False, True)]
    return counts[1], counts[2]  # the first warmed the caches


def _one_submit(app, client, right: bool) -> int:
    from elearn.extensions import db
    from elearn.models import QuizAttempt

    landing = f"/courses/{POOL_COURSE}/quiz/m01"
    token = CSRF_INPUT.search(client.get(landing).get_data(as_text=True)).group(1)
    path = client.post(landing + "/start", data={"csrf_token": token}).location
    attempt_id = int(path.rsplit("/", 1)[1])
    with app.app_context():
        form = answers(db.session.get(QuizAttempt, attempt_id).questions, right)
        db.session.remove()
    with counted(app) as statements:
        form = MultiDict([("action", "submit"), *form, ("csrf_token", token)])
        answer = client.post(path, data=form)
    with app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        graded = attempt.score is not None and attempt.passed is right
        db.session.remove()
    if answer.status_code != 302 or answer.location != path or not graded:
        raise BenchError(f"the counted submit answered {answer.status_code} {answer.location}")
    return len(statements)


def measure(hello: str, base: str, cookie: str, targets, pool: SubmitPool, args):
    """Each page right after a hello-world run, round after round; the submit from the
    pool, refilled before each of its runs."""
    hellos: list[Load] = []
    rows = [Row(name, path, [], [], None) for name, path in targets]
    for _ in range(args.rounds):
        for row in rows:
            if row.path == SUBMIT:
                submissions = pool.refill()  # before the hello-world: back to back runs
            limit = drive(hello + "/", "", args.seconds, args.connections, args.threads)
            if row.path == SUBMIT:
                load = pool.run(submissions, args)
            else:
                load = drive(base + row.path, cookie, args.seconds, args.connections, args.threads)
            hellos.append(limit)
            row.loads.append(load)
            row.ratios.append(load.per_second / limit.per_second if limit.per_second else 0)
    return hellos, rows


def report(hellos: list[Load], rows: list[Row], args, passing: int) -> str:
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
    lines += [
        "",
        f"quiz submit: a different started attempt per request ({POOL_QUESTIONS} questions,"
        f" answered wrong: graded, not passed); {passing} statements when it passes",
    ]
    return "\n".join(lines)


def run(args) -> str:
    work = Path(tempfile.mkdtemp(prefix="elearn-bench-http-"))
    env = {
        **os.environ,
        "ELEARN_DATABASE_URL": database_url(work),
        "ELEARN_INSTANCE_PATH": str(work / "instance"),
    }
    try:
        learners = 1 - (-args.pool // POOL_MODULES)
        app, course = prepare(work, learners)
        names = pool_names(learners)
        targets = pages(course)
        counts = statements_per_request(app, [path for _name, path in targets])
        targets.append(("quiz submit", SUBMIT))
        # Its own learner: the passing submit closes that quiz to new attempts.
        counts[SUBMIT], passing = submit_statements(app, names.pop())
        with (
            gunicorn("bench.hello:app", args.workers, env, work / "hello.log") as hello,
            gunicorn("wsgi:app", args.workers, env, work / "platform.log") as base,
        ):
            cookie = learner_session(base, course)
            pool = SubmitPool(app, base, names)
            hellos, rows = measure(hello, base, cookie, targets, pool, args)
        for row in rows:
            row.statements = counts[row.path]
        return report(hellos, rows, args, passing)
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
    parser.add_argument(
        "--pool",
        type=int,
        help="started attempts per submit run (default 1,000 per second of --seconds)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    args.pool = args.pool or round(1000 * args.seconds)
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
