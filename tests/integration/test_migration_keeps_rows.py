"""Migrations 0016 (users) and 0019 (certificates) copy a table on SQLite (batch mode):
with foreign keys on, dropping the old copy would delete every row that references it
(ON DELETE CASCADE). A learner's roles, sessions, progress, completions and certificate
competencies must survive the way down to 0015 and back up to the newest revision.

Runs on the suite's database (SQLite or PostgreSQL)."""

from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import func, select, text

from elearn.extensions import db
from tests.helpers.certificates import certified_holder, publish
from tests.helpers.migrations import down_to

DEPENDENT = (
    "user_roles",
    "user_sessions",
    "module_progress",
    "course_completions",
    "certificates",
    "certificate_competencies",
)


def counts() -> dict[str, int]:
    return {
        table: db.session.scalar(select(func.count()).select_from(text(table)))
        for table in DEPENDENT
    }


def test_rows_referencing_users_and_certificates_survive(app, make_user, make_course):
    publish(make_course)
    certified_holder(app, make_user)
    before = counts()
    assert all(before.values()), before
    db.session.remove()
    with down_to(app, "0015_integrations") as directory:
        assert counts() == before
        db.session.remove()
        upgrade(directory=directory)
        assert counts() == before
