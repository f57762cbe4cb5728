"""skm_map: which competencies and courses address each SKM element

New tables `skm_element_competencies` (element 1-9, competency) and `skm_element_courses`
(element 1-9, course, optional module slug), filled by importing `courses/skm.yml` and
edited by admins. The weak-score threshold is a row of `site_settings`, no schema.
Downgrade drops both tables.

Revision ID: 0024_skm_map
Revises: 0023_skm
Create Date: 2026-12-03 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0024_skm_map"
down_revision = "0023_skm"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "skm_element_competencies",
        sa.Column("element", sa.SmallInteger(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("element BETWEEN 1 AND 9", name="ck_skm_element_competencies_element"),
        sa.ForeignKeyConstraint(["competency_id"], ["competencies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("element", "competency_id"),
    )
    op.create_index(
        "ix_skm_element_competencies_competency_id",
        "skm_element_competencies",
        ["competency_id"],
    )
    op.create_table(
        "skm_element_courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("element", sa.SmallInteger(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("module_slug", sa.String(length=100), server_default="", nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("element BETWEEN 1 AND 9", name="ck_skm_element_courses_element"),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("element", "course_id", "module_slug"),
    )
    op.create_index("ix_skm_element_courses_course_id", "skm_element_courses", ["course_id"])


def downgrade():
    op.drop_table("skm_element_courses")
    op.drop_table("skm_element_competencies")
