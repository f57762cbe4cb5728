"""report indexes

Revision ID: 0007_report_indexes
Revises: 0006_authoring
Create Date: 2026-11-23 18:20:00

"""
from alembic import op


revision = '0007_report_indexes'
down_revision = '0006_authoring'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(
            'ix_users_unit_active', ['unit_id', 'active', 'position_id', 'id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_unit_active')
