"""Migration 0024: the SKM mapping tables come and go; the rest of the schema (and the SKM
results of 0023) stay.

Runs on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from elearn.extensions import db
from elearn.publishing.skm_map import write_element
from elearn.skm import mapping
from tests.helpers.migrations import down_to, tables
from tests.helpers.reports import add_course

PREVIOUS = "0023_skm"
MAP_TABLES = ("skm_element_competencies", "skm_element_courses")


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_the_mapping_tables_come_and_go(migrations):
    found = tables()
    assert not set(MAP_TABLES) & set(found)
    assert "skm_responses" in found and "front_line" in found["positions"].c
    upgrade(directory=migrations)
    found = tables()
    assert set(MAP_TABLES) <= set(found)
    assert {c.name for c in found["skm_element_courses"].c} == {
        "id", "element", "course_id", "module_slug", "position"
    }  # fmt: skip
    downgrade(directory=migrations, revision=PREVIOUS)
    assert not set(MAP_TABLES) & set(tables())
    upgrade(directory=migrations)


def test_a_stored_mapping_reads_back_and_a_module_is_unique_per_element(app):
    course_id = add_course("pelayanan-prima", "Pelayanan Prima", 8, modules=(("aduan", 0),))
    write_element(8, [], [(course_id, "aduan"), (course_id, "")])
    db.session.commit()
    assert [c.key for c in mapping.stored()[8].courses] == [
        "pelayanan-prima/aduan",
        "pelayanan-prima",
    ]
    write_element(8, [], [(course_id, "aduan"), (course_id, "aduan")])
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
