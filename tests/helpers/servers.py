"""Real servers for the tests that need more than the Flask client: a Redis the rate
limiter can share, and gunicorn with several worker processes."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
REDIS_URL_VARIABLE = "ELEARN_TEST_REDIS_URL"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(ready, what: str, timeout: float = 60.0) -> None:
    """Poll `ready()` until it is true; the machine may be busy, so the timeout is generous."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not start within {timeout:.0f} s")
        time.sleep(0.1)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def redis_binary() -> str | None:
    return shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )


@contextlib.contextmanager
def redis_server(workdir: Path):
    """The URL of a Redis the test may empty: ELEARN_TEST_REDIS_URL, or a redis-server of its
    own on a free loopback port (nothing saved to disk). None when there is neither."""
    given = os.environ.get(REDIS_URL_VARIABLE)
    if given:
        yield given
        return
    binary = redis_binary()
    if binary is None:
        yield None
        return
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(workdir)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: _answers(port), "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(process)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


@contextlib.contextmanager
def gunicorn(env: dict[str, str], access_log: Path, workers: int = 2, extra: tuple = ()):
    """Serve wsgi:app with `workers` sync worker processes and the ELEARN_* settings in `env`;
    the value is the base URL. The access log lines are "<worker pid> <status> <path>";
    gunicorn's own log goes next to it, as gunicorn.log. `extra` goes on the command line
    too (e.g. `-c deploy/gunicorn.conf.py`: the options given here override that file's)."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", *extra, "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT), "--timeout", "60"]
    command += ["--access-logfile", str(access_log), "--access-logformat", "%(p)s %(s)s %(U)s"]
    command += ["--error-logfile", str(access_log.with_name("gunicorn.log"))]
    process = subprocess.Popen(
        [*command, "wsgi:app"],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _healthy(url) or process.poll() is not None, "gunicorn")
        assert process.poll() is None, access_log.with_name("gunicorn.log").read_text()
        yield url
    finally:
        _stop(process)
