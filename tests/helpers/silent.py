"""Servers that stop answering, for the tests of what must not hang: a socket that accepts
connections and never says a word, and a PostgreSQL of the test's own that can be paused
(never the shared one on 5432)."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

from tests.helpers.servers import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


@contextlib.contextmanager
def silent_listener():
    """The port of a loopback socket that listens and never answers: the kernel completes
    every TCP handshake (up to the backlog), nothing reads or writes. Closing it at the end
    resets the connections, so whoever still waits on one gets an error."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield sock.getsockname()[1]


def own_postgres_missing() -> str | None:
    """Why a PostgreSQL of the test's own cannot be started here (None: it can)."""
    if not (PG_BIN / "initdb").exists():
        return f"no PostgreSQL 15 binaries in {PG_BIN}"
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "no postgres system user to run a server as"
    if os.geteuid() != 0:
        return "starting a server as the postgres user needs root"
    return None


def _as_postgres(*command: str) -> None:
    subprocess.run(
        ["runuser", "-u", "postgres", "--", *command],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )


class OwnPostgres:
    """A throwaway cluster on a free loopback port (trust authentication, no disk syncs)."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="elearn-readyz-pg-"))
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        user = pwd.getpwnam("postgres")
        os.chown(self.folder, user.pw_uid, user.pw_gid)
        data = str(self.folder / "data")
        _as_postgres(
            str(PG_BIN / "initdb"), "-D", data, "--auth=trust", "--no-sync", "-U", "postgres"
        )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", data, "-o", options, "-w", "start")

    def processes(self) -> list[int]:
        """The postmaster and every process it started."""
        postmaster = int((self.folder / "data" / "postmaster.pid").read_text().split()[0])
        children = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError):
                    stat = Path(f"/proc/{entry}/stat").read_text()
                    if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
                        children.append(int(entry))
        return [postmaster, *children]

    def signal(self, signum: int) -> None:
        for pid in self.processes():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.signal(signal.SIGCONT)
            data = str(self.folder / "data")
            _as_postgres(str(PG_BIN / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def own_postgres():
    """A running OwnPostgres, stopped and removed at the end."""
    server = OwnPostgres()
    try:
        server.start()
        yield server
    finally:
        server.stop()
