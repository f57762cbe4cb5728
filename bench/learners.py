"""Learners under load and faults through the deployed stack (issue 15, item 4).

Run: python -m bench.learners [--learners 200] [--phase-seconds 150] [--workers 3]
                              [--phases normal,worker-killed,postgres-restart]
                              [--fault-at STEP] [--own-postgres] [--keep FOLDER]

Starts the production stack of deploy/ on loopback (tests/helpers/stack.py: a fresh
PostgreSQL database, Redis, gunicorn with deploy/gunicorn.conf.py, nginx with
deploy/nginx/elearn.conf), publishes a small course without a workplace task (two modules
with a quiz each and a final exam, 2 attempts each), and creates learners. Then, per
phase, N new learners at once (one thread and one keep-alive connection to nginx each) log
in through the form, open the course, read both modules, start and submit both quizzes and
the final exam (answering right: the driver reads the drawn questions from the database).
A learner retries a failed request (5xx, 429, a broken connection) after 0.5 s, as a person
would reload, until the phase's deadline. Phases: `normal`; `worker-killed` (a gunicorn
worker gets SIGKILL three times); `postgres-restart` (PostgreSQL restarts once, fast
shutdown: every connection of every worker breaks).

When the faults come: by default 5, 10 and 15 s into the phase (the restart 5 s in). With
`--fault-at STEP` (login, read, start, submit, certificate) each fault waits until a request
of that step is inside its transaction: the driver watches pg_stat_activity for the step's
statement (e.g. a submit's `UPDATE quiz_attempts ... submitted_at`), and the worker killed
is the one holding that database connection (its socket's port, from /proc).

`--own-postgres` runs the stack's database in a private PostgreSQL cluster (initdb in the
work folder, a free port) and restarts only that one; without it the postgres-restart
phase restarts the machine's cluster (`pg_ctlcluster`), with everyone's databases on it.

Per phase it prints requests, failed answers by status and by step, latency percentiles of
every request, learners finished, and the time from the fault to the last failed answer;
then, from the database: attempts the driver saw submitted but missing (lost), attempts it
never saw start, a second attempt at one quiz (duplicated), attempts over the limit, and
certificate numbers with gaps or duplicates. Loopback only; bounded by phases x
--phase-seconds plus about 30 s.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from .http import (
    CSRF_INPUT,
    PASSWORD,
    add_learners,
    answers,
    free_port,
    publish_course,
    quiz_course,
)

COURSE = "uji-beban"
MODULES = ("satu", "dua")
ATTEMPTS = 2  # per quiz and exam in COURSE
RETRY = {429, 500, 502, 503, 504}
PHASES = ("normal", "worker-killed", "postgres-restart")


# The statement that shows a request of each step inside its transaction (pg_stat_activity).
STEP_SQL = {
    "login": "INSERT INTO user_sessions%",
    "read": "INSERT INTO module_progress%",
    "start": "INSERT INTO quiz_attempts%",
    "submit": "UPDATE quiz_attempts SET%submitted_at%",
    "certificate": "INSERT INTO certificates%",
}


def step_of(method: str, path: str) -> str:
    """The step of the journey a request belongs to, for the failures by step."""
    if path.startswith("/attempts/"):
        return "submit" if method == "POST" else "attempt"
    if method == "POST":
        return {"/login": "login"}.get(path) or path.rsplit("/", 1)[-1]  # read, start
    return "page"


@dataclass
class Phase:
    name: str
    started: float = 0.0
    deadline: float = float("inf")
    faults: list[float] = field(default_factory=list)  # monotonic times
    notes: list[str] = field(default_factory=list)
    # (monotonic time, status or 0 for a broken connection, ms, step of the journey)
    answers: list[tuple[float, int, float, str]] = field(default_factory=list)
    finished: int = 0
    submitted: set[int] = field(default_factory=set)  # attempt ids the driver saw submitted
    started_ids: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int, ms: float, step: str) -> None:
        with self.lock:
            self.answers.append((time.monotonic(), status, ms, step))


class Stop(Exception):
    """The phase's deadline passed."""


