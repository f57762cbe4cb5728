"""What several Alembic migrations share (migrations/versions/ imports it)."""

from __future__ import annotations


def sqlite_foreign_keys(on: bool) -> None:
    """Turn SQLite's foreign keys off around a batch table copy, and on again after.

    SQLite alters a table by copying it; dropping the old copy with foreign keys on fires
    ON DELETE on every table that references it (CASCADE or SET NULL on users' sessions,
    roles, progress, assignments...). The pragma is ignored inside a transaction, so the
    earlier work is committed first (SQLite migrations are not transactional anyway).
    Nothing to do on PostgreSQL, which alters tables in place."""
    from alembic import op

    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    raw = conn.connection.driver_connection
    if raw.in_transaction:
        raw.commit()
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    enabled = raw.execute("PRAGMA foreign_keys").fetchone()[0]
    if bool(enabled) != on:
        raise RuntimeError("PRAGMA foreign_keys did not take effect")
