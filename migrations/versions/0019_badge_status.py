"""badge status: each certificate's place in the Open Badges revocation list

`certificates` gains `status_index`, unique: the certificate's bit in the W3C Bitstring
Status List served at /credentials/status/<n>. Existing certificates are back-filled with
the same rule the application uses at issue (elearn.domain.open_badges.status_index,
copied here so this migration keeps working if that code changes). Downgrade drops it.

Revision ID: 0019_badge_status
Revises: 0018_xapi_queue
Create Date: 2026-12-02 16:00:00

"""
import sqlalchemy as sa
from alembic import op

from elearn.migration_support import sqlite_foreign_keys as _foreign_keys

revision = '0019_badge_status'
down_revision = '0018_xapi_queue'
branch_labels = None
depends_on = None


SIZE = 131_072
SCATTER = 48_271


def _status_index(certificate_id):
    block, offset = divmod(certificate_id - 1, SIZE)
    return block * SIZE + (offset * SCATTER) % SIZE


def upgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_index', sa.Integer(), nullable=True))
    certificates = sa.table('certificates', sa.column('id', sa.Integer), sa.column('status_index', sa.Integer))
    bind = op.get_bind()
    ids = bind.execute(sa.select(certificates.c.id)).scalars().all()
    if ids:
        bind.execute(
            certificates.update()
            .where(certificates.c.id == sa.bindparam('cid'))
            .values(status_index=sa.bindparam('index')),
            [{'cid': cid, 'index': _status_index(cid)} for cid in ids],
        )
    _foreign_keys(False)
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_certificates_status_index'), ['status_index'])
    _foreign_keys(True)


def downgrade():
    _foreign_keys(False)
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_certificates_status_index'), type_='unique')
        batch_op.drop_column('status_index')
    _foreign_keys(True)
