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

from elearn.migration_support import sqlite_foreign_keys as _foreign_keys

revision = "0022_user_locale"
down_revision = "0021_module_questions"
branch_labels = None
depends_on = None


def upgrade():
    # Adding a nullable column needs no table copy, even on SQLite.
    op.add_column("users", sa.Column("locale", sa.String(length=10), nullable=True))


def downgrade():
    _foreign_keys(False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("locale")
    _foreign_keys(True)
