"""The database half of a backup: SQLite through its online backup API, PostgreSQL through
`pg_dump --format=custom` and `pg_restore`. Both copies are consistent snapshots taken
while the platform keeps serving."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import Engine, MetaData, inspect, literal, select, table
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from .errors import FAILED, TOOL_MISSING, UNREACHABLE, BackupError

FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Without it a pg_dump against an address that drops packets waits for minutes.
CONNECT_TIMEOUT = "10"


def kind(url: URL) -> str:
    name = url.get_backend_name()
    if name not in FILES:
        raise BackupError(
            _("Basis data %(name)s tidak didukung: hanya SQLite dan PostgreSQL.", name=name)
        )
    return name


def shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def check_reachable(engine: Engine, must_exist: bool = True) -> None:
    """Connect once; a SQLite file must exist to be backed up (connecting would create it)."""
    if kind(engine.url) == "sqlite":
        sqlite_file(engine.url, must_exist)
    try:
        with engine.connect() as conn:
            conn.execute(select(literal(1)))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise BackupError(
            _(
                "Basis data %(url)s tidak dapat dihubungi: %(reason)s",
                url=shown(engine.url),
                reason=reason,
            ),
            UNREACHABLE,
        ) from None


def tables_with_rows(engine: Engine) -> list[str]:
    """The tables holding data (the migration bookkeeping does not count)."""
    names = [n for n in inspect(engine).get_table_names() if n != "alembic_version"]
    with engine.connect() as conn:
        return [
            n
            for n in names
            if conn.execute(select(literal(1)).select_from(table(n)).limit(1)).first()
        ]


def sqlite_file(url: URL, must_exist: bool = True) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError(_("Basis data SQLite di memori tidak dapat dicadangkan atau dipulihkan."))
    path = Path(url.database)
    if must_exist and not path.is_file():
        raise BackupError(
            _("Berkas basis data SQLite %(path)s tidak ditemukan.", path=path), UNREACHABLE
        )
    return path


def dump(engine: Engine, dest: Path) -> None:
    """Write a consistent copy of the database to `dest`."""
    if kind(engine.url) == "sqlite":
        _copy_sqlite(sqlite_file(engine.url), dest)
        # One self-contained file: no -wal beside it to forget.
        with sqlite3.connect(dest) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
    else:
        _run_pg("pg_dump", engine.url, "--format=custom", f"--file={dest}")


def restore(engine: Engine, source: Path) -> None:
    """Replace the database's content with the copy at `source`."""
    engine.dispose()  # no pooled connection may hold the tables being replaced
    if kind(engine.url) == "sqlite":
        _copy_sqlite(source, sqlite_file(engine.url, must_exist=False))
        return
    drop_tables(engine)
    # --no-owner/--no-privileges: the restoring role owns what it creates, whatever role
    # owned the tables where the backup was made.
    _run_pg(
        "pg_restore", engine.url, "--no-owner", "--no-privileges", "--exit-on-error",
        "--single-transaction", str(source),
    )  # fmt: skip


def drop_tables(engine: Engine) -> None:
    meta = MetaData()
    meta.reflect(engine)
    meta.drop_all(engine)
    engine.dispose()


def _copy_sqlite(source: Path, dest: Path) -> None:
    try:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(dest)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(
            _(
                "Salinan SQLite %(src)s → %(dest)s gagal: %(reason)s",
                src=source,
                dest=dest,
                reason=exc,
            )
        ) from None


def _run_pg(tool: str, url: URL, *args: str) -> None:
    exe = shutil.which(tool)
    if exe is None:
        raise BackupError(
            _(
                "%(tool)s tidak ditemukan. Pasang klien PostgreSQL dengan versi yang sama atau "
                "lebih baru dari servernya (Debian: apt install postgresql-client).",
                tool=tool,
            ),
            TOOL_MISSING,
        )
    env = {**os.environ, "PGCONNECT_TIMEOUT": os.environ.get("PGCONNECT_TIMEOUT", CONNECT_TIMEOUT)}
    if url.password:
        env["PGPASSWORD"] = str(url.password)  # never on the command line: `ps` shows it
    libpq = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    done = subprocess.run(  # noqa: S603 (a fixed tool, arguments of our own)
        [exe, *args, f"--dbname={libpq}"], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise _pg_failure(tool, url, done.stderr)


def _pg_failure(tool: str, url: URL, stderr: str) -> BackupError:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    reason = lines[-1] if lines else _("tanpa keterangan")
    text = stderr.lower()
    if "connection" in text and ("refused" in text or "failed" in text or "timeout" in text):
        return BackupError(
            _(
                "Basis data %(url)s tidak dapat dihubungi (%(tool)s): %(reason)s",
                url=shown(url),
                tool=tool,
                reason=reason,
            ),
            UNREACHABLE,
        )
    if "version mismatch" in text:
        return BackupError(
            _(
                "%(tool)s lebih lama dari server PostgreSQL; pasang klien yang sama versinya: "
                "%(reason)s",
                tool=tool,
                reason=reason,
            ),
            TOOL_MISSING,
        )
    return BackupError(_("%(tool)s gagal: %(reason)s", tool=tool, reason=reason), FAILED)
