"""integration status: what single sign-on, the API, xAPI and Open Badges last did

`integration_status` holds one row per integration with its last success and last error (and
the failures since that success), shown on /admin/integrasi. Downgrade drops the table.

Revision ID: 0015_integrations
Revises: 0014_reflection_notes
Create Date: 2026-12-02 15:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0015_integrations'
down_revision = '0014_reflection_notes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('integration_status',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_success', sa.String(length=300), nullable=True),
    sa.Column('last_error_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_integration_status'))
    )


def downgrade():
    op.drop_table('integration_status')
