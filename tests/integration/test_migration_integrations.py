"""Migration 0015: the integration status table comes and goes.

Runs on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade

from tests.helpers.migrations import down_to, tables

PREVIOUS = "0014_reflection_notes"


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_integration_status_comes_and_goes(migrations):
    assert "integration_status" not in tables()
    upgrade(directory=migrations, revision="0015_integrations")
    assert {"name", "last_success_at", "last_error", "failures"} <= set(
        tables()["integration_status"].c.keys()
    )
    downgrade(directory=migrations, revision=PREVIOUS)
    assert "integration_status" not in tables()
    upgrade(directory=migrations)
