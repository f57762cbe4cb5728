"""skm: citizens' satisfaction survey results, and front-line positions

New tables `skm_services` (a unit's public services, each with the code of its public
questionnaire and its population), `skm_responses` (one respondent's nine scores, imported
or answered here) and `skm_element_averages` (imported summaries: an element's average over
a number of respondents). `positions` gains `front_line` (false for every existing
position). Downgrade drops them all.

Revision ID: 0023_skm
Revises: 0022_user_locale
Create Date: 2026-12-02 20:10:00

"""

import sqlalchemy as sa
from alembic import op

from elearn.migration_support import sqlite_foreign_keys as _foreign_keys

from elearn.models.base import UTCDateTime

revision = "0023_skm"
down_revision = "0022_user_locale"
branch_labels = None
depends_on = None


def _scores():
    return [sa.Column(f"u{n}", sa.SmallInteger(), nullable=False) for n in range(1, 10)] + [
        sa.CheckConstraint(f"u{n} BETWEEN 1 AND 4", name=f"ck_skm_responses_u{n}")
        for n in range(1, 10)
    ]


def upgrade():
    op.add_column(
        "positions",
        sa.Column("front_line", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_table(
        "skm_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("public_code", sa.String(length=32), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["org_units.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("public_code"),
        sa.UniqueConstraint("unit_id", "name"),
    )
    op.create_table(
        "skm_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        *_scores(),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("gender", sa.String(length=20), nullable=True),
        sa.Column("age_group", sa.String(length=20), nullable=True),
        sa.Column("education", sa.String(length=40), nullable=True),
        sa.Column("occupation", sa.String(length=60), nullable=True),
        sa.Column("device_key", sa.String(length=64), nullable=True),
        sa.Column("import_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["skm_services.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["unit_id"], ["org_units.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("service_id", "device_key"),
    )
    op.create_index("ix_skm_responses_unit_period", "skm_responses", ["unit_id", "period"])
    op.create_index("ix_skm_responses_service_id", "skm_responses", ["service_id"])
    op.create_index("ix_skm_responses_import_id", "skm_responses", ["import_id"])
    op.create_table(
        "skm_element_averages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("element", sa.SmallInteger(), nullable=False),
        sa.Column("average", sa.Float(), nullable=False),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("element BETWEEN 1 AND 9", name="ck_skm_element_averages_element"),
        sa.CheckConstraint("average BETWEEN 1 AND 4", name="ck_skm_element_averages_average"),
        sa.CheckConstraint("respondents > 0", name="ck_skm_element_averages_respondents"),
        sa.ForeignKeyConstraint(["service_id"], ["skm_services.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["unit_id"], ["org_units.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_skm_element_averages_unit_period", "skm_element_averages", ["unit_id", "period"]
    )
    op.create_index(
        "ix_skm_element_averages_service_id", "skm_element_averages", ["service_id"]
    )
    op.create_index("ix_skm_element_averages_import_id", "skm_element_averages", ["import_id"])


def downgrade():
    op.drop_table("skm_element_averages")
    op.drop_table("skm_responses")
    op.drop_table("skm_services")
    _foreign_keys(False)
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_column("front_line")
    _foreign_keys(True)
