"""assessment grammar: pre-test questions, question tags and modules, review shown

The pre-test may have questions of its own (section "@pretest") and settings; questions carry
tags and the module they test; an attempt records the review level its result page showed;
a course version says when its follow-up evaluation is due.

Existing module-quiz questions test their own module (the section is its slug); exam
questions had no tags, so they test no module in particular until republished with tags.

Revision ID: 0011_assessment_grammar
Revises: 0010_accounts_sessions
Create Date: 2026-12-02 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0011_assessment_grammar'
down_revision = '0010_accounts_sessions'
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN (SQLite 3.35+ drops columns natively): no batch copy of
# course_versions, whose copy would fire ON DELETE CASCADE on every row that points at it.
EMPTY_LIST = sa.text("'[]'")


def upgrade():
    op.add_column('course_versions', sa.Column('pretest_settings', sa.JSON(), nullable=True))
    op.add_column(
        'course_versions',
        sa.Column('pretest_question_count', sa.Integer(), server_default='0', nullable=False),
    )
    op.add_column(
        'course_versions',
        sa.Column('follow_up_days', sa.Integer(), server_default='60', nullable=False),
    )
    op.add_column(
        'questions', sa.Column('tags', sa.JSON(), server_default=EMPTY_LIST, nullable=False)
    )
    op.add_column('questions', sa.Column('module_slug', sa.String(length=100), nullable=True))
    questions = sa.table(
        'questions', sa.column('section', sa.String()), sa.column('module_slug', sa.String())
    )
    op.execute(
        questions.update().where(questions.c.section != '').values(module_slug=questions.c.section)
    )
    op.add_column('quiz_attempts', sa.Column('review_shown', sa.String(length=10), nullable=True))


def downgrade():
    op.drop_column('quiz_attempts', 'review_shown')
    op.drop_column('questions', 'module_slug')
    op.drop_column('questions', 'tags')
    op.drop_column('course_versions', 'follow_up_days')
    op.drop_column('course_versions', 'pretest_question_count')
    op.drop_column('course_versions', 'pretest_settings')
