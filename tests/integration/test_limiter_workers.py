"""The login throttle under two real gunicorn workers (issue 12, finding 6): with the Redis
store the limit holds across workers; with memory:// each worker counts alone, doubling it.

Each round sends two failed logins so that both workers take one: the first request is
only half sent, which holds the worker that accepted it, so the second must be served by
the other; then the first is finished. The access log shows which process served what.
"""

from __future__ import annotations

import re
import socket
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from flask_migrate import upgrade

from elearn import create_app
from elearn.extensions import db
from tests.helpers import CSRF_INPUT, servers

CEILING = 4  # failed logins per address in the window
ROUNDS = 6  # two failures each: 12 in all, three times the ceiling


def migrated_sqlite(folder) -> str:
    url = "sqlite:///" + str(folder / "workers.db")
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "INSTANCE_PATH": str(folder)}
    )
    with app.app_context():
        upgrade(directory=app.config["MIGRATIONS_DIR"])
        db.engine.dispose()
    return url


def session_and_token(base: str) -> tuple[str, str]:
    """The session cookie and CSRF token of one visit to the login page."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/login", timeout=60) as response:
        page = response.read().decode()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, CSRF_INPUT.search(page).group(1)


def failed_login(base: str, cookie: str, token: str, username: str) -> bytes:
    body = urllib.parse.urlencode(
        {"csrf_token": token, "username": username, "password": "salah-sekali"}
    ).encode()
    host = urllib.parse.urlsplit(base).netloc
    head = (
        f"POST /login HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


def status_of(connection: socket.socket) -> int:
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    connection.close()
    return int(received.split(b" ", 2)[1])


def one_round(base: str, first: bytes, second: bytes) -> list[int]:
    """Send two requests so that each worker serves one (see the module docstring)."""
    address = urllib.parse.urlsplit(base)
    endpoint = (address.hostname, address.port)
    held = socket.create_connection(endpoint, timeout=60)
    held.sendall(first[:10])
    other = socket.create_connection(endpoint, timeout=60)
    other.sendall(second)
    statuses = [status_of(other)]
    held.sendall(first[10:])
    return statuses + [status_of(held)]


def failures_under_two_workers(tmp_path, storage_uri: str) -> tuple[list[int], set[str]]:
    """Statuses of ROUNDS pairs of failed logins from one address, and the worker pids that
    answered them."""
    env = {
        "ELEARN_DATABASE_URL": migrated_sqlite(tmp_path),
        "ELEARN_SECRET_KEY": "two-workers-test",
        "ELEARN_INSTANCE_PATH": str(tmp_path),
        "ELEARN_RATELIMIT_STORAGE_URI": storage_uri,
        "ELEARN_LOGIN_FAILURES_PER_ADDRESS": f"{CEILING} per 15 minutes",
    }
    log = tmp_path / "access.log"
    statuses = []
    with servers.gunicorn(env, log) as base:
        cookie, token = session_and_token(base)
        for i in range(ROUNDS):
            first = failed_login(base, cookie, token, f"akun{i}a")
            second = failed_login(base, cookie, token, f"akun{i}b")
            statuses += one_round(base, first, second)
    posts = [line.split() for line in log.read_text().splitlines() if "/login" in line]
    pids = {pid for pid, status, _ in posts if status in ("422", "429")}
    return statuses, pids


def test_the_redis_store_holds_the_limit_across_two_workers(tmp_path, redis_url):
    statuses, pids = failures_under_two_workers(tmp_path, redis_url)
    assert len(pids) == 2  # both workers answered
    assert statuses == [422] * CEILING + [429] * (2 * ROUNDS - CEILING)


def test_memory_storage_counts_per_worker_and_doubles_the_limit(tmp_path):
    statuses, pids = failures_under_two_workers(tmp_path, "memory://")
    assert len(pids) == 2
    assert statuses.count(422) == 2 * CEILING  # why production needs the shared store
    assert re.fullmatch(r"(422,)+(429,)+", "".join(f"{s}," for s in statuses))
