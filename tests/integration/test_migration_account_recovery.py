"""Migration 0020: the account tokens table comes and goes; the users stay both ways.

Runs on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade

from tests.helpers.migrations import down_to, tables

PREVIOUS = "0019_badge_status"


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_account_tokens_come_and_go(migrations):
    assert "account_tokens" not in tables()
    upgrade(directory=migrations)
    assert {
        "user_id",
        "purpose",
        "token_hash",
        "new_email",
        "expires_at",
        "used_at",
        "created_by",
    } <= set(tables()["account_tokens"].c.keys())

    downgrade(directory=migrations, revision=PREVIOUS)
    assert "account_tokens" not in tables() and "users" in tables()
    upgrade(directory=migrations)
