"""Each e-mail in its recipient's language (issue 17): the stored choice of the person it
goes to, not of whoever caused it; without a choice, the language of the request or
command that sends it. Commands report in CLI_LOCALE. Mail goes through a real SMTP server
on loopback (aiosmtpd)."""

from __future__ import annotations

import re
from email import message_from_bytes, policy

from sqlalchemy import select

from elearn.extensions import db
from elearn.models import User
from tests.helpers import csrf_token, logged_in_client
from tests.helpers.assignments import assign, employees, live_course
from tests.helpers.mailbox import body, mailbox
from tests.helpers.questions import ask, opened, setup_course


def invoke(app, *args):
    with app.app_context():  # the command's own app, not the test's twin
        result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def mail_app(make_app, port, **extra):
    return make_app(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=port, PUBLIC_URL="https://elearn.example", **extra
    )


def received(inbox) -> dict[str, object]:
    messages = [message_from_bytes(m.content, policy=policy.default) for m in inbox.messages]
    return {m["To"].addresses[0].addr_spec: m for m in messages}


def overdue_pair(org):
    """Two employees behind on a course due 31 March 2026: one chose English."""
    course = live_course()
    english, indonesian = employees(org["PKM-A1"], 2, "a", email="a.example")
    english.locale = "en"
    assign(course, org["KOTA-A"])
    db.session.commit()
    return english, indonesian


def test_reminders_go_out_in_each_recipients_language(make_app, org):
    english, indonesian = overdue_pair(org)
    with mailbox() as (inbox, port):
        output = invoke(mail_app(make_app, port), "reminders", "send", "--today", "2026-04-01")
        mails = received(inbox)
    assert "E-mail: 2 terkirim, 0 gagal." in output  # the command: CLI_LOCALE, Indonesian
    to_english = mails[english.email]
    assert to_english["Subject"] == "Mandatory training overdue: Kursus Wajib"
    text = to_english.get_content()
    assert text.startswith(f"Dear {english.full_name},")
    assert "\u201cKursus Wajib\u201d is past its due date (31 March 2026)" in text
    assert "sent automatically by ELearn ASN" in text
    to_indonesian = mails[indonesian.email]
    assert to_indonesian["Subject"] == "Pelatihan wajib lewat batas waktu: Kursus Wajib"
    assert "sudah lewat batas waktu (31 Maret 2026)" in to_indonesian.get_content()


def test_the_reminder_command_reports_in_cli_locale(make_app, org):
    overdue_pair(org)
    output = invoke(make_app(CLI_LOCALE="en"), "reminders", "send", "--today", "2026-04-01")
    assert "Mandatory training reminders for 1 April 2026 (2026-04-01):" in output
    assert "Overdue: 2 new notices" in output
    assert "No e-mail sent: MAIL_SERVER (ELEARN_MAIL_SERVER) is not set." in output
    unknown = invoke(make_app(CLI_LOCALE="fr"), "reminders", "send", "--today", "2026-04-02")
    assert "Pengingat pelatihan wajib untuk 2 April 2026" in unknown  # not offered: Indonesian


def test_the_questions_digest_speaks_the_authors_language(
    app, make_app, make_course, make_user, org
):
    setup_course(make_course, make_user, org)
    author = db.session.scalar(select(User).where(User.username == "pengajar"))
    author.email, author.locale = "guru@a.example", "en"
    db.session.commit()
    ask(opened(app, "peserta"), "Bagaimana mengisi formulir ini?")
    with mailbox() as (inbox, port):
        output = invoke(mail_app(make_app, port, CLI_LOCALE="en"), "questions", "digest")
        [message] = received(inbox).values()
    assert "E-mails sent: 1, failed: 0" in output
    assert message["Subject"] == "1 learner question is waiting for your answer"
    text = message.get_content()
    assert "Learners' questions in your courses that have no answer yet:" in text
    assert ", module pengantar: https://elearn.example/courses/kursus-uji/pengantar/tanya#q" in text


def test_a_reset_code_mail_follows_the_employee_not_the_officer(app, org, make_user, mailbox):
    english = make_user("198001012006041001", unit_id=org["PKM-A1"], email="en@uji.id")
    english.locale = "en"
    indonesian = make_user("198001012006041002", unit_id=org["PKM-A1"], email="id@uji.id")
    indonesian.locale = "id"
    officer = make_user("hr-anggrek", ("hr",), scope_unit_id=org["KOTA-A"])
    officer.locale = "en"
    db.session.commit()
    hr = logged_in_client(app, "hr-anggrek")
    for user in (english, indonesian):
        token = csrf_token(hr, f"/admin/users/{user.id}")
        response = hr.post(f"/admin/users/{user.id}/reset-code", data={"csrf_token": token})
        assert response.status_code == 302
    to_english = mailbox.wait_for("en@uji.id")
    to_indonesian = mailbox.wait_for("id@uji.id")
    assert to_english["Subject"] == "ELearn ASN password reset code"
    assert to_indonesian["Subject"] == "Kode atur ulang kata sandi ELearn ASN"
    assert re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", body(to_indonesian))
    # The officer's page stays in the officer's language.
    page = hr.get(f"/admin/users/{indonesian.id}").get_data(as_text=True)
    assert 'lang="en"' in page
