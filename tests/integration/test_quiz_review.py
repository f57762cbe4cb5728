"""Result pages show what the review policy allows (issue 13): the exam's key never while
it can come back, the pre-test's score only, practice quizzes in full."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from elearn.extensions import db
from elearn.models import Assignment, Course, CourseVersion, Module, QuizAttempt
from tests.helpers import count_queries, login, mark_read, publish
from tests.helpers.quiz import (
    QUIZ_MODULE,
    SLUG,
    answers,
    attempt_row,
    course_files,
    publish_course,
    send,
    start_id,
    take,
)

EXAM_SECRETS = ("Penjelasan-ujian", "Satu tambah satu?", "Warna langit", "Jawaban yang benar")


def set_settings(kind: str, **values) -> None:
    """Change the live version's exam or module quiz settings, as a republish would."""
    version = db.session.scalar(select(CourseVersion))
    if kind == "exam":
        version.exam_settings = {**(version.exam_settings or {}), **values}
    else:
        module = db.session.scalar(select(Module).where(Module.slug == "kuis"))
        module.quiz_settings = {**(module.quiz_settings or {}), **values}
    db.session.commit()


def fail_exam(client) -> QuizAttempt:
    """Fail the final exam (the modules done first, once, as its gate asks)."""
    if not db.session.scalar(select(QuizAttempt.id).where(QuizAttempt.kind == "quiz")):
        mark_read(client, SLUG, "pengantar")
        assert take(client, True).passed
    attempt = take(client, False, module=None)
    assert attempt.passed is False
    return attempt