class Learner:
    """One person in a browser: a cookie jar, the last CSRF token, one connection."""

    def __init__(self, base: str, username: str, phase: Phase, deadline: float, questions):
        self.address = urlsplit(base)
        self.username, self.phase, self.deadline = username, phase, deadline
        self.questions_of = questions
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.connection: http.client.HTTPConnection | None = None

    def send(self, method: str, path: str, form=None) -> tuple[int, str, str]:
        """One request, retried until it gets an answer that is not RETRY: (status,
        Location, body)."""
        body = urlencode(form, doseq=True) if form is not None else None
        while time.monotonic() < self.deadline:
            began = time.monotonic()
            try:
                status, location, text = self._once(method, path, body)
            except (OSError, http.client.HTTPException):
                self.connection = None
                status, location, text = 0, "", ""  # 0: the connection broke
            self.phase.record(status, (time.monotonic() - began) * 1000, step_of(method, path))
            if status and status not in RETRY:
                return status, location, text
            time.sleep(0.5)
        raise Stop

    def _once(self, method: str, path: str, body: str | None) -> tuple[int, str, str]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                self.address.hostname, self.address.port, timeout=30
            )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, response.getheader("Location", ""), text

    def get(self, path: str) -> str:
        status, location, text = self.send("GET", path)
        if status in (301, 302, 303) and location:
            return self.get(urlsplit(location).path)
        token = CSRF_INPUT.search(text)
        self.token = token.group(1) if token else self.token
        return text

    def post(self, path: str, form: dict | list) -> str:
        """POST with the current token; the path redirected to (not followed)."""
        pairs = [*(form.items() if isinstance(form, dict) else form), ("csrf_token", self.token)]
        status, location, _ = self.send("POST", path, pairs)
        if status not in (302, 303):
            raise AssertionError(f"{self.username}: POST {path} answered {status}")
        return urlsplit(location).path

    def attempt(self, landing: str, start: str) -> None:
        self.get(landing)
        attempt_path = self.post(start, {})
        attempt_id = int(re.search(r"/attempts/(\d+)", attempt_path).group(1))
        with self.phase.lock:
            self.phase.started_ids.add(attempt_id)
        self.get(attempt_path)
        form = [("action", "submit"), *answers(self.questions_of(attempt_id))]
        self.get(self.post(attempt_path, form))
        with self.phase.lock:
            self.phase.submitted.add(attempt_id)

    def journey(self) -> None:
        self.get("/login")
        self.get(self.post("/login", {"username": self.username, "password": PASSWORD}))
        self.get(f"/courses/{COURSE}")
        for module in MODULES:
            self.get(f"/courses/{COURSE}/{module}")
            self.get(self.post(f"/courses/{COURSE}/{module}/read", {}))
            self.attempt(
                f"/courses/{COURSE}/quiz/{module}", f"/courses/{COURSE}/quiz/{module}/start"
            )
        self.attempt(f"/courses/{COURSE}/exam", f"/courses/{COURSE}/exam/start")
        with self.phase.lock:
            self.phase.finished += 1


class Questions:
    """The drawn questions of an attempt (with their keys), read from the database like a
    cheat sheet."""

    def __init__(self, database_url: str, deadline_of):
        from sqlalchemy import create_engine

        self.engine = create_engine(database_url, pool_size=4, pool_pre_ping=True)
        self.deadline_of = deadline_of

    def __call__(self, attempt_id: int) -> list[dict]:
        """The attempt's drawn questions (the answers with them)."""
        from sqlalchemy import text

        while time.monotonic() < self.deadline_of():
            try:
                with self.engine.connect() as connection:
                    questions = connection.execute(
                        text("SELECT questions FROM quiz_attempts WHERE id = :id"),
                        {"id": attempt_id},
                    ).scalar_one()
                break
            except Exception:  # noqa: BLE001 (PostgreSQL restarting: ask again)
                time.sleep(0.5)
        else:
            raise Stop
        return json.loads(questions) if isinstance(questions, str) else questions


