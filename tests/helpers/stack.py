"""The production stack of deploy/, started on loopback: a fresh PostgreSQL database with the
demo, Redis, gunicorn with deploy/gunicorn.conf.py and nginx with deploy/nginx/elearn.conf
rendered for free ports. Used by tests/e2e/test_deployed_stack.py and bench/learners.py."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from tests.helpers import servers

ROOT = servers.ROOT
DEPLOY = ROOT / "deploy"
STATIC = ROOT / "elearn" / "static"
# The cluster the stack makes its database in: ELEARN_STACK_POSTGRES_URL, else the server of
# ELEARN_TEST_DATABASE_URL, else the local one CI sets up (docs/ci.md).
POSTGRES_VARIABLE = "ELEARN_STACK_POSTGRES_URL"
LOCAL_POSTGRES = "postgresql+psycopg://elearn:elearn@127.0.0.1:5432/postgres"


def missing_tools() -> list[str]:
    found = {"nginx": nginx_binary(), "wrk": shutil.which("wrk")}
    found["redis-server"] = servers.redis_binary()
    return [name for name, path in found.items() if not path]


def nginx_binary() -> str | None:
    """Debian puts nginx in /usr/sbin, which a non-root PATH may lack."""
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def postgres_server_url() -> str:
    given = os.environ.get(POSTGRES_VARIABLE) or os.environ.get("ELEARN_TEST_DATABASE_URL", "")
    if given.startswith("postgresql"):
        return make_url(given).set(database="postgres").render_as_string(hide_password=False)
    return LOCAL_POSTGRES


def postgres_answers(url: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect():
            return True
    except Exception:  # noqa: BLE001 (any failure means: no server for us)
        return False
    finally:
        engine.dispose()


@contextlib.contextmanager
def fresh_database(server_url: str):
    """A new, empty database on that server, dropped afterwards; the value is its URL."""
    name = f"elearn_stack_{secrets.token_hex(4)}"
    # No pool: a connection kept from the start would be dead after a restart of the server
    # (bench/learners.py restarts it), and the database would not be dropped.
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def prepare_demo(database_url: str, instance: Path, password: str) -> None:
    """Migrate the database and load the demo (courses, accounts with `password`). The
    instance folder gets its secret key here, before any worker could race to make it."""
    from flask_migrate import upgrade

    from elearn import create_app, demo
    from elearn.extensions import db

    app = create_app({"DATABASE_URL": database_url, "INSTANCE_PATH": str(instance)})
    with mock.patch.dict(os.environ, {"ELEARN_DEMO_PASSWORD": password}), app.app_context():
        upgrade(directory=app.config["MIGRATIONS_DIR"])
        demo.prepare(echo=lambda *_args, **_kw: None)
        db.engine.dispose()


def render_site(port: int, upstream_port: int, static_root: Path = STATIC) -> str:
    """deploy/nginx/elearn.conf for loopback: only the addresses and the static folder change."""
    site = (DEPLOY / "nginx" / "elearn.conf").read_text()
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("server 127.0.0.1:8000 ", f"server 127.0.0.1:{upstream_port} "),
        ("alias /opt/elearn/static/;", f"alias {static_root}/;"),
    ):
        assert site.count(old) == 1, f"{old!r} is no longer in deploy/nginx/elearn.conf"
        site = site.replace(old, new)
    return site


def nginx_main_config(work: Path, site: Path) -> str:
    """A main nginx.conf that keeps everything (pid, logs, temporary files) inside `work`
    and includes the site as Debian's sites-enabled would."""
    temp = "".join(
        f"    {kind}_temp_path {work / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root nginx would hand its workers to `nobody`, who cannot read a private checkout.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {work / 'nginx.pid'};\n"
        f"error_log {work / 'nginx-error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        f"    access_log {work / 'nginx-access.log'};\n{temp}    include {site};\n}}\n"
    )


@contextlib.contextmanager
def nginx(work: Path, upstream: str):
    """nginx on a free loopback port in front of `upstream` (http://127.0.0.1:PORT)."""
    port = servers.free_port()
    site = work / "elearn.conf"
    site.write_text(render_site(port, int(upstream.rsplit(":", 1)[1])))
    config = work / "nginx.conf"
    config.write_text(nginx_main_config(work, site))
    command = [nginx_binary(), "-e", str(work / "nginx-error.log"), "-c", str(config)]
    process = subprocess.Popen(  # noqa: S603
        [*command, "-p", str(work)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        servers.wait_until(lambda: _listening(port) or process.poll() is not None, "nginx")
        assert process.poll() is None, (work / "nginx-error.log").read_text()
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()  # SIGTERM: nginx's fast shutdown
        process.wait(timeout=15)


def _listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


@dataclass
class Stack:
    url: str  # through nginx, as a browser comes
    app_url: str  # gunicorn itself
    database_url: str
    work: Path

    @property
    def access_log(self) -> Path:
        """gunicorn's: "<worker pid> <status> <path>" per request that reached the app."""
        return self.work / "access.log"

    def master_pid(self) -> int:
        return int((self.work / "gunicorn.pid").read_text())

    @contextlib.contextmanager
    def database(self):
        """An app context on the stack's database, for looking at what the app wrote."""
        from elearn import create_app
        from elearn.extensions import db

        config = {"DATABASE_URL": self.database_url, "INSTANCE_PATH": str(self.work / "instance")}
        with create_app(config).app_context():
            try:
                yield db.session
            finally:
                db.session.remove()
                db.engine.dispose()


@contextlib.contextmanager
def deployed(work: Path, password: str, workers: int = 3, settings: dict | None = None):
    """The whole stack, torn down afterwards; `settings` are extra ELEARN_* variables."""
    work.mkdir(parents=True, exist_ok=True)
    with (
        fresh_database(postgres_server_url()) as database_url,
        servers.redis_server(work) as redis_url,
    ):
        assert redis_url, "redis-server is not installed"
        prepare_demo(database_url, work / "instance", password)
        env = {
            "ELEARN_DATABASE_URL": database_url,
            "ELEARN_INSTANCE_PATH": str(work / "instance"),
            "ELEARN_RATELIMIT_STORAGE_URI": redis_url,
            # deploy/elearn.env.example: one proxy in front.
            "ELEARN_PROXY_FIX_X_FOR": "1",
            "ELEARN_PROXY_FIX_X_PROTO": "1",
            **(settings or {}),
        }
        extra = ("-c", str(DEPLOY / "gunicorn.conf.py"), "--pid", str(work / "gunicorn.pid"))
        with (
            servers.gunicorn(env, work / "access.log", workers, extra) as app_url,
            nginx(work, app_url) as url,
        ):
            yield Stack(url, app_url, database_url, work)
