"""workplace tasks: the task of a course version, learners' submissions with their files,
reviewers' decisions, and notices that name a submission

Revision ID: 0012_workplace_tasks
Revises: 0011_assessment_grammar
Create Date: 2026-12-02 02:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012_workplace_tasks'
down_revision = '0011_assessment_grammar'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('course_tasks',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('instructions_html', sa.Text(), nullable=False),
    sa.Column('rubric', sa.JSON(), nullable=False),
    sa.Column('due_days', sa.Integer(), nullable=False),
    sa.Column('pass_level', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['course_versions.id'], name=op.f('fk_course_tasks_version_id_course_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('version_id', name=op.f('pk_course_tasks'))
    )
    op.create_table('task_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_task_submissions_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_task_submissions_reviewer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_task_submissions_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['course_versions.id'], name=op.f('fk_task_submissions_version_id_course_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_submissions')),
    sa.UniqueConstraint('user_id', 'course_id', 'number', name=op.f('uq_task_submissions_user_id_course_id_number'))
    )
    with op.batch_alter_table('task_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_submissions_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_submissions_reviewer_id'), ['reviewer_id'], unique=False)
        batch_op.create_index('ix_task_submissions_user_course', ['user_id', 'course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_submissions_version_id'), ['version_id'], unique=False)

    op.create_table('task_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('mime', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['file_blobs.sha256'], name=op.f('fk_task_files_sha256_file_blobs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['submission_id'], ['task_submissions.id'], name=op.f('fk_task_files_submission_id_task_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_files')),
    sa.UniqueConstraint('submission_id', 'position', name=op.f('uq_task_files_submission_id_position'))
    )
    with op.batch_alter_table('task_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_files_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_files_submission_id'), ['submission_id'], unique=False)

    op.create_table('task_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('reviewer_position', sa.String(length=300), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_task_reviews_reviewer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['task_submissions.id'], name=op.f('fk_task_reviews_submission_id_task_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_reviews')),
    sa.UniqueConstraint('submission_id', name=op.f('uq_task_reviews_submission_id'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notices_submission_id'), ['submission_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notices_submission_id_task_submissions'), 'task_submissions', ['submission_id'], ['id'], ondelete='CASCADE')



def downgrade():
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notices_submission_id_task_submissions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notices_submission_id'))
        batch_op.drop_column('submission_id')

    op.drop_table('task_reviews')
    with op.batch_alter_table('task_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_files_submission_id'))
        batch_op.drop_index(batch_op.f('ix_task_files_sha256'))

    op.drop_table('task_files')
    with op.batch_alter_table('task_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_submissions_version_id'))
        batch_op.drop_index('ix_task_submissions_user_course')
        batch_op.drop_index(batch_op.f('ix_task_submissions_reviewer_id'))
        batch_op.drop_index(batch_op.f('ix_task_submissions_course_id'))

    op.drop_table('task_submissions')
    op.drop_table('course_tasks')
