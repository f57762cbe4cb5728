"""recognition: recognition certificates, and the learner's consent to be named

`certificates` gains `kind` ("kursus" for every existing certificate, "penghargaan" for a
year's recognition issued by HR) and `award_year` (the recognised year; unique per
person); `course_id` and `completion_id` may now be empty, which a check constraint allows
for recognitions only. `users` gains `recognition_public` (false for everyone: a name
appears in lists seen beyond HR only once its holder agrees on /account).

Downgrade deletes the recognition certificates (a course certificate needs its course and
completion again), then drops the columns.

Revision ID: 0026_recognition
Revises: 0025_skm_impact
Create Date: 2026-12-03 09:00:00

"""

import sqlalchemy as sa
from alembic import op

from elearn.migration_support import sqlite_foreign_keys as _foreign_keys

revision = "0026_recognition"
down_revision = "0025_skm_impact"
branch_labels = None
depends_on = None

KIND_CHECK = (
    "(kind = 'kursus' AND course_id IS NOT NULL AND completion_id IS NOT NULL"
    " AND award_year IS NULL) OR (kind = 'penghargaan' AND course_id IS NULL"
    " AND completion_id IS NULL AND award_year IS NOT NULL)"
)


def upgrade():
    # Adding a column with a default needs no table copy, even on SQLite.
    op.add_column(
        "users",
        sa.Column("recognition_public", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    _foreign_keys(False)
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), server_default="kursus", nullable=False)
        )
        batch_op.add_column(sa.Column("award_year", sa.Integer(), nullable=True))
        batch_op.alter_column("course_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("completion_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_unique_constraint(
            "uq_certificates_user_id_award_year", ["user_id", "award_year"]
        )
        batch_op.create_check_constraint("ck_certificates_kind", sa.text(KIND_CHECK))
    _foreign_keys(True)


def downgrade():
    certificates = sa.table("certificates", sa.column("kind", sa.String))
    op.get_bind().execute(certificates.delete().where(certificates.c.kind != "kursus"))
    _foreign_keys(False)
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_constraint("ck_certificates_kind", type_="check")
        batch_op.drop_constraint("uq_certificates_user_id_award_year", type_="unique")
        batch_op.alter_column("completion_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("course_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("award_year")
        batch_op.drop_column("kind")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("recognition_public")
    _foreign_keys(True)
