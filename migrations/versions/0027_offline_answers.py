"""offline answers: quiz attempts remember the last batch a device sent

`quiz_attempts` gains `offline_seq`, the increasing number of the last batch of answers a
device kept while offline and sent when the signal came back (issue 19). Empty for every
existing attempt: none was answered offline.

Revision ID: 0027_offline_answers
Revises: 0026_recognition
Create Date: 2026-12-03 01:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0027_offline_answers"
down_revision = "0026_recognition"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_attempts") as batch:
        batch.add_column(sa.Column("offline_seq", sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table("quiz_attempts") as batch:
        batch.drop_column("offline_seq")
