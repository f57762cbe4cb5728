"""Migration 0016: the single sign-on identity columns of `users` and the `site_settings`
table come and go; the accounts already there are kept both ways.

Runs on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from elearn.extensions import db
from tests.helpers.migrations import down_to, tables

PREVIOUS = "0015_integrations"


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_sso_columns_and_site_settings_come_and_go(migrations):
    assert "site_settings" not in tables()
    assert "sso_subject" not in tables()["users"].c
    # Plain SQL: the model already has the new columns.
    db.session.execute(
        text(
            "INSERT INTO users (username, full_name, active, created_at) "
            "VALUES ('199001012015011001', 'Siti', :yes, CURRENT_TIMESTAMP)"
        ),
        {"yes": True},
    )
    db.session.commit()
    upgrade(directory=migrations, revision="0016_sso")

    assert {"sso_issuer", "sso_subject"} <= set(tables()["users"].c.keys())
    assert {"key", "value", "updated_at"} <= set(tables()["site_settings"].c.keys())
    count = db.session.scalar(
        text("SELECT count(*) FROM users WHERE username = '199001012015011001'")
    )
    assert count == 1
    db.session.commit()  # end the read: PostgreSQL's ALTER TABLE waits for it

    downgrade(directory=migrations, revision=PREVIOUS)
    assert "site_settings" not in tables() and "sso_issuer" not in tables()["users"].c
    count = db.session.scalar(
        text("SELECT count(*) FROM users WHERE username = '199001012015011001'")
    )
    assert count == 1
    db.session.commit()
    upgrade(directory=migrations)
