"""user locale: the interface language a signed-in user chose

`users` gains `locale` ("id", "en"; empty means the site's default, Bahasa Indonesia). It is
read with the user in the session loader's one statement, so every later request and device
follows the choice. Downgrade drops it.

Revision ID: 0022_user_locale
Revises: 0021_module_questions
Create Date: 2026-12-02 17:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0022_user_locale"
down_revision = "0021_module_questions"
branch_labels = None
depends_on = None


def _foreign_keys(on):
    """SQLite drops a column by copying `users` in batch mode; dropping the old copy with
    foreign keys on would fire ON DELETE on every table that references it (sessions,
    roles, progress...). The pragma is ignored inside a transaction, so earlier work is
    committed first. As in 0016_sso."""
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    raw = conn.connection.driver_connection
    if raw.in_transaction:
        raw.commit()
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    enabled = raw.execute("PRAGMA foreign_keys").fetchone()[0]
    assert bool(enabled) == on, "PRAGMA foreign_keys did not take effect"


def upgrade():
    # Adding a nullable column needs no table copy, even on SQLite.
    op.add_column("users", sa.Column("locale", sa.String(length=10), nullable=True))


def downgrade():
    _foreign_keys(False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("locale")
    _foreign_keys(True)
