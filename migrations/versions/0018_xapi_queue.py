"""xAPI outbox: statements queued with the learning event, sent to the LRS in the background

`xapi_statements` holds each statement (by its UUID) with its send attempts, the next try,
when the LRS took it, when it was parked as failed, and the last error. Downgrade drops it.

Revision ID: 0018_xapi_queue
Revises: 0017_api_tokens
Create Date: 2026-12-02 16:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0018_xapi_queue'
down_revision = '0017_api_tokens'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('xapi_statements',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('statement', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xapi_statements'))
    )
    op.create_index('ix_xapi_statements_due', 'xapi_statements',
                    ['sent_at', 'failed_at', 'next_attempt_at'], unique=False)


def downgrade():
    op.drop_index('ix_xapi_statements_due', table_name='xapi_statements')
    op.drop_table('xapi_statements')
