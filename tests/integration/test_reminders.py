"""`elearn reminders send`: idempotent notices, unit heads' counts, e-mail via local SMTP."""

from __future__ import annotations

import socket
from datetime import date
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import Course, Notice
from tests.helpers import count_queries, logged_in_client
from tests.helpers.assignments import assign, at, complete, employees, live_course
from tests.helpers.mailbox import Inbox
from tests.helpers.tasks import insert_submission, publish_task_course


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """Start a local SMTP server on a free port; yields (start, port) to control it."""
    port = free_port()
    controllers = []

    def start(refuse=()):
        inbox = Inbox(refuse)
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        return inbox

    yield start, port
    for controller in controllers:
        controller.stop()


def notices(kind=None) -> list[Notice]:
    db.session.expire_all()
    stmt = select(Notice).order_by(Notice.user_id, Notice.kind, Notice.due_date)
    if kind:
        stmt = stmt.where(Notice.kind == kind)
    return list(db.session.scalars(stmt))


def send(runner, day: str):
    result = runner.invoke(args=["reminders", "send", "--today", day])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def setup(org, make_user):
    """One course required of government A by 31 March 2026, two unit heads."""
    course = live_course()
    a1 = employees(org["PKM-A1"], 3, "a", email="a.example")  # a000..a002
    a2 = employees(org["PKM-A2"], 2, "b")  # no e-mail address
    other = employees(org["PKM-B1"], 1, "z")
    complete(a1[0], course, at(2026, 3, 1))
    row = assign(course, org["KOTA-A"])
    assign(course, org["DINKES-B"], cancelled=True)  # cancelled: nobody is reminded
    head = make_user("kapus", roles=("supervisor",), unit_id=org["PKM-A1"], email="kapus@a.example")
    dinkes = make_user("kadis", roles=("supervisor",), scope_unit_id=org["DINKES-A"])
    make_user("hr-a", roles=("hr",), scope_unit_id=org["KOTA-A"], unit_id=org["KOTA-A"])
    db.session.commit()
    return {"course": course, "a1": a1, "a2": a2, "other": other, "row": row,
            "head": head, "kadis": dinkes}  # fmt: skip


def summary(output: str) -> dict[str, int]:
    found = {}
    for label, kind in (
        ("Segera jatuh tempo", "due_soon"),
        ("Lewat batas waktu", "overdue"),
        ("Untuk kepala unit", "staff_overdue"),
    ):
        line = next(x for x in output.splitlines() if x.strip().startswith(label))
        found[kind] = int(line.split(":")[1].split()[0])
    return found


def test_reminders_are_created_once(runner, setup):
    output = send(runner, "2026-03-20")  # 11 days before: not yet
    assert summary(output) == {"due_soon": 0, "overdue": 0, "staff_overdue": 0}
    assert "Pengingat pelatihan wajib untuk 20 Maret 2026 (2026-03-20):" in output
    assert "E-mail tidak dikirim: MAIL_SERVER (ELEARN_MAIL_SERVER) belum diatur." in output

    output = send(runner, "2026-03-24")  # 7 days before
    # a001, a002, b000, b001, kapus, hr-a (placed in KOTA-A); not a000 (done), not z000
    assert summary(output) == {"due_soon": 6, "overdue": 0, "staff_overdue": 0}
    assert summary(send(runner, "2026-03-24"))["due_soon"] == 0
    assert summary(send(runner, "2026-03-30"))["due_soon"] == 0  # same due date: once
    assert {n.due_date for n in notices("due_soon")} == {date(2026, 3, 31)}

    output = send(runner, "2026-04-01")
    assert summary(output) == {"due_soon": 0, "overdue": 6, "staff_overdue": 2}
    staff = {n.user_id: n.count for n in notices("staff_overdue")}
    # kapus: a001, a002 (not himself); kadis (DINKES-A): a001, a002, b000, b001, kapus
    assert staff == {setup["head"].id: 2, setup["kadis"].id: 5}
    assert {n.due_date for n in notices("staff_overdue")} == {date(2026, 3, 31)}
    assert summary(send(runner, "2026-04-01")) == {"due_soon": 0, "overdue": 0, "staff_overdue": 0}
    assert summary(send(runner, "2026-04-09")) == {"due_soon": 0, "overdue": 0, "staff_overdue": 0}
    assert len(notices()) == 6 + 6 + 2


def test_yearly_assignment_reminds_again_each_year(runner, org, make_user):
    course = live_course()
    [done, missed] = employees(org["PKM-A1"], 2, "a")
    complete(done, course, at(2025, 3, 1))
    assign(course, org["PKM-A1"], due=date(2025, 3, 31), recurrence="yearly")
    assert summary(send(runner, "2025-04-01"))["overdue"] == 1  # missed 2025
    # 2026: `done` met 2025 but cannot complete again without a retake: due soon, then overdue
    assert summary(send(runner, "2026-03-25"))["due_soon"] == 1
    assert summary(send(runner, "2026-04-01"))["overdue"] == 2
    assert {(n.user_id, n.due_date) for n in notices("overdue")} == {
        (missed.id, date(2025, 3, 31)),
        (missed.id, date(2026, 3, 31)),
        (done.id, date(2026, 3, 31)),
    }


