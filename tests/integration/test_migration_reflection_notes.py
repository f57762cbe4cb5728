"""Migration 0014: the reflection notes table and the modules' `reflect_html` come and go;
the modules already there are kept both ways.

Runs on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade

from tests.helpers.migrations import down_to, tables

PREVIOUS = "0013_follow_up"


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_reflection_notes_come_and_go(migrations):
    assert "reflection_notes" not in tables()
    assert "reflect_html" not in tables()["modules"].c
    upgrade(directory=migrations)

    assert "reflect_html" in tables()["modules"].c
    assert {"user_id", "course_id", "module_slug", "text", "updated_at"} <= set(
        tables()["reflection_notes"].c.keys()
    )

    downgrade(directory=migrations, revision=PREVIOUS)
    assert "reflection_notes" not in tables() and "reflect_html" not in tables()["modules"].c
    upgrade(directory=migrations)
