"""Questions to the trainer (issue 17): asking under a module, answers and notices, helpful
votes, pins shown on the module page, the admin's visibility setting, reports and hiding,
the /author list, rate limits and hostile input."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import AuditLog, ModuleQuestion, Notice, User
from tests.helpers import count_queries, csrf_token, logged_in_client
from tests.helpers.questions import (
    MODULE_PAGE,
    THREAD,
    ask,
    last_question,
    opened,
    post,
    question_ids,
    setup_course,
)


@pytest.fixture
def course_id(app, make_course, make_user, org) -> int:
    return setup_course(make_course, make_user, org)


def _user(username: str) -> int:
    return db.session.scalar(select(User.id).where(User.username == username))


def _notices(username: str, kind: str) -> list[Notice]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notice).where(Notice.user_id == _user(username), Notice.kind == kind)
        )
    )


def _answered(app, text="Antrean **urut** datang.") -> tuple:
    learner = opened(app, "peserta")
    assert ask(learner).status_code == 302
    question = last_question()
    trainer = logged_in_client(app, "pengajar")
    assert post(trainer, question.id, "jawab", text=text).status_code == 302
    return learner, trainer, last_question()


def test_a_learner_asks_and_the_authors_are_notified(app, course_id):
    learner = opened(app, "peserta")
    response = ask(
        learner, "Bagaimana **antrean**?<script>alert(1)</script> ![x](https://jejak.example/p.gif)"
    )
    assert response.status_code == 302 and "/tanya#q" in response.headers["Location"]
    question = last_question()
    assert question.course_id == course_id and question.module_slug == "pengantar"
    assert "<strong>antrean</strong>" in question.body_html
    assert "<script" not in question.body_html and "<img" not in question.body_html
    [notice] = _notices("pengajar", "question_asked")
    assert notice.question_id == question.id
    page = learner.get(THREAD).get_data(as_text=True)
    assert "<strong>antrean</strong>" in page and "Belum dijawab" in page
    notices = logged_in_client(app, "pengajar").get("/notices").get_data(as_text=True)
    assert "Ada pertanyaan baru" in notices and f"/tanya#q{question.id}" in notices


@pytest.mark.parametrize("text", ["", "pendek", "x" * 2001])
def test_a_question_outside_the_bounds_is_refused(app, course_id, text):
    learner = opened(app, "peserta")
    response = ask(learner, text)
    assert response.status_code == 302
    assert last_question() is None
    assert "karakter" in learner.get(THREAD).get_data(as_text=True)


def test_only_a_learner_who_opened_the_module_asks(app, course_id):
    client = logged_in_client(app, "peserta-dua")  # never opened the course
    token = csrf_token(client, THREAD)
    response = client.post(THREAD, data={"csrf_token": token, "text": "Pertanyaan tanpa membuka?"})
    assert response.status_code == 302 and response.headers["Location"].endswith(MODULE_PAGE)
    assert last_question() is None
    assert client.get("/courses/kursus-uji/tidak-ada/tanya").status_code == 404


def test_an_author_answers_and_the_asker_is_notified(app, course_id):
    learner, trainer, question = _answered(app)
    assert "<strong>urut</strong>" in question.answer_html and question.answered_at
    assert len(_notices("peserta", "question_answered")) == 1
    # A rewrite keeps one notice.
    post(trainer, question.id, "jawab", text="Antrean urut kedatangan.")
    assert len(_notices("peserta", "question_answered")) == 1
    assert "kedatangan" in learner.get(THREAD).get_data(as_text=True)


def test_nobody_but_the_course_authors_answers(app, course_id, make_user, org):
    opened_learner = opened(app, "peserta")
    ask(opened_learner)
    question = last_question()
    make_user("pengajar-lain", ("trainer",), unit_id=org["PKM-A1"])
    other = opened(app, "pengajar-lain")
    assert post(other, question.id, "jawab", text="Bukan kursus saya").status_code == 404
    assert post(opened_learner, question.id, "jawab", text="Jawab sendiri").status_code == 403
    assert last_question().answered_at is None


def test_helpful_votes_count_once_per_learner(app, course_id):
    learner, _trainer, question = _answered(app)
    assert post(learner, question.id, "membantu").status_code == 302
    assert post(learner, question.id, "membantu").status_code == 302
    assert last_question().helpful_count == 1
    assert "Anda menandai jawaban ini membantu" in learner.get(THREAD).get_data(as_text=True)


def test_an_unanswered_question_takes_no_vote(app, course_id):
    learner = opened(app, "peserta")
    ask(learner)
    post(learner, last_question().id, "membantu")
    assert last_question().helpful_count == 0


def test_a_pinned_answer_shows_on_the_module_page_of_later_learners(app, course_id):
    _learner, trainer, question = _answered(app, "Jawaban **tersemat**.")
    later = opened(app, "peserta-bakung")  # another government: pins are for every learner
    assert "tersemat" not in later.get(MODULE_PAGE).get_data(as_text=True)
    assert post(trainer, question.id, "sematkan", state="1").status_code == 302
    page = later.get(MODULE_PAGE).get_data(as_text=True)
    assert "Tanya-jawab" in page and "<strong>tersemat</strong>" in page
    assert post(later, question.id, "sematkan", state="0").status_code == 403
    post(trainer, question.id, "sematkan", state="0")
    assert "tersemat" not in later.get(MODULE_PAGE).get_data(as_text=True)


def test_an_unanswered_question_cannot_be_pinned(app, course_id):
    learner = opened(app, "peserta")
    ask(learner)
    trainer = logged_in_client(app, "pengajar")
    post(trainer, last_question().id, "sematkan", state="1")
    assert last_question().pinned_at is None
    assert post(trainer, last_question().id, "sematkan", state="x").status_code == 400


def test_learners_read_only_their_own_until_the_admin_opens_their_government(app, course_id):
    asker = opened(app, "peserta")
    ask(asker, "Pertanyaan dari Anggrek Satu?")
    question = last_question()
    same, other = opened(app, "peserta-dua"), opened(app, "peserta-bakung")
    assert question_ids(same.get(THREAD).get_data(as_text=True)) == []
    assert post(same, question.id, "laporkan").status_code == 404

    admin = logged_in_client(app, "admin")
    token = csrf_token(admin, "/admin/tanya-jawab")
    response = admin.post(
        "/admin/tanya-jawab", data={"csrf_token": token, "visibility": "government"}
    )
    assert response.status_code == 302
    assert question_ids(same.get(THREAD).get_data(as_text=True)) == [question.id]
    assert "1 pertanyaan" in same.get(MODULE_PAGE).get_data(as_text=True)
    assert question_ids(other.get(THREAD).get_data(as_text=True)) == []
    assert post(other, question.id, "membantu").status_code == 404
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "site_setting.change"))


def test_the_setting_is_for_admins_only(app, course_id):
    for username in ("peserta", "pengajar", "hr-anggrek"):
        client = logged_in_client(app, username)
        assert client.get("/admin/tanya-jawab").status_code == 403
    admin = logged_in_client(app, "admin")
    assert "Pertanyaan peserta" in admin.get("/admin/").get_data(as_text=True)
    token = csrf_token(admin, "/admin/tanya-jawab")
    bad = admin.post("/admin/tanya-jawab", data={"csrf_token": token, "visibility": "semua"})
    assert bad.status_code == 422
    assert admin.post("/admin/tanya-jawab", data={"visibility": "own"}).status_code == 400


def test_reports_and_hiding_by_the_officers_of_that_government(app, course_id):
    asker = opened(app, "peserta")
    ask(asker, "Pertanyaan kasar sekali!")
    question = last_question()
    admin = logged_in_client(app, "admin")
    token = csrf_token(admin, "/admin/tanya-jawab")
    admin.post("/admin/tanya-jawab", data={"csrf_token": token, "visibility": "government"})
    reader = opened(app, "peserta-dua")
    assert post(reader, question.id, "laporkan", reason="Kasar").status_code == 302
    post(reader, question.id, "laporkan", reason="Lagi")
    assert last_question().report_count == 1
    assert post(asker, question.id, "laporkan").status_code == 302  # own: refused
    assert last_question().report_count == 1

    foreign_hr = logged_in_client(app, "hr-bakung")
    assert post(foreign_hr, question.id, "sembunyikan", state="1").status_code == 404
    hr = logged_in_client(app, "hr-anggrek")
    assert "1 laporan" in hr.get(THREAD).get_data(as_text=True)
    assert post(hr, question.id, "sembunyikan", state="1").status_code == 302
    assert last_question().hidden_at is not None
    for client in (asker, reader):
        assert question_ids(client.get(THREAD).get_data(as_text=True)) == []
    assert question.id in question_ids(
        logged_in_client(app, "pengajar").get(THREAD).get_data(as_text=True)
    )
    post(hr, question.id, "sembunyikan", state="0")
    assert question_ids(reader.get(THREAD).get_data(as_text=True)) == [question.id]
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"question.report", "question.hide", "question.unhide"} <= actions


def test_a_learner_cannot_hide(app, course_id):
    asker = opened(app, "peserta")
    ask(asker)
    assert post(asker, last_question().id, "sembunyikan", state="1").status_code == 403


def test_trainers_see_unanswered_questions_on_author(app, course_id):
    learner = opened(app, "peserta")
    ask(learner)
    ask(learner, "Pertanyaan kedua di modul ini?")
    trainer = logged_in_client(app, "pengajar")
    page = trainer.get("/author/").get_data(as_text=True)
    assert "2 pertanyaan belum dijawab" in page and THREAD in page
    post(trainer, last_question().id, "jawab", text="Sudah dijawab.")
    assert "1 pertanyaan belum dijawab" in trainer.get("/author/").get_data(as_text=True)


def test_asking_is_rate_limited(make_app, make_course, make_user, org):
    app = make_app(QUESTION_ASK_RATE_LIMIT="2 per hour")
    setup_course(make_course, make_user, org)
    learner = opened(app, "peserta")
    assert ask(learner).status_code == 302
    assert ask(learner, "Pertanyaan kedua saya?").status_code == 302
    assert ask(learner, "Pertanyaan ketiga saya?").status_code == 429
    assert db.session.query(ModuleQuestion).count() == 2


def test_hostile_ids_and_states_answer_404_or_400(app, course_id):
    learner = opened(app, "peserta")
    assert post(learner, 999999, "membantu").status_code == 404
    assert post(learner, 2**40, "membantu").status_code == 404
    ask(learner)
    token = csrf_token(learner, THREAD)
    assert learner.post(f"/tanya/{last_question().id}/membantu").status_code == 400
    assert learner.post(THREAD, data={"text": "Tanpa token CSRF?"}).status_code == 400
    assert learner.post(THREAD, data={"csrf_token": token, "text": ["a", "b"]}).status_code == 302


def test_the_module_page_and_the_thread_keep_their_statement_budgets(app, course_id):
    """Module page: at most one statement more than before (5); the thread: 4 for a learner,
    5 for an author (the authors' check), however many questions and pins there are."""
    learner, trainer, question = _answered(app)
    for n in range(3):
        ask(learner, f"Pertanyaan tambahan nomor {n}?")
    post(trainer, question.id, "sematkan", state="1")
    learner.get(MODULE_PAGE)  # the resume pointer is here
    for client, page, budget in (
        (learner, MODULE_PAGE, 5),
        (learner, THREAD, 4),
        (trainer, THREAD, 5),
    ):
        with count_queries() as statements:
            assert client.get(page).status_code == 200
        assert len(statements) <= budget, (page, statements)


def test_moderators_list_the_reported_questions_they_may_hide(app, course_id):
    asker = opened(app, "peserta")
    ask(asker, "Pertanyaan yang **dilaporkan** orang?")
    question = last_question()
    admin = logged_in_client(app, "admin")
    token = csrf_token(admin, "/admin/tanya-jawab")
    admin.post("/admin/tanya-jawab", data={"csrf_token": token, "visibility": "government"})
    post(opened(app, "peserta-dua"), question.id, "laporkan", reason="Kasar")
    for username in ("pengajar", "hr-anggrek", "admin"):
        page = logged_in_client(app, username).get("/tanya/dilaporkan").get_data(as_text=True)
        assert "<strong>dilaporkan</strong>" in page and "1 laporan" in page, username
    page = logged_in_client(app, "hr-bakung").get("/tanya/dilaporkan").get_data(as_text=True)
    assert "dilaporkan</strong>" not in page and "Tidak ada pertanyaan" in page
    assert logged_in_client(app, "peserta").get("/tanya/dilaporkan").status_code == 403
