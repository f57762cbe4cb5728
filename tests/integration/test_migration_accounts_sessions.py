"""Migration 0010: the server-side session table comes and goes with the users kept.

Runs on the suite's database (SQLite or PostgreSQL): down to the previous release's schema,
a user written as that release wrote it, then up again (and down, and up).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, insert, select

from elearn.auth.services import authenticate
from elearn.extensions import db
from elearn.models import UserSession
from tests.helpers import TEST_PASSWORD

PREVIOUS = "0008_one_blob_store"


def tables():
    meta = MetaData()
    meta.reflect(db.engine)
    return meta.tables


@pytest.fixture
def migrations(make_app):
    app = make_app()
    with app.test_request_context():
        directory = app.config["MIGRATIONS_DIR"]
        db.session.remove()
        downgrade(directory=directory, revision=PREVIOUS)
        try:
            yield directory
        finally:
            db.session.remove()
            upgrade(directory=directory)


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
