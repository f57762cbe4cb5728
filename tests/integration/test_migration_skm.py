"""Migration 0023: the SKM tables and `positions.front_line` come and go; positions (and
the employees holding them, on SQLite's table copy) are kept both ways.

Runs on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text

from elearn.extensions import db
from elearn.models import Position
from tests.helpers.migrations import down_to, tables

PREVIOUS = "0022_user_locale"
SKM_TABLES = ("skm_services", "skm_responses", "skm_element_averages")


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_skm_tables_and_the_front_line_flag_come_and_go(migrations):
    found = tables()
    assert "front_line" not in found["positions"].c
    assert not set(SKM_TABLES) & set(found)
    upgrade(directory=migrations)
    found = tables()
    assert "front_line" in found["positions"].c
    assert set(SKM_TABLES) <= set(found)

    downgrade(directory=migrations, revision=PREVIOUS)
    found = tables()
    assert "front_line" not in found["positions"].c and not set(SKM_TABLES) & set(found)
    upgrade(directory=migrations)


def test_positions_and_their_holders_survive_and_start_off_the_front_line(app, org, make_user):
    position = Position(
        government_id=org["KOTA-A"], code="LOKET", name="Petugas Loket", type="pelaksana"
    )
    db.session.add(position)
    db.session.commit()
    make_user("ani", position_id=position.id, unit_id=org["KEL-A1"])
    count = lambda: db.session.scalar(  # noqa: E731
        select(func.count()).select_from(text("users")).where(text("position_id IS NOT NULL"))
    )
    assert count() == 1
    db.session.remove()
    with down_to(app, PREVIOUS) as directory:
        assert count() == 1
        db.session.remove()
        upgrade(directory=directory)
        assert count() == 1
        assert db.session.scalar(select(Position.front_line)) is False
