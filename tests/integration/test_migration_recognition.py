"""Migration 0024: `users.recognition_public` and the certificates' `kind` and `award_year`
come and go; course certificates (and their competency rows, on SQLite's table copy) are
kept both ways and read "kursus"; recognition certificates go on the way down.

Runs on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text

from elearn.certificates.recognition import issue_recognition
from elearn.extensions import db
from elearn.models import User
from tests.helpers.certificates import client_of, complete, publish
from tests.helpers.migrations import down_to, tables

PREVIOUS = "0025_skm_impact"


def count(table: str, where: str = "1 = 1") -> int:
    value = db.session.scalar(select(func.count()).select_from(text(table)).where(text(where)))
    return int(value)


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_the_columns_come_and_go(migrations):
    assert "recognition_public" not in tables()["users"].c
    assert not {"kind", "award_year"} & set(tables()["certificates"].c.keys())
    upgrade(directory=migrations)
    found = tables()
    assert "recognition_public" in found["users"].c
    assert {"kind", "award_year"} <= set(found["certificates"].c.keys())
    assert found["certificates"].c.course_id.nullable
    downgrade(directory=migrations, revision=PREVIOUS)
    found = tables()
    assert "recognition_public" not in found["users"].c and "kind" not in found["certificates"].c
    assert not found["certificates"].c.completion_id.nullable
    upgrade(directory=migrations)


def test_course_certificates_are_kept_both_ways_recognitions_go_down(app, make_user, make_course):
    publish(make_course)
    user, client = client_of(app, make_user, "ani", full_name="Ani Lestari")
    complete(client)
    issue_recognition(db.session.get(User, user.id), 2025, "Alasan uji")
    db.session.commit()
    before = (count("certificates"), count("certificate_competencies"), count("users"))
    assert before[0] == 2 and before[1] >= 1
    assert count("certificates", "kind = 'kursus'") == 1
    db.session.remove()
    with down_to(app, PREVIOUS) as directory:
        assert count("certificates") == 1  # the recognition went
        assert count("certificate_competencies") == before[1]
        assert count("users") == before[2]
        db.session.remove()
        upgrade(directory=directory)
        assert count("certificates", "kind = 'kursus' AND award_year IS NULL") == 1
        assert count("users", "recognition_public = false") == before[2]
        db.session.remove()