def prepare(stack, learners: int) -> list[str]:
    """Publish COURSE and create `learners` accounts sharing one password hash."""
    names = [f"beban-{n:04d}" for n in range(learners)]
    files = quiz_course("Uji Beban", list(MODULES), ATTEMPTS, questions=2, exam=3)
    with stack.database() as session:
        publish_course(stack.work / "courses" / COURSE, files)
        add_learners(session, names)
    return names


def workers_of(master: int) -> list[int]:
    """The master's child processes (Linux: /proc/PID/task/PID/children)."""
    return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


class Trigger:
    """Waits for a request of one step to be inside its transaction: a backend of the stack's
    database whose current (or last, while idle in transaction) statement is the step's."""

    def __init__(self, database_url: str, step: str | None, over: threading.Event):
        self.database_url, self.step, self.over = database_url, step, over

    def wait(self, until: float, ports: dict[int, int] | None = None) -> int | None:
        """The client port of such a backend (with `ports`, only one of those: the workers'
        ends of their connections), or None when none was seen before `until` or the
        learners are done (or no step was chosen: the faults go by time)."""
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        if self.step is None:
            return None
        watch = text(
            "SELECT client_port FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')"
            " AND query ILIKE :pattern AND (:any OR client_port = ANY(:ports)) LIMIT 1"
        )
        given = {"pattern": STEP_SQL[self.step], "any": ports is None, "ports": list(ports or [])}
        engine = create_engine(self.database_url, poolclass=NullPool)
        try:
            with engine.connect() as connection:
                while time.monotonic() < until and not self.over.is_set():
                    port = connection.execute(watch, given).scalar()
                    connection.rollback()  # a fresh snapshot of the activity next time
                    if port:
                        return port
                    time.sleep(0.005)  # at most ~200 polls a second: the poller takes CPU too
        finally:
            engine.dispose()
        return None


def worker_ports(pids: list[int]) -> dict[int, int]:
    """The local port of every TCP socket of `pids` -> its pid (/proc/PID/fd, /proc/net/tcp):
    a worker's end of each of its database connections among them."""
    owners = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    owners[os.readlink(fd)] = pid
    ports = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            pid = owners.get(f"socket:[{fields[9]}]")
            if pid:
                ports[int(fields[1].rsplit(":", 1)[1], 16)] = pid
    return ports


def caught_worker(stack, trigger: Trigger, until: float) -> int | None:
    """A worker inside the trigger's step, killable at once: the ports are mapped to the
    workers beforehand (again each second, as workers and their connections change)."""
    while time.monotonic() < until and not trigger.over.is_set():
        ports = worker_ports(workers_of(stack.master_pid()))
        port = trigger.wait(min(until, time.monotonic() + 1), ports)
        if port:
            return ports[port]
    return None


def kill_workers(stack, phase: Phase, count: int, wanted: int, trigger: Trigger) -> None:
    """SIGKILL a worker `count` times, 5 s apart at least: by time, the first worker; with a
    step, the one running that step's transaction. Notes how long the master takes to
    replace it."""
    for _ in range(count):
        if trigger.over.wait(5):
            phase.notes.append("not every fault came: the learners were done")
            return
        # With a step the fault waits for it (the first submits come a minute or more into
        # a phase of 200 learners here), to the end of the phase if need be.
        caught = trigger.step and caught_worker(stack, trigger, phase.deadline)
        if trigger.step and trigger.over.is_set():
            phase.notes.append(f"the learners were done before a {trigger.step} came")
            return
        victim = caught or workers_of(stack.master_pid())[0]
        os.kill(victim, signal.SIGKILL)
        phase.faults.append(time.monotonic())
        began = time.monotonic()
        while len(set(workers_of(stack.master_pid())) - {victim}) < wanted:
            time.sleep(0.05)
        during = f" inside a {trigger.step} transaction" if caught else ""
        phase.notes.append(
            f"worker {victim} killed{during}, replaced in {time.monotonic() - began:.1f} s"
            f" ({phase.faults[-1] - phase.started:.0f} s into the phase)"
        )


