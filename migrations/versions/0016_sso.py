"""single sign-on: the provider identity bound to an account, and site settings

`users` gains `sso_issuer` and `sso_subject` (the OpenID Provider's `iss` and `sub`, bound on
the first single sign-on), unique together. `site_settings` holds settings the admin changes
on a page (the first: whether learners may still log in with a password). Downgrade drops
both.

Revision ID: 0016_sso
Revises: 0015_integrations
Create Date: 2026-12-02 15:40:00

"""

import sqlalchemy as sa
from alembic import op

from elearn.migration_support import sqlite_foreign_keys as _foreign_keys

revision = "0016_sso"
down_revision = "0015_integrations"
branch_labels = None
depends_on = None


def upgrade():
    _foreign_keys(False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sso_issuer", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("sso_subject", sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_users_sso_issuer_sso_subject"), ["sso_issuer", "sso_subject"]
        )
    _foreign_keys(True)
    op.create_table(
        "site_settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_site_settings")),
    )


def downgrade():
    op.drop_table("site_settings")
    _foreign_keys(False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_sso_issuer_sso_subject"), type_="unique")
        batch_op.drop_column("sso_subject")
        batch_op.drop_column("sso_issuer")
    _foreign_keys(True)