def test_inactive_users_and_unit_heads_elsewhere_get_nothing(runner, org, make_user):
    course = live_course()
    [gone] = employees(org["PKM-A1"], 1, "a")
    gone.active = False
    [kept] = employees(org["PKM-A2"], 1, "b")
    db.session.commit()
    assign(course, org["DINKES-A"])
    make_user("kapus-b", roles=("supervisor",), unit_id=org["PKM-B1"])
    head = make_user("kapus-a1", roles=("supervisor",), unit_id=org["PKM-A1"])
    assert summary(send(runner, "2026-04-01")) == {"due_soon": 0, "overdue": 2, "staff_overdue": 0}
    assert {n.user_id for n in notices("overdue")} == {kept.id, head.id}


def test_query_count_does_not_grow_with_learners(runner, org, make_user):
    course = live_course()
    make_user("kapus", roles=("supervisor",), unit_id=org["PKM-A1"])
    assign(course, org["KOTA-A"])
    assign(course, org["PKM-A2"], due=date(2026, 4, 5))
    employees(org["PKM-A1"], 2, "a")
    with count_queries() as few:
        send(runner, "2026-04-01")
    employees(org["PKM-A2"], 40, "b")
    employees(org["KEL-A1"], 10, "k")
    with count_queries() as many:
        output = send(runner, "2026-04-02")
    assert summary(output) == {"due_soon": 40, "overdue": 50, "staff_overdue": 0}
    assert few and len(few) == len(many)


def test_bad_date_is_refused_in_indonesian(runner):
    result = runner.invoke(args=["reminders", "send", "--today", "31-03-2026"])
    assert result.exit_code == 2
    assert "tanggal harus berformat TTTT-BB-HH, misalnya 2026-03-31" in result.output


def test_without_date_uses_today(runner, setup):
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0 and "Pengingat pelatihan wajib untuk" in result.output


# --- e-mail --------------------------------------------------------------------------


class AppRunner:
    """Runs commands inside its own app's context (the test already holds another one)."""

    def __init__(self, app):
        self.app = app

    def invoke(self, **kwargs):
        with self.app.app_context():
            return self.app.test_cli_runner().invoke(**kwargs)


def mail_runner(make_app, port, **extra):
    return AppRunner(
        make_app(
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=port,
            MAIL_FROM="elearn@bkpsdm.example",
            PUBLIC_URL="https://elearn.example.go.id",
            **extra,
        )
    )


def test_new_notices_are_emailed_once(make_app, setup, smtp_server):
    start, port = smtp_server
    inbox = start()
    runner = mail_runner(make_app, port)
    output = send(runner, "2026-04-01")
    # overdue: a001, a002 (with e-mail), b000, b001 (none), kapus (has one), hr-a (none);
    # staff_overdue: kapus (e-mail), kadis (none)
    assert "E-mail: 4 terkirim, 0 gagal." in output
    assert sorted(m.rcpt_tos[0] for m in inbox.messages) == [
        "a001@a.example",
        "a002@a.example",
        "kapus@a.example",
        "kapus@a.example",
    ]
    mails = [message_from_bytes(m.content, policy=policy.default) for m in inbox.messages]
    overdue = next(m for m in mails if "a001@a.example" in m["To"])
    assert overdue["To"] == "Pegawai A 001 <a001@a.example>"
    assert overdue["Subject"] == "Pelatihan wajib lewat batas waktu: Kursus Wajib"
    assert overdue["From"] == "elearn@bkpsdm.example"
    body = overdue.get_content()
    assert body.startswith("Yth. Pegawai A 001,")
    assert (
        "Pelatihan wajib \u201cKursus Wajib\u201d sudah lewat batas waktu (31 Maret 2026)" in body
    )
    assert "https://elearn.example.go.id/courses/wajib" in body
    staff = next(m.get_content() for m in mails if "2 pegawai di unit Anda" in m.get_content())
    assert f"https://elearn.example.go.id/hr/assignments/{setup['row'].id}?state=overdue" in staff
    emailed = [n for n in notices() if n.emailed_at is not None]
    assert len(emailed) == 4
    output = send(runner, "2026-04-01")
    assert "E-mail: 0 terkirim, 0 gagal." in output
    assert len(inbox.messages) == 4


def test_smtp_down_is_reported_and_retried(make_app, setup, smtp_server):
    start, port = smtp_server
    runner = mail_runner(make_app, port)
    output = send(runner, "2026-04-01")  # nobody listens on the port yet
    assert "E-mail: 0 terkirim, 4 gagal." in output
    assert f"Tidak dapat terhubung ke server e-mail 127.0.0.1:{port}" in output
    assert "E-mail yang gagal dicoba lagi pada putaran berikutnya." in output
    assert all(n.emailed_at is None for n in notices())
    inbox = start()
    output = send(runner, "2026-04-02")
    assert summary(output) == {"due_soon": 0, "overdue": 0, "staff_overdue": 0}
    assert "E-mail: 4 terkirim, 0 gagal." in output
    assert len(inbox.messages) == 4