class Cluster:
    """The PostgreSQL cluster the stack's database lives in, and how to restart it."""

    def __init__(self, data: Path | None = None, port: int = 0):
        self.data, self.port = data, port

    @property
    def server_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def restart(self) -> tuple[bool, str]:
        """Fast shutdown and start; (whether it worked, what was run)."""
        if self.data is None:
            version = sorted(Path("/etc/postgresql").iterdir(), key=lambda p: float(p.name))
            command = ["pg_ctlcluster", version[-1].name, "main", "restart", "--", "-t", "300"]
            if subprocess.run(command).returncode == 0:  # noqa: S603 (Debian's, fixed)
                return True, " ".join(command[:4])
            start = ["pg_ctlcluster", version[-1].name, "main", "start"]
            subprocess.run(start)  # noqa: S603
            return False, " ".join(command[:4])
        done = self._pg_ctl("restart", "-m", "fast", "-t", "300")
        return done.returncode == 0, "pg_ctl restart -m fast (private cluster)"

    def _pg_ctl(self, *arguments: str) -> subprocess.CompletedProcess:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
        command = [PG_BIN / "pg_ctl", "-D", str(self.data), "-l", str(self.data / "log")]
        command += ["-w", "-o", options, *arguments]
        as_postgres = ["runuser", "-u", "postgres", "--", *map(str, command)]
        return subprocess.run(as_postgres, capture_output=True)  # noqa: S603 (fixed arguments)

    @contextlib.contextmanager
    def running(self):
        """A private cluster: initdb (trust on loopback), started, stopped afterwards."""
        self.data.mkdir(parents=True)
        os.chown(self.data, *_postgres_ids())
        # The work folder is mkdtemp's (0700, root's): the postgres user must pass through
        # it to reach its data, without listing it (the stack's instance keys are there).
        parent = self.data.parent
        parent.chmod(parent.stat().st_mode | 0o111)
        subprocess.run(  # noqa: S603 (fixed arguments)
            ["runuser", "-u", "postgres", "--", str(PG_BIN / "initdb"), "-D", str(self.data)]
            + ["--auth=trust", "-U", "postgres", "--no-sync"],
            check=True,
            capture_output=True,
        )
        self._pg_ctl("start", "-t", "60").check_returncode()
        try:
            yield self
        finally:
            self._pg_ctl("stop", "-m", "fast", "-t", "60")


PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _postgres_ids() -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam("postgres")
    return entry.pw_uid, entry.pw_gid


