"""Migration 0025_skm_impact: the covering index of the SKM scores comes and goes, and the
respondents stay. Runs on the suite's database (SQLite or PostgreSQL)."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from elearn.extensions import db
from elearn.models import SkmResponse
from tests.helpers import skm as rows
from tests.helpers.migrations import down_to

PREVIOUS = "0024_skm_map"
INDEX = "ix_skm_responses_scores"


def indexes() -> dict[str, list[str]]:
    return {i["name"]: i["column_names"] for i in inspect(db.engine).get_indexes("skm_responses")}


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_the_covering_index_comes_and_goes(migrations):
    assert INDEX not in indexes()
    upgrade(directory=migrations)
    assert indexes()[INDEX] == ["unit_id", "period", *(f"u{n}" for n in range(1, 10))]
    downgrade(directory=migrations, revision=PREVIOUS)
    assert INDEX not in indexes()
    upgrade(directory=migrations)


def test_respondents_stay_both_ways(app, org):
    rows.responses(org["KEL-A1"], "2026-S1", (3,) * 9, count=4)
    count = lambda: db.session.scalar(select(func.count()).select_from(SkmResponse))  # noqa: E731
    db.session.remove()
    with down_to(app, PREVIOUS) as directory:
        assert count() == 4
        db.session.remove()
        upgrade(directory=directory)
        assert count() == 4 and INDEX in indexes()
