"""reflection notes: a module's `## Renungkan` case and the learner's private answer

`modules` gains `reflect_html`, the rendered `## Renungkan` section (NULL: the module asks for
no reflection; versions published before keep NULL until republished). `reflection_notes`
holds one private note per learner, course and module slug, deleted with the learner or the
course. Downgrade drops the notes and the column.

Revision ID: 0014_reflection_notes
Revises: 0013_follow_up
Create Date: 2026-12-02 04:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0014_reflection_notes'
down_revision = '0013_follow_up'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reflection_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('module_slug', sa.String(length=100), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_reflection_notes_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reflection_notes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection_notes')),
    sa.UniqueConstraint('user_id', 'course_id', 'module_slug', name=op.f('uq_reflection_notes_user_id_course_id_module_slug'))
    )
    with op.batch_alter_table('reflection_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflection_notes_course_id'), ['course_id'], unique=False)
    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reflect_html', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.drop_column('reflect_html')
    with op.batch_alter_table('reflection_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflection_notes_course_id'))
    op.drop_table('reflection_notes')
