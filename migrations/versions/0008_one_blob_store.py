"""one blob store: media bytes move from media_blobs into file_blobs

Published media pointed at media_blobs (by id) while drafts and version files pointed
at file_blobs (by SHA-256): the same image was stored twice. Every media blob is copied
into file_blobs (unless the same bytes are already there), version_media points at it
by SHA-256 and keeps the checked type itself, and media_blobs goes. No bytes are lost:
downgrade copies the media back out of file_blobs.

Versions published before sources were kept have no version_files and keep none: their
Markdown was never stored, so it cannot be rebuilt (the editor says so, one page).

Revision ID: 0008_one_blob_store
Revises: 0007_report_indexes
Create Date: 2026-12-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008_one_blob_store'
down_revision = '0007_report_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "INSERT INTO file_blobs (sha256, size, data) "
        "SELECT m.sha256, m.size, m.data FROM media_blobs m "
        "WHERE NOT EXISTS (SELECT 1 FROM file_blobs f WHERE f.sha256 = m.sha256)"
    )
    with op.batch_alter_table('version_media', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('mime', sa.String(length=100), nullable=True))
    op.execute(
        "UPDATE version_media SET "
        "sha256 = (SELECT m.sha256 FROM media_blobs m WHERE m.id = version_media.blob_id), "
        "mime = (SELECT m.mime FROM media_blobs m WHERE m.id = version_media.blob_id)"
    )
    _relink(
        old=('blob_id', 'media_blobs'), new=('sha256', 'file_blobs', 'sha256'),
        required={'sha256': sa.String(length=64), 'mime': sa.String(length=100)},
    )
    op.drop_table('media_blobs')


def downgrade():
    op.create_table('media_blobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('mime', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media_blobs')),
    sa.UniqueConstraint('sha256', name=op.f('uq_media_blobs_sha256'))
    )
    op.execute(
        "INSERT INTO media_blobs (sha256, mime, size, data) "
        "SELECT f.sha256, (SELECT MIN(v.mime) FROM version_media v WHERE v.sha256 = f.sha256), "
        "f.size, f.data FROM file_blobs f "
        "WHERE f.sha256 IN (SELECT sha256 FROM version_media)"
    )
    with op.batch_alter_table('version_media', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blob_id', sa.Integer(), nullable=True))
    op.execute(
        "UPDATE version_media SET blob_id = "
        "(SELECT m.id FROM media_blobs m WHERE m.sha256 = version_media.sha256)"
    )
    _relink(
        old=('sha256', 'file_blobs'), new=('blob_id', 'media_blobs', 'id'),
        required={'blob_id': sa.Integer()}, dropped=('mime',),
    )


def _relink(old, new, required, dropped=()):
    """Point version_media at its blobs through `new` (column, table, key) instead of `old`
    (column, table): the old link's index, key and column go, the filled columns become
    required, and the new link gets its index and key (batch mode: SQLite copies the table).
    """
    (old_column, old_table), (column, table, key) = old, new
    with op.batch_alter_table('version_media', schema=None) as batch_op:
        batch_op.drop_index(f'ix_version_media_{old_column}')
        batch_op.drop_constraint(
            f'fk_version_media_{old_column}_{old_table}', type_='foreignkey'
        )
        for name in (old_column, *dropped):
            batch_op.drop_column(name)
        for name, type_ in required.items():
            batch_op.alter_column(name, existing_type=type_, nullable=False)
        batch_op.create_index(f'ix_version_media_{column}', [column], unique=False)
        batch_op.create_foreign_key(
            f'fk_version_media_{column}_{table}', table, [column], [key], ondelete='RESTRICT'
        )
