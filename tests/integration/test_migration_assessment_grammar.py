"""Migration 0011: pre-test settings, question tags and modules, the review shown.

Runs on the suite's database (SQLite or PostgreSQL): a course published as the previous
release stored it, then up: module questions test their module, exam questions none.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, select

from elearn.extensions import db
from tests.helpers.migrations import down_to, tables

PREVIOUS = "0010_accounts_sessions"
NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture
def migrations(make_app):
    with down_to(make_app(), PREVIOUS) as directory:
        yield directory


def _old_course() -> None:
    t = tables()
    with db.engine.begin() as conn:
        conn.execute(insert(t["courses"]).values(id=1, slug="kursus-lama", created_at=NOW))
        conn.execute(
            insert(t["course_versions"]).values(
                id=1, course_id=1, number=1, content_hash="x" * 64, title="Kursus Lama",
                summary="", category="umum", jp=2, total_minutes=90, pass_percent=70,
                pretest=True, overview_html="", exam_question_count=1, search_text="",
                published_at=NOW,
            )
        )  # fmt: skip
        for section, qid in (("pengantar", "q1"), ("", "u1")):
            conn.execute(
                insert(t["questions"]).values(
                    version_id=1, section=section, position=1, qid=qid, kind="short",
                    prompt="Soal", prompt_html="Soal", body_html="", choices=[],
                    answers=["ya"], explanation_html="",
                )
            )  # fmt: skip


def test_old_questions_get_their_module_and_no_tags(migrations):
    assert "module_slug" not in tables()["questions"].c
    _old_course()
    upgrade(directory=migrations, revision="0011_assessment_grammar")
    t = tables()
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(
                t["questions"].c.qid, t["questions"].c.tags, t["questions"].c.module_slug
            ).order_by(t["questions"].c.qid)
        ).all()
        version = conn.execute(select(t["course_versions"])).one()
    assert [tuple(r) for r in rows] == [("q1", [], "pengantar"), ("u1", [], None)]
    assert version.follow_up_days == 60
    assert version.pretest_question_count == 0
    assert version.pretest_settings is None
    assert "review_shown" in t["quiz_attempts"].c
    downgrade(directory=migrations, revision=PREVIOUS)
    assert "module_slug" not in tables()["questions"].c
    upgrade(directory=migrations)
