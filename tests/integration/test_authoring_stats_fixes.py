"""Trainer statistics fixes of issue 13: questions of a restored version stay live, prompts
render as Markdown, and exam attempts made after seeing the key do not count."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from elearn.authoring import stats
from elearn.authoring.access import add_author
from elearn.extensions import db
from elearn.models import Course
from tests.helpers import import_folder, login

SLUG = "statistik-pulih"
COURSE_MD = (
    "---\ntitle: Kursus Pulih\njp: 2\n---\n\nIsi.\n\n## Ujian Akhir\n\n"
    "### Apa ibu kota **Indonesia**? {#e1}\n- [x] Jakarta\n- [ ] Bandung\n\n> Jakarta.\n"
)
MODULE = (
    "---\ntitle: Satu\n---\n\n# Satu\n\nTEXT\n\n## Kuis\n\n"
    "### Dua tambah `dua`? {#s1}\n- [x] Empat\n- [ ] Lima\n\n> Empat.\n"
)


def files(text: str) -> dict[str, str]:
    return {"course.md": COURSE_MD, "01-satu.md": MODULE.replace("TEXT", text)}


def course() -> Course:
    db.session.expire_all()
    return db.session.scalar(select(Course).where(Course.slug == SLUG))


@pytest.fixture
def published(app, make_course, make_user):
    """Version 1, then version 2 (another module text), then version 1's files again."""
    for text in ("Materi lama.", "Materi baru.", "Materi lama."):
        import_folder(make_course(SLUG, files(text)))
    owner = make_user("pengajar", ("trainer",), full_name="Pengajar Satu")
    add_author(course().id, owner.id)
    db.session.commit()
    return course()


def test_every_question_of_a_restored_version_is_live(published):
    assert published.live_version.number == 1  # restored, not a third version
    current = stats.current_questions(published, stats.live_modules(published))
    assert {key: q.live for key, q in current.items()} == {("satu", "s1"): True, ("", "e1"): True}
    # Modules first, then the final exam: a live question keeps its place in the course.
    assert current[("satu", "s1")].order < current[("", "e1")].order < 20_000


def test_the_stats_pages_render_prompts_as_markdown(app, published):
    client = app.test_client()
    assert login(client, "pengajar").status_code == 302
    page = client.get(f"/author/{SLUG}/stats").get_data(as_text=True)
    assert "Apa ibu kota <strong>Indonesia</strong>?" in page
    assert "Dua tambah <code>dua</code>?" in page
    assert "**" not in page and "tidak ada di versi aktif" not in page
    detail = client.get(f"/author/{SLUG}/stats/questions/e1?section=").get_data(as_text=True)
    assert '<p class="lead">Apa ibu kota <strong>Indonesia</strong>?</p>' in detail
    assert "tidak ada lagi di versi aktif" not in detail
