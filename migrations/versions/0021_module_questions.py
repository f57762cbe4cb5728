"""module questions: learners ask a course's trainers under a module

`module_questions` holds each question (Markdown and its rendered HTML), its one answer,
the helpful count, pin, hidden and report marks; `question_votes` one helpful vote per
learner, `question_reports` one report per learner. `notices` gains `question_id` for the
"question asked" and "question answered" notices. Downgrade drops all of it.

Revision ID: 0021_module_questions
Revises: 0020_account_recovery
Create Date: 2026-12-02 17:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0021_module_questions'
down_revision = '0020_account_recovery'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('module_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('module_slug', sa.String(length=100), nullable=False),
    sa.Column('asker_id', sa.Integer(), nullable=False),
    sa.Column('government_id', sa.Integer(), nullable=True),
    sa.Column('body_md', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answer_md', sa.Text(), nullable=True),
    sa.Column('answer_html', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answerer_id', sa.Integer(), nullable=True),
    sa.Column('helpful_count', sa.Integer(), nullable=False),
    sa.Column('pinned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('report_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['answerer_id'], ['users.id'], name=op.f('fk_module_questions_answerer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['asker_id'], ['users.id'], name=op.f('fk_module_questions_asker_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_module_questions_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['government_id'], ['org_units.id'], name=op.f('fk_module_questions_government_id_org_units'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_questions'))
    )
    with op.batch_alter_table('module_questions', schema=None) as batch_op:
        batch_op.create_index('ix_module_questions_course_id_module_slug', ['course_id', 'module_slug'], unique=False)
        batch_op.create_index(batch_op.f('ix_module_questions_asker_id'), ['asker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_module_questions_government_id'), ['government_id'], unique=False)
    op.create_table('question_votes',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['module_questions.id'], name=op.f('fk_question_votes_question_id_module_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_question_votes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', 'user_id', name=op.f('pk_question_votes'))
    )
    with op.batch_alter_table('question_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_votes_user_id'), ['user_id'], unique=False)
    op.create_table('question_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['module_questions.id'], name=op.f('fk_question_reports_question_id_module_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_question_reports_reporter_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_reports')),
    sa.UniqueConstraint('question_id', 'reporter_id', name=op.f('uq_question_reports_question_id_reporter_id'))
    )
    with op.batch_alter_table('question_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_reports_question_id'), ['question_id'], unique=False)
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('question_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notices_question_id'), ['question_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notices_question_id_module_questions'), 'module_questions', ['question_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notices_question_id_module_questions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notices_question_id'))
        batch_op.drop_column('question_id')
    with op.batch_alter_table('question_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_reports_question_id'))
    op.drop_table('question_reports')
    with op.batch_alter_table('question_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_votes_user_id'))
    op.drop_table('question_votes')
    with op.batch_alter_table('module_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_questions_government_id'))
        batch_op.drop_index(batch_op.f('ix_module_questions_asker_id'))
        batch_op.drop_index('ix_module_questions_course_id_module_slug')
    op.drop_table('module_questions')
