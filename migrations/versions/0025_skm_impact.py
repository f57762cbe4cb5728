"""skm impact: a covering index for the SKM results of every unit and period

`skm_responses` gains `ix_skm_responses_scores` on (unit_id, period, u1 ... u9): the
aggregate behind /hr/skm/dampak and every SKM report (each unit's and period's sums of the
nine scores) reads the index alone instead of the respondents' wide rows (profile, comment,
device key). Measured on 438,357 respondents, 325 units and six semesters (bench/README.md).
Downgrade drops it.

Revision ID: 0025_skm_impact
Revises: 0024_skm_map
Create Date: 2026-12-02 21:00:00

"""

from alembic import op

revision = "0025_skm_impact"
down_revision = "0024_skm_map"
branch_labels = None
depends_on = None

COLUMNS = ["unit_id", "period", *(f"u{n}" for n in range(1, 10))]


def upgrade():
    op.create_index("ix_skm_responses_scores", "skm_responses", COLUMNS)


def downgrade():
    op.drop_index("ix_skm_responses_scores", table_name="skm_responses")