def page_of(client, attempt: QuizAttempt) -> str:
    response = client.get(f"/attempts/{attempt.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_failed_exam_with_attempts_left_shows_modules_not_the_key(client, learner, make_course):
    publish_course(make_course)
    attempt = fail_exam(client)
    page = page_of(client, attempt)
    assert "Belum lulus" in page and "Nilai 0" in page and "Coba lagi" in page
    assert "Hasil per modul" in page and "0 dari 2 benar" in page
    for secret in (*EXAM_SECRETS, "Pembahasan", "Biru", "verdict"):
        assert secret not in page, secret


def test_a_declared_full_review_is_clamped_while_the_exam_can_come_back(
    app, client, learner, make_course
):
    publish_course(make_course, exam_settings="  attempts: 2\n")
    set_settings("exam", review="full")
    app.config["EXAM_FULL_REVIEW"] = True
    page = page_of(client, fail_exam(client))
    for secret in (*EXAM_SECRETS, "Pembahasan"):
        assert secret not in page, secret
    # the last attempt: the exam cannot come back, the admin allows full
    page = page_of(client, fail_exam(client))
    assert "Pembahasan" in page and "Jawaban yang benar" in page
    assert "Penjelasan-ujian-satu" in page


def test_a_spent_exam_shows_marks_at_most_by_default(client, learner, make_course):
    publish_course(make_course, exam_settings="  attempts: 1\n")
    set_settings("exam", review="full")
    page = page_of(client, fail_exam(client))
    assert "Pembahasan" in page and "Satu tambah satu?" in page
    assert page.count('class="verdict wrong">Salah<') == 2
    assert "Jawaban Anda" in page
    for secret in ("Penjelasan-ujian", "Jawaban yang benar", "Biru"):
        assert secret not in page, secret


def test_an_exam_of_a_yearly_assignment_never_shows_its_key(client, org, make_user, make_course):
    make_user("peserta", unit_id=org["PKM-A1"])
    assert login(client).status_code == 302
    publish_course(make_course, exam_settings="  attempts: 1\n")
    set_settings("exam", review="marks")
    course_id = db.session.scalar(select(Course.id))
    db.session.add(
        Assignment(
            course_id=course_id,
            unit_id=org["DINKES-A"],
            due_date=date(2030, 1, 31),
            recurrence="yearly",
        )
    )
    db.session.commit()
    page = page_of(client, fail_exam(client))
    assert "Hasil per modul" in page
    for secret in (*EXAM_SECRETS, "Pembahasan"):
        assert secret not in page, secret


def test_a_pretest_from_the_exam_pool_shows_the_score_only(client, learner, make_course):
    files = course_files(pretest=True)
    # declared, yet its questions are the exam's
    files["course.md"] = files["course.md"].replace("pretest: true\n", "pretest:\n  review: full\n")
    publish(make_course, SLUG, files)
    assert db.session.scalar(select(CourseVersion.pretest_settings))["review"] == "full"
    attempt = take(client, True, path=f"/courses/{SLUG}/pretest")
    page = page_of(client, attempt)
    assert "Nilai 100" in page and 'class="score neutral"' in page
    for secret in (*EXAM_SECRETS, "Hasil per modul", "Pembahasan", "Jawaban Anda"):
        assert secret not in page, secret


def test_the_weak_modules_of_an_exam_link_to_the_module(client, learner, make_course):
    publish_course(make_course)
    mark_read(client, SLUG, "pengantar")
    assert take(client, True).passed
    attempt_id = start_id(client, module=None)
    attempt = attempt_row(attempt_id)
    # the draw records each question's module in the snapshot ("module")
    questions = [
        {**q, "module": "kuis" if q["qid"] == "ujian-satu" else "pengantar"}
        for q in attempt.questions
    ]
    db.session.execute(
        update(QuizAttempt).where(QuizAttempt.id == attempt_id).values(questions=questions)
    )
    db.session.commit()
    data = {**answers(attempt, True), **answers(attempt, False, only={"ujian-satu"})}
    send(client, attempt_id, data)
    page = page_of(client, attempt_row(attempt_id))
    assert "Kuis Lengkap" in page and "Pengantar" in page
    assert f'href="/courses/{SLUG}/kuis">Pelajari lagi</a>' in page
    assert f'href="/courses/{SLUG}/pengantar">Pelajari lagi</a>' not in page
    assert "Sudah baik" in page


TRUE_FALSE = """---
title: Kuis Lengkap
minutes: 10
quiz:
  attempts: 3
---

# Kuis Lengkap

Materi.

## Kuis

### Surat dinas boleh ditandatangani pejabat mana pun. {#benar-salah}
- [ ] Benar
- [x] Salah

> Penjelasan-bs: hanya pejabat yang berwenang.
"""


def test_a_true_false_review_reads_naturally(client, learner, make_course):
    publish_course(make_course, quiz=TRUE_FALSE, exam=False)
    attempt = take(client, False)
    page = page_of(client, attempt)
    assert 'Jawaban Anda: <strong class="picked">Benar</strong>' in page
    assert "Jawaban yang benar: <strong>Salah</strong>" in page
    assert 'class="verdict wrong">Salah<' in page and "Penjelasan-bs" in page
    assert "(benar)" not in page and "☑" not in page


@pytest.mark.parametrize("level", ["score", "marks"])
def test_a_module_quiz_shows_no_more_than_its_declared_level(client, learner, make_course, level):
    publish_course(make_course, exam=False)
    set_settings("quiz", review=level)
    page = page_of(client, take(client, False))
    for secret in ("Penjelasan-", "Jawaban yang benar", "Jawaban yang diterima", "Pontianak"):
        assert secret not in page, secret
    assert ("Pembahasan" in page) is (level == "marks")


def test_the_exam_result_links_the_certificate(client, learner, make_course):
    publish_course(make_course)
    fail_exam(client)
    final = take(client, True, module=None)
    page = page_of(client, final)
    assert "Selamat! Kursus ini selesai" in page
    assert "Unduh sertifikat (PDF)" in page and 'href="/my/certificates/' in page


def test_question_counts_agree_on_every_page(client, learner, make_course):
    drawn = QUIZ_MODULE.replace("  attempts: 3\n", "  attempts: 3\n  draw: 2\n")
    publish_course(make_course, quiz=drawn, exam_settings="  draw: 1\n")
    course = client.get(f"/courses/{SLUG}").get_data(as_text=True)
    assert "Kuis 2 dari 3 soal" in course
    module = client.get(f"/courses/{SLUG}/kuis").get_data(as_text=True)
    assert "Modul ini selesai setelah kuisnya lulus (2 dari 3 soal)." in module
    landing = client.get(f"/courses/{SLUG}/quiz/kuis").get_data(as_text=True)
    assert "<dd>2 dari 3 soal (diambil acak pada setiap percobaan)</dd>" in landing
    exam = client.get(f"/courses/{SLUG}/exam").get_data(as_text=True)
    assert "<dd>1 dari 2 soal (diambil acak pada setiap percobaan)</dd>" in exam
    attempt = client.get(f"/attempts/{start_id(client)}").get_data(as_text=True)
    assert "2 soal" in attempt


def test_the_level_shown_is_recorded_at_submission(client, learner, make_course):
    publish_course(make_course, pretest=True, exam_settings="  attempts: 2\n  review: marks\n")
    assert take(client, False, path=f"/courses/{SLUG}/pretest").review_shown == "score"
    assert fail_exam(client).review_shown == "modules"  # one attempt left
    assert attempt_row(1 + 1).review_shown == "full"  # the module quiz fail_exam passed
    assert fail_exam(client).review_shown == "marks"  # the last one: as declared


def test_the_result_page_asks_the_same_statements_however_many_attempts(
    client, learner, make_course
):
    publish_course(make_course)
    first = fail_exam(client)
    with count_queries() as one:
        assert client.get(f"/attempts/{first.id}").status_code == 200
    for _ in range(3):
        fail_exam(client)
    with count_queries() as four:
        assert client.get(f"/attempts/{first.id}").status_code == 200
    assert len(four) == len(one) <= 25


def test_exam_questions_count_for_the_module_their_tag_names(client, learner, make_course):
    files = course_files(exam=False)
    files["course.md"] += (
        "\n## Ujian Akhir\n\n### Satu tambah satu? {#ujian-satu .kuis}\n- [x] Dua\n- [ ] Tiga\n"
        "\n### Warna langit? {#ujian-langit .pengantar}\n- [x] Biru\n- [ ] Hijau\n"
        "\n### Tanpa modul? {#ujian-lain}\n- [x] Ya\n- [ ] Tidak\n"
    )
    publish(make_course, SLUG, files)
    attempt = fail_exam(client)
    page = page_of(client, attempt)
    for title in ("Kuis Lengkap", "Pengantar", "Lainnya"):
        assert f"<strong>{title}</strong>:" in page
    assert f'href="/courses/{SLUG}/kuis">Pelajari lagi</a>' in page
    assert f'href="/courses/{SLUG}/pengantar">Pelajari lagi</a>' in page
    assert "Perlu dipelajari lagi" in page  # the untagged question: no module to link
