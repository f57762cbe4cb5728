"""Migration 0021: the question tables and the notices' `question_id` come and go.

Runs on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade

from tests.helpers.migrations import down_to, tables

PREVIOUS = "0020_account_recovery"
NEW = ("module_questions", "question_votes", "question_reports")


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_question_tables_come_and_go(migrations):
    assert not set(NEW) & set(tables())
    assert "question_id" not in tables()["notices"].c
    upgrade(directory=migrations)

    assert set(NEW) <= set(tables())
    assert "question_id" in tables()["notices"].c
    assert {"body_html", "answer_html", "pinned_at", "hidden_at", "government_id"} <= set(
        tables()["module_questions"].c.keys()
    )

    downgrade(directory=migrations, revision=PREVIOUS)
    assert not set(NEW) & set(tables()) and "question_id" not in tables()["notices"].c
    upgrade(directory=migrations)
