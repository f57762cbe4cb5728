"""Quizzes, the final exam and the pre-test through the Flask client: attempts fixed on the
server, no answer key before submission, saving, scoring once, limits, crafted requests."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import CourseVersion, Enrollment, QuizAttempt
from tests.helpers import assert_sent_to_login, count_queries, csrf_token, minimal_course, publish
from tests.helpers.quiz import (
    SLUG,
    answers,
    attempt_row,
    complete_course,
    course_files,
    publish_course,
    quiz_path,
    second_learner,
    send,
    set_deadline,
    start,
    start_id,
    take,
    timed_quiz,
)

# Strings that would give the answers away on a page shown before submission.
ANSWER_KEY = (
    "correct",
    "Penjelasan-",
    "Pontianak",
    "Khatulistiwa",
    "[x]",
    "[ ]",
    "explanation",
    "(benar)",
)


def page_order(page: str) -> list[tuple[str, str]]:
    """(question id, choice key) in the order shown; short questions give (qid, "")."""
    order = []
    for match in re.finditer(
        r'<input type="(radio|checkbox|text)" id="[^"]*" name="q-([^"]+)"'
        r'(?: value="([0-9a-f]+)")?',
        page,
    ):
        order.append((match.group(2), match.group(3) or ""))
    return order


def snapshot_order(attempt: QuizAttempt) -> list[tuple[str, str]]:
    order = []
    for q in attempt.questions:
        if q["kind"] == "short":
            order.append((q["qid"], ""))
        order.extend((q["qid"], c["key"]) for c in q["choices"])
    return order


# --- no answer key before submission ------------------------------------------------------


def test_quiz_and_attempt_pages_carry_no_answer_key(client, learner, make_course):
    publish_course(make_course)
    landing = client.get(quiz_path())
    assert landing.status_code == 200
    page = landing.get_data(as_text=True)
    assert "Kuis: Kuis Lengkap" in page and "Mulai" in page
    assert "Nilai lulus" in page and "100" in page and "Sisa percobaan: 3." in page
    attempt_id = start_id(client)
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    # prompts and choices are there ...
    for shown in (
        "Dua tambah dua?",
        "Pilih bilangan genap.",
        "Ibu kota Provinsi",
        "Empat",
        "Lima",
        "Delapan",
        "Pilih semua jawaban yang benar.",
        "Kirim jawaban",
    ):
        assert shown in page
    # ... and nothing that tells the answer
    for pages in (page, landing.get_data(as_text=True)):
        for secret in ANSWER_KEY:
            assert secret not in pages, secret
    # still nothing after saving an answer, on the page and in the autosave reply
    attempt = attempt_row(attempt_id)
    token = csrf_token(client, "/my")
    response = client.post(
        f"/attempts/{attempt_id}/save", data={**answers(attempt, True), "csrf_token": token}
    )
    assert response.status_code == 204 and response.data == b""
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    for secret in ANSWER_KEY:
        if secret not in ("Pontianak",):  # the learner's own typed answer is shown back
            assert secret not in page, secret


def test_pretest_and_exam_pages_carry_no_answer_key(client, learner, make_course):
    publish_course(make_course, pretest=True)
    offer = client.get(f"/courses/{SLUG}/pretest").get_data(as_text=True)
    pretest_id = start_id(client, path=f"/courses/{SLUG}/pretest")
    page = client.get(f"/attempts/{pretest_id}").get_data(as_text=True)
    assert "Satu tambah satu?" in page and "Biru" in page
    exam = client.get(f"/courses/{SLUG}/exam").get_data(as_text=True)
    for html in (offer, page, exam):
        for secret in (*ANSWER_KEY, "Penjelasan-ujian"):
            assert secret not in html, secret


# --- the attempt is fixed on the server --------------------------------------------------


def pool_module(questions=6, draw=3) -> str:
    text = (
        f"---\ntitle: Bank Soal\nquiz:\n  draw: {draw}\n  shuffle: true\n  attempts: 0\n---\n\n"
        "# Bank Soal\n\nMateri.\n\n## Kuis\n"
    )
    for n in range(1, questions + 1):
        text += (
            f"\n### Soal nomor {n}? {{#soal-{n}}}\n- [x] Benar {n}\n- [ ] Keliru {n}a\n"
            f"- [ ] Keliru {n}b\n- [ ] Keliru {n}c\n\n> Penjelasan-{n}.\n"
        )
    return text


def test_reload_shows_the_same_attempt_draw_and_order(client, learner, make_course):
    publish_course(make_course, quiz=pool_module())
    attempt_id = start_id(client)
    attempt = attempt_row(attempt_id)
    qids = [q["qid"] for q in attempt.questions]
    assert len(qids) == 3 == len(set(qids)) == attempt.total
    assert set(qids) <= {f"soal-{n}" for n in range(1, 7)}
    assert all(len(q["choices"]) == 4 for q in attempt.questions)
    first = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert page_order(first) == snapshot_order(attempt)
    assert first.count('<fieldset class="question"') == 3
    assert "3 soal" in first
    # a reload and pressing "start" again both show the very same attempt
    assert page_order(client.get(f"/attempts/{attempt_id}").get_data(as_text=True)) == (
        page_order(first)
    )
    assert "Lanjutkan percobaan 1" in client.get(quiz_path()).get_data(as_text=True)
    assert start_id(client) == attempt_id
    assert page_order(client.get(f"/attempts/{attempt_id}").get_data(as_text=True)) == (
        page_order(first)
    )
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1
    assert attempt_row(attempt_id).questions == attempt.questions
    landing = client.get(quiz_path()).get_data(as_text=True)
    assert "3 dari 6 soal (diambil acak pada setiap percobaan)" in landing


def test_draws_vary_between_attempts_but_stay_within_the_pool(client, learner, make_course):
    publish_course(make_course, quiz=pool_module(questions=6, draw=2))
    seen: set[tuple[str, ...]] = set()
    for _ in range(6):
        attempt = take(client, right=False)
        assert attempt.total == 2 and attempt.score == 0 and attempt.passed is False
        seen.add(tuple(sorted(q["qid"] for q in attempt.questions)))
    # 15 possible pairs: six identical draws in a row would mean there is no draw at all
    assert len(seen) > 1


def test_republishing_does_not_change_a_started_attempt(app, client, learner, make_course):
    folder = publish(make_course, SLUG, minimal_course())
    attempt_id = start_id(client, module="lanjutan")
    before = attempt_row(attempt_id)
    old_version = before.version_id
    empat = next(c["key"] for c in before.questions[0]["choices"] if "Empat" in c["html"])
    assert before.questions[0]["correct"] == [empat]
    # the trainer changes the answer key and the explanation, then republishes
    text = (folder / "02-lanjutan.md").read_text()
    text = text.replace("- [x] Empat\n- [ ] Lima", "- [ ] Empat\n- [x] Lima")
    (folder / "02-lanjutan.md").write_text(text.replace("Karena 2 + 2 = 4.", "Diubah."))
    publish(make_course, SLUG, {})
    assert db.session.scalar(select(func.count(CourseVersion.id))) == 2
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert page_order(page) == snapshot_order(before)
    send(client, attempt_id, {"q-dua": empat})
    after = attempt_row(attempt_id)
    assert (after.score, after.correct, after.passed) == (100, 1, True)
    assert after.version_id == old_version
    result = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "Karena 2 + 2 = 4." in result and "Diubah." not in result
    # a learner starting now gets the new key
    other = second_learner(app)
    new_id = start_id(other, module="lanjutan")
    fresh = attempt_row(new_id)
    assert fresh.version_id != old_version
    assert fresh.questions[0]["correct"] != [empat]
    send(other, new_id, {"q-dua": empat})
    assert attempt_row(new_id).passed is False


def test_attempt_on_a_module_removed_later_can_still_be_submitted(client, learner, make_course):
    folder = publish_course(make_course)
    attempt_id = start_id(client)
    attempt = attempt_row(attempt_id)
    (folder / "02-kuis.md").unlink()
    publish(make_course, SLUG, {})
    assert client.get(f"/attempts/{attempt_id}").status_code == 200
    assert send(client, attempt_id, answers(attempt)).status_code == 302
    assert attempt_row(attempt_id).score == 100
    page = client.get(f"/attempts/{attempt_id}")
    assert page.status_code == 200 and "Nilai 100" in page.get_data(as_text=True)


# --- saving, submitting, the result ------------------------------------------------------


def test_save_button_and_autosave_keep_answers_for_a_reload(client, learner, make_course):
    publish_course(make_course)
    attempt_id = start_id(client)
    attempt = attempt_row(attempt_id)
    right = answers(attempt, True)
    response = send(client, attempt_id, {"q-dua": right["q-dua"]}, action="save")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}")
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "Jawaban tersimpan. Anda bisa melanjutkannya nanti." in page
    assert re.search(rf'value="{right["q-dua"]}"\s*checked', page)
    assert "Terakhir disimpan" in page
    stored = attempt_row(attempt_id)
    assert stored.responses == {"dua": right["q-dua"]} and stored.submitted_at is None
    assert stored.saved_at is not None

    # autosave (quiz.js) sends the whole form as the learner goes
    token = csrf_token(client, "/my")
    response = client.post(f"/attempts/{attempt_id}/save", data={**right, "csrf_token": token})
    assert response.status_code == 204
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    for key in right["q-genap"]:
        assert re.search(rf'name="q-genap" value="{key}"\s*checked', page)
    assert 'value="Pontianak"' in page
    assert attempt_row(attempt_id).submitted_at is None

    # submitting an empty form after saving scores what was submitted
    response = send(client, attempt_id, right)
    assert response.status_code == 302
    stored = attempt_row(attempt_id)
    assert (stored.score, stored.correct, stored.total, stored.passed) == (100, 3, 3, True)
    assert stored.late is False and stored.submitted_at is not None
    # autosave after submission is refused without touching the result
    response = client.post(f"/attempts/{attempt_id}/save", data={"csrf_token": token})
    assert response.status_code == 409 and response.get_json()["saved"] is False
    assert attempt_row(attempt_id).responses == stored.responses


def test_result_shows_score_verdicts_explanations_and_history(client, learner, make_course):
    publish_course(make_course)
    attempt_id = start_id(client)
    attempt = attempt_row(attempt_id)
    # two of three right: 66 < 100, not passed
    data = {**answers(attempt, True), **answers(attempt, False, only={"genap"})}
    send(client, attempt_id, data)
    response = client.get(f"/attempts/{attempt_id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hasil kuis: Kuis Lengkap" in page
    assert "Nilai 66" in page and "2 dari 3 soal benar." in page
    assert "Belum lulus" in page and "(nilai lulus 100)" in page
    assert page.count('class="verdict right">Benar<') == 2
    assert page.count('class="verdict wrong">Salah<') == 1
    for explanation in ("Penjelasan-dua", "Penjelasan-genap", "Penjelasan-ibukota"):
        assert explanation in page
    # a module quiz is practice: its default review (full) shows the key after every
    # attempt (issue 13; before it the key waited for the last attempt)
    assert "Jawaban yang diterima: Pontianak, Kota Khatulistiwa" in page
    assert "Jawaban yang benar: <strong>Dua</strong>; <strong>Delapan</strong>" in page
    assert "(benar)" not in page
    assert "Coba lagi" in page
    assert "Riwayat percobaan" in page
    assert f'href="/attempts/{attempt_id}">1</a>' in page

    second = take(client, right=True)
    assert second.number == 2 and second.passed is True
    page = client.get(f"/attempts/{second.id}").get_data(as_text=True)
    assert "Nilai 100" in page and "<strong>Lulus</strong>" in page
    assert page.count('class="verdict right">Benar<') == 3
    assert "Jawaban yang benar" in page and "Jawaban yang diterima: Pontianak" in page
    assert "Coba lagi" not in page
    history = client.get(quiz_path()).get_data(as_text=True)
    assert f'href="/attempts/{attempt_id}">1</a>' in history
    assert f'href="/attempts/{second.id}">2</a>' in history
    assert "Belum lulus" in history and "Lulus" in history and "Anda sudah lulus." in history
    assert "Jawaban yang benar" in client.get(f"/attempts/{attempt_id}").get_data(as_text=True)


def test_an_unanswered_submission_scores_zero(client, learner, make_course):
    publish_course(make_course)
    attempt_id = start_id(client)
    assert send(client, attempt_id, {}).status_code == 302
    attempt = attempt_row(attempt_id)
    assert (attempt.score, attempt.correct, attempt.passed) == (0, 0, False)
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "(kosong)" in page and page.count("Salah<") == 3


def test_the_same_attempt_submitted_twice_records_once(client, learner, make_course):
    publish_course(make_course)
    attempt_id = start_id(client)
    attempt = attempt_row(attempt_id)
    token = csrf_token(client, f"/attempts/{attempt_id}")
    first = send(client, attempt_id, answers(attempt, True), token=token)
    assert first.status_code == 302
    stored = attempt_row(attempt_id)
    # the second press (double click, second tab) carries other answers
    second = send(client, attempt_id, answers(attempt, False), token=token)
    assert second.status_code == 302
    assert second.headers["Location"].endswith(f"/attempts/{attempt_id}")
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Jawaban percobaan ini sudah terkirim sebelumnya; hasilnya di bawah." in page
    again = attempt_row(attempt_id)
    assert (again.score, again.passed, again.submitted_at, again.responses) == (
        100,
        True,
        stored.submitted_at,
        stored.responses,
    )
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1
    # saving into a submitted attempt changes nothing either
    send(client, attempt_id, answers(attempt, False), action="save", token=token)
    assert attempt_row(attempt_id).responses == stored.responses


# --- limits ------------------------------------------------------------------------------


def test_attempt_limit_refuses_a_new_start_with_409(client, learner, make_course):
    publish(make_course, SLUG, minimal_course())  # quiz: attempts: 2
    assert take(client, False, module="lanjutan").passed is False
    page = client.get(quiz_path(module="lanjutan")).get_data(as_text=True)
    assert "Sisa percobaan: 1." in page
    assert take(client, False, module="lanjutan").number == 2
    response = start(client, module="lanjutan")
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Batas 2 kali percobaan sudah habis" in page
    assert "Hubungi pengajar" in page and "Kembali ke Belajar Saya" in page
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 2
    landing = client.get(quiz_path(module="lanjutan")).get_data(as_text=True)
    assert "Batas percobaan sudah habis." in landing
    assert '<button type="submit">Mulai</button>' not in landing
    # with no attempt left, the result offers no retry
    last = client.get("/attempts/2").get_data(as_text=True)
    assert "Jawaban yang benar" in last and "Coba lagi" not in last


def test_a_passed_quiz_cannot_be_restarted(client, learner, make_course):
    publish_course(make_course)
    assert take(client, True).passed is True
    response = start(client)
    assert response.status_code == 409
    assert "Anda sudah lulus; tidak perlu mengulang." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1


def test_time_limit_sets_a_deadline_shown_on_the_page(client, learner, make_course):
    publish_course(make_course, quiz=timed_quiz(5))
    assert "5 menit" in client.get(quiz_path()).get_data(as_text=True)
    attempt_id = start_id(client)
    attempt = attempt_row(attempt_id)
    assert attempt.deadline_at - attempt.started_at == timedelta(minutes=5)
    assert "Kirim sebelum" in client.get(f"/attempts/{attempt_id}").get_data(as_text=True)


def test_a_late_submission_is_kept_marked_late_and_not_passed(client, learner, make_course):
    publish_course(make_course, quiz=timed_quiz(5))
    attempt_id = start_id(client)
    attempt = attempt_row(attempt_id)
    token = csrf_token(client, f"/attempts/{attempt_id}")
    set_deadline(attempt_id, -timedelta(minutes=2))
    assert send(client, attempt_id, answers(attempt, True), token=token).status_code == 302
    late = attempt_row(attempt_id)
    assert late.submitted_at is not None and late.late is True
    # the answers sent after the time limit are not scored: only those saved before it
    assert late.responses == {} and late.score == 0 and late.passed is False
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "Waktu pengerjaan sudah habis." in page
    assert "Jawaban dikirim setelah batas waktu, sehingga tidak dihitung lulus." in page
    assert "Belum lulus" in page
    assert "terlambat" in client.get(quiz_path()).get_data(as_text=True)
    # late does not complete the module: the next attempt is allowed
    assert start_id(client) != attempt_id


def test_a_submission_within_the_grace_period_counts(client, learner, make_course):
    publish_course(make_course, quiz=timed_quiz(5))
    attempt_id = start_id(client)
    attempt = attempt_row(attempt_id)
    set_deadline(attempt_id, -timedelta(seconds=5))  # slow network: 30 s of grace
    send(client, attempt_id, answers(attempt, True))
    stored = attempt_row(attempt_id)
    assert stored.late is False and stored.passed is True


def writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().split(None, 1)[0].upper() in WRITES]


WRITES = {"INSERT", "UPDATE", "DELETE"}


def test_an_overdue_attempt_is_shown_as_submitted_and_recorded_on_the_next_post(
    client, learner, make_course
):
    publish_course(make_course, quiz=timed_quiz(5))
    attempt_id = start_id(client)
    attempt = attempt_row(attempt_id)
    send(client, attempt_id, answers(attempt, True), action="save")
    set_deadline(attempt_id, -timedelta(minutes=10))
    with count_queries() as statements:
        page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
        landing = client.get(quiz_path()).get_data(as_text=True)
    assert "Hasil kuis" in page and "Kirim jawaban" not in page
    assert "setelah batas waktu" in page and "Nilai 100" in page
    assert "terlambat" in landing and "Lanjutkan percobaan" not in landing
    assert writes(statements) == []  # reading a page writes nothing
    assert attempt_row(attempt_id).submitted_at is None
    assert start_id(client) != attempt_id  # the next POST records the late submission
    stored = attempt_row(attempt_id)
    assert stored.submitted_at is not None and stored.late is True
    assert stored.score == 100 and stored.passed is False  # the saved answers were scored


def test_quiz_pages_write_nothing_on_get(client, learner, make_course):
    publish_course(make_course, quiz=timed_quiz(5), pretest=True, exam_settings="  time_limit: 5\n")
    client.get(f"/courses/{SLUG}/pretest")  # the first visit enrols
    pretest_id = start_id(client, path=f"/courses/{SLUG}/pretest")
    attempt_id = start_id(client)
    for overdue in (pretest_id, attempt_id):
        set_deadline(overdue, -timedelta(minutes=10))
    paths = [
        f"/attempts/{attempt_id}",
        f"/attempts/{pretest_id}",
        quiz_path(),
        quiz_path(module=None),
        f"/courses/{SLUG}/pretest",
    ]
    with count_queries() as statements:
        pages = [client.get(path) for path in paths]
    assert [page.status_code for page in pages] == [200] * len(paths)
    assert "Nilai Prates Anda" in pages[-1].get_data(as_text=True)
    assert writes(statements) == []


def test_starting_again_closes_an_overdue_attempt_and_opens_the_next(client, learner, make_course):
    publish_course(make_course, quiz=timed_quiz(5))
    first = start_id(client)
    set_deadline(first, -timedelta(minutes=10))
    second = start_id(client)
    assert second != first
    assert attempt_row(first).late is True and attempt_row(first).submitted_at is not None
    assert attempt_row(second).number == 2 and attempt_row(second).submitted_at is None


def test_an_overdue_last_attempt_is_recorded_when_a_new_start_is_refused(
    client, learner, make_course
):
    publish_course(make_course, quiz=timed_quiz(5).replace("attempts: 3", "attempts: 1"))
    attempt_id = start_id(client)
    set_deadline(attempt_id, -timedelta(minutes=10))
    assert start(client).status_code == 409
    stored = attempt_row(attempt_id)
    assert stored.submitted_at is not None and stored.late is True


# --- crafted requests --------------------------------------------------------------------


@pytest.fixture
def saved_attempt(client, learner, make_course):
    """An open attempt with one answer saved; returns (id, right answers, stored snapshot)."""
    publish_course(make_course)
    attempt_id = start_id(client)
    attempt = attempt_row(attempt_id)
    right = answers(attempt, True)
    send(client, attempt_id, {"q-dua": right["q-dua"]}, action="save")
    stored = attempt_row(attempt_id)
    return attempt_id, right, (stored.responses, stored.saved_at)


def assert_unchanged(attempt_id, before):
    stored = attempt_row(attempt_id)
    assert (stored.responses, stored.saved_at) == before
    assert stored.submitted_at is None and stored.score is None and stored.passed is None


CRAFTED = [
    ({"q-palsu": "abc"}, "soal yang tidak ada di percobaan ini"),
    ({"jawaban": "abc"}, "soal yang tidak ada di percobaan ini"),
    ({"q-dua": "ffffffffff"}, "Pilihan jawaban tidak dikenal"),
    ({"q-genap": "q-dua"}, "Pilihan jawaban tidak dikenal"),
    ({"q-dua": "BOTH"}, "Soal pilihan tunggal hanya boleh satu jawaban."),
    ({"q-genap": "TWICE"}, "Pilihan jawaban tidak dikenal"),
    ({"q-ibukota": "x" * 10_000}, "Jawaban isian paling panjang 500 karakter."),
    ({"q-ibukota": ["Pontianak", "Pontianak"]}, "Jawaban isian paling panjang"),
]


@pytest.mark.parametrize("action", ["submit", "save", "autosave"])
def test_crafted_answers_are_refused_and_change_nothing(client, saved_attempt, action):
    attempt_id, right, before = saved_attempt
    attempt = attempt_row(attempt_id)
    keys = {q["qid"]: [c["key"] for c in q["choices"]] for q in attempt.questions}
    token = csrf_token(client, "/my")
    for crafted, message in CRAFTED:
        if crafted.get("q-dua") == "BOTH":  # two values for a single-choice question
            crafted = {"q-dua": keys["dua"][:2]}
        if crafted.get("q-genap") == "TWICE":  # the same choice twice
            crafted = {"q-genap": [keys["genap"][0], keys["genap"][0]]}
        data = {**right, **crafted}
        if action == "autosave":
            response = client.post(
                f"/attempts/{attempt_id}/save", data={**data, "csrf_token": token}
            )
        else:
            response = send(client, attempt_id, data, action=action, token=token)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, crafted
        assert message in page, crafted
        assert "Tidak dapat diproses" in page and "Traceback" not in page
        assert_unchanged(attempt_id, before)


def test_another_learners_attempt_is_not_found(app, client, saved_attempt):
    attempt_id, right, before = saved_attempt
    other = second_learner(app)
    token = csrf_token(other, "/my")
    responses = [
        other.get(f"/attempts/{attempt_id}"),
        other.post(
            f"/attempts/{attempt_id}", data={**right, "action": "submit", "csrf_token": token}
        ),
        other.post(f"/attempts/{attempt_id}/save", data={**right, "csrf_token": token}),
    ]
    for response in responses:
        assert response.status_code == 404
        assert "Percobaan tidak ditemukan." in response.get_data(as_text=True)
    assert "Dua tambah dua" not in responses[0].get_data(as_text=True)
    assert_unchanged(attempt_id, before)


def test_a_missing_attempt_is_not_found(client, saved_attempt):
    token = csrf_token(client, "/my")
    for response in (
        client.get("/attempts/99999"),
        client.post("/attempts/99999", data={"action": "submit", "csrf_token": token}),
        client.post("/attempts/99999/save", data={"csrf_token": token}),
    ):
        assert response.status_code == 404
        assert "Percobaan tidak ditemukan." in response.get_data(as_text=True)
    for path in ("/attempts/abc", "/attempts/-1", "/attempts/1.5"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_requests_without_csrf_token_are_refused(client, saved_attempt):
    attempt_id, right, before = saved_attempt
    for path, data in (
        (f"/attempts/{attempt_id}", {**right, "action": "submit"}),
        (f"/attempts/{attempt_id}", {**right, "action": "submit", "csrf_token": "palsu"}),
        (f"/attempts/{attempt_id}/save", right),
        (f"{quiz_path()}/start", {}),
    ):
        response = client.post(path, data=data)
        assert response.status_code == 400
        assert "Formulir sudah kedaluwarsa" in response.get_data(as_text=True)
    assert_unchanged(attempt_id, before)
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1


def test_an_oversized_form_is_refused_with_413(client, saved_attempt):
    attempt_id, right, before = saved_attempt
    token = csrf_token(client, "/my")
    for path in (f"/attempts/{attempt_id}", f"/attempts/{attempt_id}/save"):
        response = client.post(
            path, data={"q-ibukota": "x" * (3 * 1024 * 1024), "csrf_token": token}
        )
        assert response.status_code == 413
        assert "Data yang dikirim terlalu besar" in response.get_data(as_text=True)
    assert_unchanged(attempt_id, before)


# --- the pre-test ------------------------------------------------------------------------


def enrollment_status():
    db.session.expire_all()
    return db.session.scalar(select(Enrollment.pretest_status))


def test_first_visit_offers_the_pretest_and_skipping_goes_to_module_one(
    client, learner, make_course
):
    publish_course(make_course, pretest=True)
    # offered on the course page, not forced: no page redirects to the pre-test
    for path in (f"/courses/{SLUG}", f"/courses/{SLUG}/pengantar", f"/courses/{SLUG}/pretest"):
        assert client.get(path).status_code == 200
    offer = client.get(f"/courses/{SLUG}").get_data(as_text=True)
    assert "Mulai Prates" in offer and "Lewati Prates" in offer
    assert "tidak memengaruhi kelulusan" in offer
    assert "Isi ikhtisar." in offer  # the overview is there too
    token = csrf_token(client, f"/courses/{SLUG}")
    response = client.post(f"/courses/{SLUG}/pretest/skip", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/courses/{SLUG}/pengantar")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Prates dilewati. Selamat belajar!" in page
    assert enrollment_status() == "skipped"
    # not offered again
    assert client.get(f"/courses/{SLUG}").status_code == 200
    assert client.get(f"/courses/{SLUG}/pengantar").status_code == 200
    offer = client.get(f"/courses/{SLUG}/pretest").get_data(as_text=True)
    assert "Anda melewati Prates kursus ini." in offer and "Mulai Prates" not in offer
    # and cannot be taken later by sending the start form anyway
    response = start(client, path=f"/courses/{SLUG}/pretest")
    assert response.status_code == 409
    assert "Anda sudah melewati Prates kursus ini." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0
    assert client.post(f"/courses/{SLUG}/pretest/skip").status_code == 400


def test_pretest_is_taken_once_ungraded_and_the_gain_is_shown(client, learner, make_course):
    publish_course(make_course, pretest=True, exam_settings="  attempts: 1\n")
    pretest_id = start_id(client, path=f"/courses/{SLUG}/pretest")
    assert enrollment_status() == "taken"
    # starting again resumes the same attempt
    assert start_id(client, path=f"/courses/{SLUG}/pretest") == pretest_id
    offer = client.get(f"/courses/{SLUG}/pretest").get_data(as_text=True)
    assert "Lanjutkan Prates" in offer
    attempt = attempt_row(pretest_id)
    assert attempt.kind == "pretest" and attempt.section == "" and attempt.total == 2
    half = {**answers(attempt, True), **answers(attempt, False, only={"ujian-langit"})}
    send(client, pretest_id, half)
    attempt = attempt_row(pretest_id)
    assert attempt.score == 50 and attempt.passed is None and attempt.late is False
    page = client.get(f"/attempts/{pretest_id}").get_data(as_text=True)
    assert "Hasil Prates" in page and "Prates tidak dinilai" in page
    # neutral information, not a failure (issue 13)
    assert "lulus" not in page.split("<h1>")[1].split("Riwayat")[0].casefold()
    assert 'class="score neutral"' in page and "score fail" not in page
    assert "Coba lagi" not in page
    # once only
    response = start(client, path=f"/courses/{SLUG}/pretest")
    assert response.status_code == 409
    assert "percobaan sudah habis" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1
    assert "Nilai Prates Anda: 50." in client.get(f"/courses/{SLUG}/pretest").get_data(as_text=True)
    # the course page no longer redirects and shows the pre-test score
    course = client.get(f"/courses/{SLUG}")
    assert course.status_code == 200
    page = course.get_data(as_text=True)
    assert "Nilai Prates" in page and "Peningkatan" not in page
    # the pre-test neither completes nor uses up the exam (attempts: 1)
    exam = client.get(f"/courses/{SLUG}/exam").get_data(as_text=True)
    assert "Sisa percobaan: 1." in exam
    final = complete_course(client)
    assert final.score == 100 and final.passed is True
    page = client.get(f"/courses/{SLUG}").get_data(as_text=True)
    facts = re.sub(r"\s+", " ", page)
    assert "<dt>Nilai Prates</dt><dd>50</dd>" in facts
    assert "<dt>Nilai Ujian Akhir</dt><dd>100</dd>" in facts
    assert "<dt>Peningkatan</dt><dd>+50</dd>" in facts


def test_pretest_is_not_offered_without_the_setting(client, learner, make_course):
    publish_course(make_course)
    assert client.get(f"/courses/{SLUG}").status_code == 200
    assert client.get(f"/courses/{SLUG}/pretest").status_code == 404
    assert start(client, path=f"/courses/{SLUG}/pretest").status_code == 404
    token = csrf_token(client, "/my")
    assert client.post(f"/courses/{SLUG}/pretest/skip", data={"csrf_token": token}).status_code == (
        404
    )
    assert enrollment_status() is None


# --- login and unknown places ------------------------------------------------------------

GETS = [
    f"/courses/{SLUG}/quiz/kuis",
    f"/courses/{SLUG}/exam",
    f"/courses/{SLUG}/pretest",
    f"/courses/{SLUG}/survey",
    "/attempts/1",
    "/my",
    # The course overview is public since issue 17 (tests/integration/test_public_front.py).
]
POSTS = [
    f"/courses/{SLUG}/quiz/kuis/start",
    f"/courses/{SLUG}/exam/start",
    f"/courses/{SLUG}/pretest/start",
    f"/courses/{SLUG}/pretest/skip",
    f"/courses/{SLUG}/survey",
    "/attempts/1",
    "/attempts/1/save",
]


def test_every_route_requires_login(client, make_user, make_course):
    publish_course(make_course, pretest=True)
    make_user()
    assert_sent_to_login(client, GETS, POSTS, {"action": "submit"})
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_unknown_course_module_or_quiz_gives_404(client, learner, make_course):
    publish_course(make_course)  # no pre-test
    publish(make_course, "tanpa-ujian", course_files(exam=False))
    token = csrf_token(client, "/my")
    gets = [
        "/courses/tidak-ada/quiz/kuis",
        f"/courses/{SLUG}/quiz/tidak-ada",
        f"/courses/{SLUG}/quiz/pengantar",  # a module without a quiz
        "/courses/tidak-ada/exam",
        "/courses/tanpa-ujian/exam",
        "/courses/tidak-ada/pretest",
        f"/courses/{SLUG}/pretest",
        "/courses/tidak-ada/survey",
    ]
    posts = [
        "/courses/tidak-ada/quiz/kuis/start",
        f"/courses/{SLUG}/quiz/tidak-ada/start",
        f"/courses/{SLUG}/quiz/pengantar/start",
        "/courses/tidak-ada/exam/start",
        "/courses/tanpa-ujian/exam/start",
        "/courses/tidak-ada/pretest/start",
        "/courses/tidak-ada/pretest/skip",
        f"/courses/{SLUG}/pretest/start",
        f"/courses/{SLUG}/pretest/skip",
        "/courses/tidak-ada/survey",
    ]
    for path in gets:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Halaman tidak ditemukan" in response.get_data(as_text=True), path
    for path in posts:
        response = client.post(path, data={"csrf_token": token})
        assert response.status_code == 404, path
        assert "Halaman tidak ditemukan" in response.get_data(as_text=True), path
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0
