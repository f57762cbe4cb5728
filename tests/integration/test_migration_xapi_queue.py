"""Migration 0018: the xAPI outbox table comes and goes.

Runs on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade

from tests.helpers.migrations import down_to, tables

PREVIOUS = "0017_api_tokens"


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_xapi_statements_come_and_go(migrations):
    assert "xapi_statements" not in tables()
    upgrade(directory=migrations, revision="0018_xapi_queue")
    columns = set(tables()["xapi_statements"].c.keys())
    assert {"id", "statement", "created_at", "attempts", "next_attempt_at"} <= columns
    assert {"sent_at", "failed_at", "last_error"} <= columns
    downgrade(directory=migrations, revision=PREVIOUS)
    assert "xapi_statements" not in tables()
    upgrade(directory=migrations)
