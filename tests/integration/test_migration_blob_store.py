"""Migration 0008: media bytes move from media_blobs into the one blob store, none lost.

Runs on the suite's database (SQLite or PostgreSQL): down to the previous release's
schema, rows written as that release wrote them, then up again (and down, and up).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, select

from elearn.extensions import db
from elearn.publishing.blobs import published_media, version_files
from tests.helpers.migrations import down_to, tables

PREVIOUS = "0007_report_indexes"
MARKDOWN = b"---\ntitle: Kursus Lama\n---\nIsi.\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(80))
ONLY_MEDIA = b"\x89PNG\r\n\x1a\n" + bytes(range(80, 200))  # in media_blobs alone
SVG = b"<svg xmlns='http://www.w3.org/2000/svg'/>"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def version_row(course_id: int, number: int) -> dict:
    return {
        "course_id": course_id, "number": number, "content_hash": f"h{number}",
        "title": "Kursus Lama", "summary": "", "category": "umum", "jp": 2,
        "total_minutes": 30, "pass_percent": 70, "pretest": False, "overview_html": "",
        "exam_question_count": 0, "search_text": "", "published_at": datetime.now(UTC),
    }  # fmt: skip


def write_previous_release_rows() -> None:
    """Version 1 kept its files (PNG in both stores); version 2 predates kept files."""
    t = tables()
    with db.engine.begin() as conn:
        course_id = conn.execute(
            insert(t["courses"]).values(slug="kursus-lama", created_at=datetime.now(UTC))
        ).inserted_primary_key[0]
        v1 = conn.execute(insert(t["course_versions"]).values(version_row(course_id, 1)))
        v2 = conn.execute(insert(t["course_versions"]).values(version_row(course_id, 2)))
        v1, v2 = v1.inserted_primary_key[0], v2.inserted_primary_key[0]
        for data in (MARKDOWN, PNG):
            conn.execute(
                insert(t["file_blobs"]).values(sha256=sha(data), size=len(data), data=data)
            )
        conn.execute(
            insert(t["version_files"]),
            [
                {"version_id": v1, "path": "course.md", "sha256": sha(MARKDOWN)},
                {"version_id": v1, "path": "media/alur.png", "sha256": sha(PNG)},
            ],
        )
        ids = {}
        for data, mime in ((PNG, "image/png"), (ONLY_MEDIA, "image/png"), (SVG, "image/svg+xml")):
            row = {"sha256": sha(data), "mime": mime, "size": len(data), "data": data}
            ids[data] = conn.execute(insert(t["media_blobs"]).values(row)).inserted_primary_key[0]
        conn.execute(
            insert(t["version_media"]),
            [
                {"version_id": v1, "name": "alur.png", "blob_id": ids[PNG]},
                {"version_id": v2, "name": "alur.png", "blob_id": ids[PNG]},
                {"version_id": v2, "name": "lama.png", "blob_id": ids[ONLY_MEDIA]},
                {"version_id": v2, "name": "bagan.svg", "blob_id": ids[SVG]},
            ],
        )


def rows(table: str, *columns: str) -> set[tuple]:
    t = tables()[table]
    with db.engine.connect() as conn:
        return set(conn.execute(select(*(t.c[c] for c in columns))).all())


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def test_media_move_into_the_one_blob_store_without_losing_a_byte(migrations):
    write_previous_release_rows()
    upgrade(directory=migrations)

    assert "media_blobs" not in tables()
    blobs = dict(((s, d) for s, d in rows("file_blobs", "sha256", "data")))
    assert blobs == {sha(d): d for d in (MARKDOWN, PNG, ONLY_MEDIA, SVG)}
    media = rows("version_media", "name", "sha256", "mime")
    assert media == {
        ("alur.png", sha(PNG), "image/png"),
        ("lama.png", sha(ONLY_MEDIA), "image/png"),
        ("bagan.svg", sha(SVG), "image/svg+xml"),
    }
    assert len(rows("version_media", "version_id", "name")) == 4
    v1 = min(v for (v,) in rows("course_versions", "id"))
    assert version_files(v1) == {"course.md": MARKDOWN, "media/alur.png": PNG}
    assert tuple(published_media(sha(SVG))) == (SVG, "image/svg+xml")
    assert published_media(sha(MARKDOWN)) is None  # only published media reach learners
    db.session.remove()  # PostgreSQL: the next DDL waits for this session's transaction

    downgrade(directory=migrations, revision=PREVIOUS)
    restored = rows("media_blobs", "sha256", "mime", "size", "data")
    assert restored == {
        (sha(PNG), "image/png", len(PNG), PNG),
        (sha(ONLY_MEDIA), "image/png", len(ONLY_MEDIA), ONLY_MEDIA),
        (sha(SVG), "image/svg+xml", len(SVG), SVG),
    }
    by_id = {i: s for i, s in rows("media_blobs", "id", "sha256")}
    linked = {(n, by_id[b]) for n, b in rows("version_media", "name", "blob_id")}
    assert linked == {
        ("alur.png", sha(PNG)),
        ("lama.png", sha(ONLY_MEDIA)),
        ("bagan.svg", sha(SVG)),
    }
