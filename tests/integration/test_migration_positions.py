"""Migration 0009: positions become per government, existing holders keep working.

Runs on the suite's database (SQLite or PostgreSQL): down to the previous release's
schema, rows written as that release wrote them, then up again (and down, and up).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, select

from elearn.extensions import db
from tests.helpers.migrations import down_to, tables

PREVIOUS = "0008_one_blob_store"


def write_previous_release_rows() -> dict[str, int]:
    """Two governments; JF-AK held in A only, PLK held in A and B (and assigned in B),
    UNUSED held by nobody, LOOSE held only by someone without a unit."""
    t = tables()
    ids: dict[str, int] = {}
    with db.engine.begin() as conn:

        def add(table, key, **values):
            ids[key] = conn.execute(insert(t[table]).values(**values)).inserted_primary_key[0]

        add("org_units", "A", code="KOTA-A", name="Kota A", parent_id=None)
        add("org_units", "A1", code="DINAS-A", name="Dinas A", parent_id=ids["A"])
        add("org_units", "B", code="KOTA-B", name="Kota B", parent_id=None)
        closure = [("A", "A", 0), ("A1", "A1", 0), ("A", "A1", 1), ("B", "B", 0)]
        conn.execute(
            insert(t["org_closure"]),
            [{"ancestor_id": ids[a], "descendant_id": ids[d], "depth": n} for a, d, n in closure],
        )
        add("competencies", "integritas", slug="integritas", code="M.01", name="Integritas",
            group="manajerial", description="", levels=[], position=1)  # fmt: skip
        for code in ("JF-AK", "PLK", "UNUSED", "LOOSE"):
            add("positions", code, code=code, name=f"Jabatan {code}", type="pelaksana")
            conn.execute(
                insert(t["position_requirements"]).values(
                    position_id=ids[code], competency_id=ids["integritas"], level=2
                )
            )
        people = [("u1", "A1", "JF-AK"), ("u2", "A1", "PLK"), ("u3", "B", "PLK"),
                  ("u4", None, "LOOSE")]  # fmt: skip
        for username, unit, position in people:
            add("users", username, username=username, full_name=username, active=True,
                created_at=datetime.now(UTC), unit_id=ids[unit] if unit else None,
                position_id=ids[position])  # fmt: skip
        add("courses", "course", slug="kursus", created_at=datetime.now(UTC))
        add("assignments", "assign-b", course_id=ids["course"], unit_id=ids["B"],
            position_id=ids["PLK"], due_date=date(2027, 1, 31), recurrence="none", note="",
            created_at=datetime.now(UTC))  # fmt: skip
    return ids


def one(sql_table: str, column: str, **where):
    t = tables()[sql_table]
    stmt = select(t.c[column]).where(*(t.c[k] == v for k, v in where.items()))
    with db.engine.connect() as conn:
        return conn.execute(stmt).scalar_one()


def positions() -> set[tuple]:
    t = tables()["positions"]
    with db.engine.connect() as conn:
        return set(conn.execute(select(t.c.code, t.c.government_id)).all())


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_positions_go_to_the_government_of_their_holders(migrations):
    ids = write_previous_release_rows()
    upgrade(directory=migrations)

    a, b = ids["A"], ids["B"]
    assert positions() == {
        ("JF-AK", a), ("PLK", a), ("PLK", b), ("UNUSED", None), ("LOOSE", None),
    }  # fmt: skip
    assert one("positions", "id", code="PLK", government_id=a) == ids["PLK"]
    copy = one("positions", "id", code="PLK", government_id=b)
    assert one("users", "position_id", username="u2") == ids["PLK"]
    assert one("users", "position_id", username="u3") == copy
    assert one("users", "position_id", username="u1") == ids["JF-AK"]
    assert one("users", "position_id", username="u4") == ids["LOOSE"]
    assert one("assignments", "position_id", id=ids["assign-b"]) == copy
    assert one("position_requirements", "level", position_id=copy) == 2
    assert one("position_requirements", "level", position_id=ids["JF-AK"]) == 2  # none lost

    downgrade(directory=migrations, revision=PREVIOUS)
    t = tables()["positions"]
    with db.engine.connect() as conn:
        codes = list(conn.execute(select(t.c.code)).scalars())
    assert sorted(codes) == ["JF-AK", "LOOSE", "PLK", "UNUSED"]  # the copy merged back
    assert one("users", "position_id", username="u3") == ids["PLK"]
    assert one("assignments", "position_id", id=ids["assign-b"]) == ids["PLK"]
    upgrade(directory=migrations)
    assert ("PLK", b) in positions()
    db.session.remove()  # PostgreSQL: the next DDL waits for this session's transaction
