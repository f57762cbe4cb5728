"""follow up: questionnaires to the learner and their unit head N days after a completion

`follow_ups` holds one row per completion and respondent role ("learner", "supervisor"),
created by `elearn reminders send` when the course's `follow_up_days` have passed, with the
answers once given. Notices gain `follow_up_id`: the notice of a questionnaire links to it.
Nothing existing changes; downgrade drops the questionnaires and their notices.

Revision ID: 0013_follow_up
Revises: 0012_workplace_tasks
Create Date: 2026-12-02 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0013_follow_up'
down_revision = '0012_workplace_tasks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('completion_id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('applied', sa.String(length=10), nullable=True),
    sa.Column('frequency', sa.Integer(), nullable=True),
    sa.Column('obstacles', sa.JSON(), nullable=False),
    sa.Column('obstacle_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['completion_id'], ['course_completions.id'], name=op.f('fk_follow_ups_completion_id_course_completions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_follow_ups_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['learner_id'], ['users.id'], name=op.f('fk_follow_ups_learner_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['respondent_id'], ['users.id'], name=op.f('fk_follow_ups_respondent_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_ups')),
    sa.UniqueConstraint('completion_id', 'role', name=op.f('uq_follow_ups_completion_id_role'))
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_ups_learner_id'), ['learner_id'], unique=False)
        batch_op.create_index('ix_follow_ups_respondent_answered', ['respondent_id', 'answered_at'], unique=False)
        batch_op.create_index('ix_follow_ups_due_course', ['due_date', 'course_id'], unique=False)
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follow_up_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notices_follow_up_id'), ['follow_up_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notices_follow_up_id_follow_ups'), 'follow_ups', ['follow_up_id'], ['id'], ondelete='CASCADE')


def downgrade():
    op.execute("DELETE FROM notices WHERE follow_up_id IS NOT NULL")
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notices_follow_up_id_follow_ups'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notices_follow_up_id'))
        batch_op.drop_column('follow_up_id')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_ups_due_course')
        batch_op.drop_index('ix_follow_ups_respondent_answered')
        batch_op.drop_index(batch_op.f('ix_follow_ups_learner_id'))
    op.drop_table('follow_ups')