def test_a_refused_recipient_fails_alone(make_app, setup, smtp_server):
    start, port = smtp_server
    inbox = start(refuse={"a002@a.example"})
    runner = mail_runner(make_app, port)
    output = send(runner, "2026-04-01")
    assert "E-mail: 3 terkirim, 1 gagal." in output
    assert "E-mail ke a002@a.example gagal" in output
    assert len(inbox.messages) == 3
    [pending] = [n for n in notices() if n.emailed_at is None and n.user_id == setup["a1"][2].id]
    assert pending.kind == "overdue"


def test_read_notices_are_not_emailed(make_app, setup, smtp_server):
    start, port = smtp_server
    send(AppRunner(make_app()), "2026-04-01")  # no SMTP configured at first
    for notice in notices():
        if notice.user_id == setup["head"].id:
            notice.read_at = at(2026, 4, 1)
    db.session.commit()
    inbox = start()
    output = send(mail_runner(make_app, port), "2026-04-01")
    assert "E-mail: 2 terkirim, 0 gagal." in output  # kapus read his in the application
    assert sorted(m.rcpt_tos[0] for m in inbox.messages) == ["a001@a.example", "a002@a.example"]


def test_starttls_refused_is_reported(make_app, setup, smtp_server):
    start, port = smtp_server
    start()
    runner = mail_runner(make_app, port, MAIL_USE_TLS=True, MAIL_USERNAME="u", MAIL_PASSWORD="p")
    output = send(runner, "2026-04-01")
    assert "E-mail: 0 terkirim, 4 gagal." in output
    assert f"Server e-mail 127.0.0.1:{port} menolak sambungan" in output


def test_follow_up_questionnaires_are_emailed_with_their_link(make_app, setup, smtp_server):
    """a000 completed on 1 March: on 30 April they and their unit head (kapus) are asked."""
    start, port = smtp_server
    inbox = start()
    runner = mail_runner(make_app, port)
    send(runner, "2026-04-01")  # the overdue notices first, e-mailed on their own
    inbox.messages.clear()
    output = send(runner, "2026-04-30")
    assert "Evaluasi pasca-pelatihan: 1 untuk peserta, 1 untuk atasan" in output
    assert "E-mail: 2 terkirim, 0 gagal." in output
    mails = {
        m.rcpt_tos[0]: message_from_bytes(m.content, policy=policy.default) for m in inbox.messages
    }
    ids = {n.user_id: n.follow_up_id for n in notices() if n.follow_up_id}
    learner = mails["a000@a.example"]
    assert learner["Subject"] == "Evaluasi pasca-pelatihan: Kursus Wajib"
    link = f"https://elearn.example.go.id/evaluasi/{ids[setup['a1'][0].id]}"
    assert link in learner.get_content()
    head = mails["kapus@a.example"]
    assert head["Subject"] == "Evaluasi pasca-pelatihan pegawai Anda: Kursus Wajib"
    assert f"/evaluasi/{ids[setup['head'].id]}" in head.get_content()
    assert "E-mail: 0 terkirim" in send(runner, "2026-04-30")


def test_workplace_task_notices_are_emailed_and_late_reviews_noticed_once(
    make_app, make_course, make_user, org, smtp_server
):
    start, port = smtp_server
    inbox = start()
    course_id = publish_task_course(make_course)
    learner = make_user("peserta", ("learner",), "Siti", unit_id=org["PKM-A1"], email="s@a.example")
    head = make_user("kapus", ("supervisor",), "Andi", unit_id=org["PKM-A1"], email="k@a.example")
    version_id = db.session.get(Course, course_id).live_version_id
    submission = insert_submission(learner.id, course_id, version_id, "Laporan")
    submission.reviewer_id = head.id
    submission.submitted_at = at(2026, 3, 1)
    db.session.add(Notice(user_id=head.id, kind="task_submitted", submission_id=submission.id))
    db.session.commit()
    runner = mail_runner(make_app, port)
    output = send(runner, "2026-03-08")  # 7 days: due today, not yet late
    assert "Pemeriksaan tugas penerapan terlambat: 0 pemberitahuan baru" in output
    assert "E-mail: 1 terkirim, 0 gagal." in output
    [mail] = [message_from_bytes(m.content, policy=policy.default) for m in inbox.messages]
    assert mail["Subject"] == "Tugas penerapan menunggu pemeriksaan: Kursus Kuis"
    assert f"https://elearn.example.go.id/tugas/{submission.id}" in mail.get_content()
    assert "terlambat: 1 pemberitahuan baru" in send(runner, "2026-03-10")
    assert "terlambat: 0 pemberitahuan baru" in send(runner, "2026-03-11")
    assert [n.user_id for n in notices("task_overdue")] == [head.id]
    page = logged_in_client(runner.app, "kapus").get("/notices").get_data(as_text=True)
    assert "sudah melewati batas waktu pemeriksaan" in page
    assert f"/tugas/{submission.id}" in page
    assert len(inbox.messages) == 2
