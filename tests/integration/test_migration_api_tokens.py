"""Migration 0017: the API token table comes and goes, its hash unique.

Runs on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade

from tests.helpers.migrations import down_to, tables

PREVIOUS = "0016_sso"


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_api_tokens_come_and_go(migrations):
    assert "api_tokens" not in tables()
    upgrade(directory=migrations, revision="0017_api_tokens")
    table = tables()["api_tokens"]
    assert {"name", "prefix", "token_hash", "scopes", "unit_id", "last_used_at"} <= set(
        table.c.keys()
    )
    assert any(
        c.columns.keys() == ["token_hash"] for c in table.constraints if c.name and "uq" in c.name
    ) or any(i.unique and [c.name for c in i.columns] == ["token_hash"] for i in table.indexes)
    downgrade(directory=migrations, revision=PREVIOUS)
    assert "api_tokens" not in tables()
    upgrade(directory=migrations)
