"""Migration 0010: the server-side session table comes and goes with the users kept.

Runs on the suite's database (SQLite or PostgreSQL): down to the previous release's schema,
a user written as that release wrote it, then up again (and down, and up).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, select

from elearn.auth.services import authenticate
from elearn.extensions import db
from elearn.models import UserSession
from tests.helpers import TEST_PASSWORD
from tests.helpers.migrations import down_to, tables

PREVIOUS = "0008_one_blob_store"


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_sessions_table_from_the_previous_release_and_back(migrations):
    from werkzeug.security import generate_password_hash

    assert "user_sessions" not in tables()
    with db.engine.begin() as conn:
        conn.execute(
            insert(tables()["users"]).values(
                username="peserta",
                full_name="Siti Rahmawati",
                password_hash=generate_password_hash(TEST_PASSWORD),
                active=True,
                created_at=datetime.now(UTC),
            )
        )
    upgrade(directory=migrations)

    user = authenticate("peserta", TEST_PASSWORD)  # the old hash still works
    assert user is not None
    row = db.session.scalar(select(UserSession))
    assert row.user_id == user.id and len(row.token_hash) == 64
    db.session.remove()  # PostgreSQL: the next DDL waits for this session's transaction

    downgrade(directory=migrations, revision=PREVIOUS)
    assert "user_sessions" not in tables()
    with db.engine.connect() as conn:
        assert conn.execute(select(tables()["users"].c.username)).scalars().all() == ["peserta"]
