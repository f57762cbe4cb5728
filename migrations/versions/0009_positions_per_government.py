"""positions per government: a position profile belongs to one government or is a template

Every government shared one table of positions, so an HR officer of one government changed
the profiles another government's employees hold. A position now has `government_id` (the
root unit of a government's tree; NULL for a national template) and its code is unique
within its government.

Existing rows keep working: a position held (or targeted by an assignment) in exactly one
government becomes that government's; one used by several governments stays with the first
(lowest unit id) and is copied, with its required levels, for each of the others, whose
employees and assignments are re-pointed to their copy; an unused one becomes a national
template. Holders without a unit stay on the original row.

Downgrade merges the copies back by code (the lowest id wins, holders and assignments are
re-pointed to it): profiles a government changed after the split lose those changes.

Revision ID: 0009_positions_per_government
Revises: 0008_one_blob_store
Create Date: 2027-01-10 09:00:00

"""
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from elearn.migration_support import sqlite_foreign_keys as _foreign_keys

revision = '0009_positions_per_government'
down_revision = '0008_one_blob_store'
branch_labels = None
depends_on = None

TEMPLATE_WHERE = sa.text('government_id IS NULL')


def upgrade():
    _foreign_keys(False)
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('government_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint('uq_positions_code', type_='unique')
        batch_op.create_foreign_key(
            op.f('fk_positions_government_id_org_units'), 'org_units',
            ['government_id'], ['id'], ondelete='CASCADE',
        )
        batch_op.create_index(op.f('ix_positions_government_id'), ['government_id'], unique=False)
        batch_op.create_unique_constraint(
            op.f('uq_positions_government_id_code'), ['government_id', 'code']
        )
    _foreign_keys(True)
    _split_by_government(op.get_bind())
    op.create_index(
        'uq_positions_template_code', 'positions', ['code'], unique=True,
        sqlite_where=TEMPLATE_WHERE, postgresql_where=TEMPLATE_WHERE,
    )


def _split_by_government(conn):
    """Give each used position the government(s) of its holders and assignments."""
    government_of = dict(conn.execute(sa.text(
        "SELECT c.descendant_id, c.ancestor_id FROM org_closure c "
        "JOIN org_units u ON u.id = c.ancestor_id WHERE u.parent_id IS NULL"
    )).all())
    used_in = defaultdict(set)
    for table in ('users', 'assignments'):
        rows = conn.execute(sa.text(
            f"SELECT position_id, unit_id FROM {table} "  # noqa: S608 (fixed names)
            "WHERE position_id IS NOT NULL AND unit_id IS NOT NULL"
        ))
        for position_id, unit_id in rows:
            if unit_id in government_of:
                used_in[position_id].add(government_of[unit_id])
    for position_id, governments in sorted(used_in.items()):
        first, *others = sorted(governments)
        conn.execute(
            sa.text("UPDATE positions SET government_id = :g WHERE id = :p"),
            {"g": first, "p": position_id},
        )
        for government in others:
            _copy_for(conn, position_id, government)


def _copy_for(conn, position_id, government):
    row = conn.execute(
        sa.text("SELECT code, name, type FROM positions WHERE id = :p"), {"p": position_id}
    ).one()
    copy_id = conn.execute(
        sa.text(
            "INSERT INTO positions (government_id, code, name, type) "
            "VALUES (:g, :code, :name, :type) RETURNING id"
        ),
        {"g": government, "code": row.code, "name": row.name, "type": row.type},
    ).scalar_one()
    conn.execute(
        sa.text(
            "INSERT INTO position_requirements (position_id, competency_id, level) "
            "SELECT :c, competency_id, level FROM position_requirements WHERE position_id = :p"
        ),
        {"c": copy_id, "p": position_id},
    )
    for table in ('users', 'assignments'):
        conn.execute(
            sa.text(
                f"UPDATE {table} SET position_id = :c WHERE position_id = :p "  # noqa: S608
                "AND unit_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = :g)"
            ),
            {"c": copy_id, "p": position_id, "g": government},
        )


def downgrade():
    conn = op.get_bind()
    pairs = conn.execute(sa.text(
        "SELECT p.id, k.id FROM positions p JOIN positions k ON k.code = p.code "
        "AND k.id = (SELECT MIN(m.id) FROM positions m WHERE m.code = p.code) "
        "WHERE p.id <> k.id"
    )).all()
    for copy_id, keeper in pairs:
        for table in ('users', 'assignments'):
            conn.execute(
                sa.text(f"UPDATE {table} SET position_id = :k WHERE position_id = :c"),  # noqa: S608
                {"k": keeper, "c": copy_id},
            )
        conn.execute(
            sa.text("DELETE FROM position_requirements WHERE position_id = :c"), {"c": copy_id}
        )
        conn.execute(sa.text("DELETE FROM positions WHERE id = :c"), {"c": copy_id})
    op.drop_index('uq_positions_template_code', table_name='positions')
    _foreign_keys(False)
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_positions_government_id_code'), type_='unique')
        batch_op.drop_index(op.f('ix_positions_government_id'))
        batch_op.drop_constraint(op.f('fk_positions_government_id_org_units'), type_='foreignkey')
        batch_op.drop_column('government_id')
        batch_op.create_unique_constraint(op.f('uq_positions_code'), ['code'])
    _foreign_keys(True)