def restart_postgres(phase: Phase, database_url: str, cluster: Cluster, trigger: Trigger):
    """Restart the cluster once, 5 s into the phase or when the step's transaction is
    caught (fast shutdown: connections break).

    A CHECKPOINT first: on this machine the shutdown's own checkpoint once took 63 s (28,000
    files of the test databases to sync), pg_ctl gave up after its 60 s and the cluster
    stayed down. If the restart fails anyway the cluster is started: never leave it down."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    if trigger.over.wait(5):
        phase.notes.append("no restart: the learners were done")
        return
    engine = create_engine(database_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("CHECKPOINT"))
    caught = trigger.wait(phase.deadline)
    if trigger.over.is_set():
        phase.notes.append("no restart: the learners were done")
        return
    phase.faults.append(time.monotonic())
    worked, command = cluster.restart()
    if not worked:
        phase.notes.append("the restart failed; the cluster was started again")
    ready = ["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(cluster.port or 5432)]
    while subprocess.run(ready).returncode != 0:  # noqa: S603, S607
        time.sleep(0.1)
    during = f" during a {trigger.step} transaction" if caught else ""
    phase.notes.append(
        f"{command}{during}, {phase.faults[-1] - phase.started:.0f} s into the phase: ready"
        f" after {time.monotonic() - phase.faults[-1]:.1f} s"
    )


def run_phase(stack, phase: Phase, names: list[str], args, questions: Questions) -> None:
    phase.started = time.monotonic()
    deadline = phase.deadline = phase.started + args.phase_seconds
    questions.deadline_of = lambda: deadline
    trigger = Trigger(stack.database_url, args.fault_at, threading.Event())
    faults = {
        "worker-killed": lambda: kill_workers(stack, phase, 3, args.workers, trigger),
        "postgres-restart": lambda: restart_postgres(
            phase, stack.database_url, args.cluster, trigger
        ),
    }
    fault = threading.Thread(target=faults.get(phase.name, lambda: None))
    learners = [Learner(stack.url, name, phase, deadline, questions) for name in names]
    threads = [threading.Thread(target=quietly, args=(one,), daemon=True) for one in learners]
    for thread in [fault, *threads]:
        thread.start()
    for thread in threads:
        thread.join(max(0.1, deadline + 5 - time.monotonic()))
    phase.notes.insert(0, f"learners done after {time.monotonic() - phase.started:.0f} s")
    trigger.over.set()
    fault.join()  # its waits end with the learners: every fault stays in its phase


def quietly(learner: Learner) -> None:
    try:
        learner.journey()
    except Stop:
        pass
    except AssertionError as error:  # an unexpected answer: counted as not finished
        learner.phase.notes.append(str(error))


def integrity(stack, phases: list[Phase]) -> list[str]:
    """What the database holds against what the learners were told."""
    from sqlalchemy import text

    seen = set().union(*(p.submitted for p in phases))
    started = set().union(*(p.started_ids for p in phases))
    with stack.database() as session:
        rows = session.execute(
            text(
                "SELECT a.id, a.user_id, a.kind, a.section, a.submitted_at IS NOT NULL"
                " FROM quiz_attempts a JOIN users u ON u.id = a.user_id"
                " WHERE u.username LIKE 'beban-%'"
            )
        ).all()
        sequences = session.execute(text("SELECT year, sequence FROM certificates")).all()
        passed = session.execute(
            text(
                "SELECT count(DISTINCT a.user_id) FROM quiz_attempts a"
                " WHERE a.kind = 'exam' AND a.passed"
            )
        ).scalar_one()
        certified = session.execute(text("SELECT count(*) FROM certificates")).scalar_one()
    stored = {row[0]: row[4] for row in rows}
    per_try = collections.Counter((row[1], row[2], row[3]) for row in rows)
    by_year = collections.defaultdict(list)
    for year, sequence in sequences:
        by_year[year].append(sequence)
    gaps = sum(max(s) - len(set(s)) for s in by_year.values())
    duplicates = sum(len(s) - len(set(s)) for s in by_year.values())
    return [
        f"attempts in the database: {len(rows)}; started by the learners: {len(started)}",
        f"attempts lost (seen submitted, not stored as submitted): "
        f"{sum(1 for a in seen if not stored.get(a))}",
        # A retried start resumes the open attempt, so an unseen one is a start whose answer
        # was lost or cut off by the phase's deadline; a second attempt at one quiz is a
        # duplicate (every learner answers right the first time).
        f"attempts stored that no learner saw start: {len(set(stored) - started)}",
        f"attempts duplicated (a second attempt at one quiz or exam): "
        f"{sum(1 for n in per_try.values() if n > 1)}",
        f"attempt limits exceeded (more than {ATTEMPTS} of one quiz or exam): "
        f"{sum(1 for n in per_try.values() if n > ATTEMPTS)}",
        f"certificates: {certified} for {passed} learners who passed the exam; "
        f"numbers with gaps: {gaps}, duplicated: {duplicates}",
    ]


def percentile(values: list[float], share: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]


def recovery(phase: Phase, failures: list[float]) -> float:
    """The longest time from a fault to the last failed answer before the next fault."""
    ends = [*phase.faults[1:], float("inf")]
    longest = 0.0
    for fault, end in zip(phase.faults, ends, strict=True):
        inside = [t for t in failures if fault <= t < end]
        longest = max([longest, *(t - fault for t in inside)])
    return longest


def failures(phase: Phase) -> list[tuple[float, str, str]]:
    """The failed answers (retried): (time, status or "conn", step)."""
    return [
        (t, str(status) if status else "conn", step)
        for t, status, _ms, step in phase.answers
        if status in RETRY or not status
    ]


def phase_line(phase: Phase, learners: int) -> str:
    times = [ms for _t, _status, ms, _step in phase.answers]
    failed = failures(phase)
    by_status = collections.Counter(status for _t, status, _step in failed)
    errors = ", ".join(f"{k}: {v}" for k, v in sorted(by_status.items())) or "none"
    recover = f"{recovery(phase, [t for t, _s, _step in failed]):.1f} s" if phase.faults else "-"
    return (
        f"{phase.name:<17} {phase.finished:>4}/{learners:<4} {len(times):>8} "
        f"{percentile(times, 50):>7.0f} {percentile(times, 95):>7.0f} "
        f"{percentile(times, 99):>7.0f}  {recover:>8}  {errors}"
    )


def by_step(phase: Phase) -> str:
    """Failed answers by step and status, e.g. "submit 502: 1, page conn: 4"."""
    counted = collections.Counter(f"{step} {status}" for _t, status, step in failures(phase))
    return ", ".join(f"{k}: {v}" for k, v in sorted(counted.items())) or "none"


def report(phases: list[Phase], args, checks: list[str]) -> str:
    lines = [
        f"{args.learners} learners per phase, gunicorn {args.workers} sync workers"
        f" (deploy/gunicorn.conf.py) behind nginx, PostgreSQL, Redis; phase limit"
        f" {args.phase_seconds:g} s; faults "
        + (f"inside a {args.fault_at} transaction" if args.fault_at else "by time")
        + ("; a private PostgreSQL cluster" if args.cluster.data else ""),
        "",
        f"{'phase':<17} {'finished':>9} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7}  {'recover':>8}  failed answers by status (retried)",
    ]
    lines += [phase_line(phase, args.learners) for phase in phases]
    for phase in phases:
        lines.append(f"  {phase.name}: failed answers by step: {by_step(phase)}")
        lines += [f"  {phase.name}: {note}" for note in dict.fromkeys(phase.notes)]
    return "\n".join([*lines, "", *checks])


def run(args) -> str:
    from tests.helpers import stack as deployed

    work = Path(args.keep or tempfile.mkdtemp(prefix="elearn-bench-learners-"))
    with contextlib.ExitStack() as resources:
        if args.own_postgres:
            args.cluster = resources.enter_context(Cluster(work / "pg", free_port()).running())
            os.environ[deployed.POSTGRES_VARIABLE] = args.cluster.server_url
        stack = resources.enter_context(
            deployed.deployed(work / "stack", PASSWORD, workers=args.workers)
        )
        names = prepare(stack, args.learners * len(args.phases))
        questions = Questions(stack.database_url, lambda: 0.0)
        phases = []
        for index, name in enumerate(args.phases):
            phase = Phase(name)
            chunk = names[index * args.learners : (index + 1) * args.learners]
            run_phase(stack, phase, chunk, args, questions)
            phases.append(phase)
            print(phase_line(phase, args.learners), file=sys.stderr, flush=True)
        questions.engine.dispose()
        return report(phases, args, integrity(stack, phases))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=200, help="per phase (default 200)")
    parser.add_argument("--phase-seconds", type=float, default=150.0)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--phases", default=",".join(PHASES), help="comma-separated")
    parser.add_argument(
        "--fault-at", choices=sorted(STEP_SQL), help="inject each fault inside this step"
    )
    parser.add_argument(
        "--own-postgres", action="store_true", help="a private cluster, restarted alone"
    )
    parser.add_argument("--keep", metavar="FOLDER", help="work in FOLDER and keep it")
    args = parser.parse_args(argv)
    args.cluster = Cluster()
    args.phases = [p for p in args.phases.split(",") if p]
    unknown = set(args.phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    print(run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
