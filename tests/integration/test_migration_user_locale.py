"""Migration 0022: `users.locale` comes and goes; the users (and the rows that reference
them, on SQLite's table copy) are kept both ways.

Runs on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text

from elearn.extensions import db
from tests.helpers.migrations import down_to, tables

PREVIOUS = "0021_module_questions"


def counts() -> tuple[int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(text(table)))
        for table in ("users", "user_roles")
    )


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_user_locale_comes_and_goes(migrations):
    assert "locale" not in tables()["users"].c
    upgrade(directory=migrations)
    assert "locale" in tables()["users"].c

    downgrade(directory=migrations, revision=PREVIOUS)
    assert "locale" not in tables()["users"].c
    upgrade(directory=migrations)


def test_users_and_their_roles_survive_the_way_down(app, make_user):
    make_user("ani", roles=("learner",))
    db.session.commit()
    before = counts()
    assert all(before), before
    db.session.remove()
    with down_to(app, PREVIOUS) as directory:
        assert counts() == before
        db.session.remove()
        upgrade(directory=directory)
        assert counts() == before
