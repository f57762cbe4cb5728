"""Migration 0013: the follow-up table and the notices' link to it come and go; the notices
already there (reminders of mandatory training) are kept both ways.

Runs on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, select

from elearn.extensions import db
from tests.helpers.migrations import down_to, tables

PREVIOUS = "0012_workplace_tasks"
NOW = datetime(2026, 4, 30, 3, tzinfo=UTC)


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def _user_and_notice() -> int:
    with db.engine.begin() as conn:
        user = conn.execute(
            insert(tables()["users"]).values(
                username="peserta", full_name="Siti", active=True, created_at=NOW
            )
        ).inserted_primary_key[0]
        conn.execute(
            insert(tables()["notices"]).values(
                user_id=user, kind="due_soon", count=1, created_at=NOW
            )
        )
    return user


def test_follow_ups_come_and_go_and_notices_stay(migrations):
    assert "follow_ups" not in tables()
    assert "follow_up_id" not in tables()["notices"].c
    user = _user_and_notice()
    upgrade(directory=migrations)

    assert "follow_up_id" in tables()["notices"].c
    assert {"completion_id", "role", "respondent_id", "due_date", "answered_at"} <= set(
        tables()["follow_ups"].c.keys()
    )
    notices = tables()["notices"]
    with db.engine.connect() as conn:
        assert conn.execute(select(notices.c.kind, notices.c.user_id)).all() == [("due_soon", user)]
    db.session.remove()

    downgrade(directory=migrations, revision=PREVIOUS)
    assert "follow_ups" not in tables() and "follow_up_id" not in tables()["notices"].c
    with db.engine.connect() as conn:
        assert conn.execute(select(tables()["notices"].c.kind)).scalars().all() == ["due_soon"]
    upgrade(directory=migrations)
    assert "follow_ups" in tables()
