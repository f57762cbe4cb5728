"""`elearn questions digest`: each author's unanswered questions since the last digest,
e-mailed through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import User
from tests.helpers import logged_in_client
from tests.helpers.mailbox import mailbox
from tests.helpers.questions import ask, last_question, opened, post, setup_course


@pytest.fixture
def asked(app, make_course, make_user, org):
    """The course's author `pengajar` (with an e-mail address) and two questions, one answered."""
    setup_course(make_course, make_user, org)
    db.session.scalar(select(User).where(User.username == "pengajar")).email = "guru@a.example"
    db.session.commit()
    learner = opened(app, "peserta")
    ask(learner, "Pertanyaan pertama saya?")
    ask(learner, "Pertanyaan kedua saya?")
    post(logged_in_client(app, "pengajar"), last_question().id, "jawab", text="Sudah.")
    return learner


def run(make_app, port: int | None):
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port} if port else {}
    app = make_app(PUBLIC_URL="https://elearn.example", **settings)
    with app.app_context():  # the command's own app, not the test's twin
        return app.test_cli_runner().invoke(args=["questions", "digest"])


def test_the_digest_mails_each_author_the_new_unanswered_questions_once(make_app, asked):
    with mailbox() as (inbox, port):
        result = run(make_app, port)
        assert result.exit_code == 0, result.output
        assert "E-mail terkirim: 1" in result.output
        [envelope] = inbox.messages
        assert envelope.rcpt_tos == ["guru@a.example"]
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert "1 pertanyaan" in message["Subject"]
        body = message.get_content()
        assert "https://elearn.example/courses/kursus-uji/pengantar/tanya#q" in body

        again = run(make_app, port)  # nothing new since: no mail
        assert again.exit_code == 0 and len(inbox.messages) == 1
        ask(asked, "Pertanyaan ketiga saya?")
        run(make_app, port)
        assert len(inbox.messages) == 2


def test_without_smtp_nothing_is_sent_and_nothing_is_marked(make_app, asked):
    result = run(make_app, None)
    assert result.exit_code == 0 and "MAIL_SERVER tidak diatur" in result.output
    with mailbox() as (inbox, port):
        assert run(make_app, port).exit_code == 0
        assert len(inbox.messages) == 1  # the questions still waited for the first mail


def test_a_refused_address_keeps_the_questions_for_the_next_run(make_app, asked):
    with mailbox(refuse={"guru@a.example"}) as (_inbox, port):
        result = run(make_app, port)
        assert result.exit_code == 1 and "gagal: 1" in result.output
    with mailbox() as (inbox, port):
        assert run(make_app, port).exit_code == 0
        assert len(inbox.messages) == 1


def test_the_reminders_job_mails_the_asker_the_answer_but_not_the_authors_each_question(
    make_app, asked
):
    db.session.scalar(select(User).where(User.username == "peserta")).email = "siti@a.example"
    db.session.commit()
    with mailbox() as (inbox, port):
        app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, PUBLIC_URL="https://e.example")
        with app.app_context():
            result = app.test_cli_runner().invoke(args=["reminders", "send"])
        assert result.exit_code == 0, result.output
        [envelope] = inbox.messages
        assert envelope.rcpt_tos == ["siti@a.example"]
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert message["Subject"].startswith("Pertanyaan Anda sudah dijawab")
        assert "https://e.example/notices" in message.get_content()
