"""Migration 0019: certificates gain `status_index` (their Open Badges revocation bit),
back-filled for the certificates already issued; downgrade drops it.

Runs on the suite's database (SQLite or PostgreSQL).
"""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from elearn.domain.open_badges import status_index
from elearn.extensions import db
from tests.helpers.certificates import certified_holder, client_of, complete, publish
from tests.helpers.migrations import down_to, tables

PREVIOUS = "0018_xapi_queue"


def stored_indexes() -> dict[int, int | None]:
    rows = db.session.execute(text("SELECT id, status_index FROM certificates")).all()
    db.session.remove()  # no open transaction may hold a lock the migration waits for
    return dict(rows)


def test_status_index_is_back_filled_and_goes_away(app, make_user, make_course):
    publish(make_course)
    certified_holder(app, make_user)
    _, client = client_of(app, make_user, "budi", full_name="Budi Santoso")
    complete(client)
    issued = stored_indexes()
    assert len(issued) == 2 and all(v == status_index(k) for k, v in issued.items())

    with down_to(app, PREVIOUS) as migrations:
        assert "status_index" not in tables()["certificates"].c
        upgrade(directory=migrations, revision="0019_badge_status")
        assert stored_indexes() == issued
        constraints = tables()["certificates"].constraints
        assert any(
            {c.name for c in u.columns} == {"status_index"}
            for u in constraints
            if u.__class__.__name__ == "UniqueConstraint"
        )
        downgrade(directory=migrations, revision=PREVIOUS)
        assert "status_index" not in tables()["certificates"].c
        db.session.remove()
