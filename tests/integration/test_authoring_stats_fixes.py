"""Trainer statistics fixes of issue 13: questions of a restored version stay live, prompts
render as Markdown, and exam attempts made after seeing the key do not count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from elearn.authoring import stats
from elearn.authoring.access import add_author
from elearn.extensions import db
from elearn.models import Course, Question, QuizAttempt
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


# -- exam attempts made after seeing the key -------------------------------------------------

DAY = timedelta(days=1)
START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def asked(version_id: int, section: str) -> list[dict]:
    """The questions of a section as an attempt freezes them."""
    rows = db.session.scalars(
        select(Question).where(Question.version_id == version_id, Question.section == section)
    )
    return [
        {"qid": q.qid, "kind": q.kind, "choices": [{"key": c["key"]} for c in q.choices],
         "correct": [c["key"] for c in q.choices if c["correct"]], "answers": list(q.answers)}
        for q in rows
    ]  # fmt: skip


def submit(user, version_id, kind, day, shown, section=""):
    number = 1 + day  # one attempt a day: numbers only need to differ
    db.session.add(
        QuizAttempt(
            user_id=user.id, course_id=course().id, version_id=version_id, section=section,
            kind=kind, number=number, questions=asked(version_id, section), responses={},
            pass_percent=70, started_at=START + day * DAY, submitted_at=START + day * DAY,
            total=1, correct=0, score=0, passed=False, review_shown=shown,
        )
    )  # fmt: skip


def answers(section: str, qid: str) -> int:
    found = stats.items(course(), stats.live_modules(course()), None)
    return next(i.answers for i in found if (i.section, i.qid) == (section, qid))


@pytest.mark.parametrize(
    ("earlier", "counted"),
    [
        ([], 1),
        ([("exam", "modules")], 2),  # both count: the first result showed no key
        ([("exam", "score")], 2),
        ([("exam", "marks")], 1),  # the second attempt knew which answers were right
        ([("exam", "full")], 1),
        ([("exam", None)], 1),  # an old attempt showed everything
        ([("pretest", "score")], 1),  # the pre-test is not counted, the exam is
        ([("pretest", None)], 0),  # the pre-test drew from the exam and showed its key
        ([("pretest", "full")], 0),
        ([("quiz", "full")], 1),  # a module quiz's key is not the exam's
    ],
)
def test_exam_attempts_count_only_before_the_learner_saw_the_key(
    published, make_user, earlier, counted
):
    learner = make_user("peserta1", ("learner",))
    version = published.live_version_id
    for kind, shown in earlier:
        submit(learner, version, kind, 0, shown, section="satu" if kind == "quiz" else "")
    submit(learner, version, "exam", 1, "modules")
    db.session.commit()
    assert answers("", "e1") == counted


def test_a_pre_test_with_its_own_questions_never_showed_the_exam_key(published, make_user):
    learner = make_user("peserta1", ("learner",))
    published.live_version.pretest_question_count = 3
    submit(learner, published.live_version_id, "pretest", 0, "full", section="@pretest")
    submit(learner, published.live_version_id, "exam", 1, "modules")
    db.session.commit()
    assert answers("", "e1") == 1


def test_module_quiz_attempts_count_after_any_review(published, make_user):
    learner = make_user("peserta1", ("learner",))
    for day in (0, 1):
        submit(learner, published.live_version_id, "quiz", day, "full", section="satu")
    db.session.commit()
    assert answers("satu", "s1") == 2
