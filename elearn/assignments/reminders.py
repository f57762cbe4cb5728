"""The daily reminder run: notices for learners and unit heads, then e-mail if configured.

Everything is bulk SQL (INSERT ... SELECT), whatever the number of employees; the
unique key on notices (user, assignment, kind, due date) plus a NOT EXISTS make a
second run on the same day, or a run that was interrupted, create nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Integer, String, case, exists, func, insert, literal, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..followup.schedule import create_follow_ups
from ..i18n import in_locale, long_date, number
from ..models import (
    Assignment,
    Course,
    CourseCompletion,
    CourseVersion,
    Notice,
    User,
)
from ..models.base import UTCDateTime, utcnow
from ..models.people import OrgClosure
from ..reporting.overseers import join_unit_heads
from ..tasks import reminders as task_reminders
from . import mail
from .queries import StateSQL, cycles_for, join_notice_course, population

KINDS = ("due_soon", "overdue", "staff_overdue", "task_overdue")
# Notices older than this are not e-mailed any more (e.g. from before SMTP was set up).
EMAIL_WITHIN_DAYS = 14
EMAIL_BATCH = 100
# INSERT ... SELECT reports its row count only when asked to keep it (psycopg).
COUNTED = {"preserve_rowcount": True}
NOTICE_COLUMNS = ["user_id", "kind", "assignment_id", "due_date", "count", "created_at"]


@dataclass
class RunResult:
    today: date
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    # New follow-up questionnaires, by respondent role ("learner", "supervisor").
    follow_ups: dict[str, int] = field(default_factory=dict)
    mail_configured: bool = False
    emailed: int = 0
    email_failed: int = 0
    errors: list[str] = field(default_factory=list)


def _due_case(dues: dict[int, date], column):
    return case({aid: literal(d, Date()) for aid, d in dues.items()}, value=column)


def _not_yet(user_column, assignment_column, kind: str, due) -> object:
    return ~exists().where(
        Notice.user_id == user_column,
        Notice.assignment_id == assignment_column,
        Notice.kind == kind,
        Notice.due_date == due,
    )


def create_notices(today: date) -> dict[str, int]:
    """Add the notices `today` calls for; return how many of each kind are new."""
    rows = db.session.execute(
        select(Assignment.id, Assignment.due_date, Assignment.recurrence).where(
            Assignment.cancelled_at.is_(None)
        )
    ).all()
    cycles = cycles_for(rows, today)
    created = dict.fromkeys(KINDS, 0)
    now = literal(utcnow(), UTCDateTime())
    # Learners: "due_soon" about the coming due date, "overdue" about the missed one.
    soon = {aid: c.due for aid, c in cycles.items() if c.waiting == "due_soon" and c.due}
    late = {aid: c.previous_due for aid, c in cycles.items() if c.previous is not None}
    for kind, dues in (("due_soon", soon), ("overdue", late)):
        if not dues:
            continue
        completion = aliased(CourseCompletion)
        state = StateSQL({aid: cycles[aid] for aid in dues}, completion).state()
        due = _due_case(dues, Assignment.id)
        chosen = population(
            select(
                User.id,
                literal(kind, String()),
                Assignment.id,
                due,
                literal(1, Integer()),
                now,
            ).select_from(Assignment),
            completion,
        ).where(
            Assignment.id.in_(list(dues)),
            state == kind,
            _not_yet(User.id, Assignment.id, kind, due),
        )
        result = db.session.execute(
            insert(Notice).from_select(NOTICE_COLUMNS, chosen), execution_options=COUNTED
        )
        created[kind] = max(result.rowcount or 0, 0)
    if late:
        created["staff_overdue"] = _staff_notices(cycles, late, now)
    created["task_overdue"] = task_reminders.create_overdue_notices(
        today, current_app.config["TASK_REVIEW_DAYS"]
    )
    db.session.commit()
    return created


def _staff_notices(cycles, late: dict[int, date], now) -> int:
    """One notice per unit head and assignment: how many of their staff are overdue."""
    completion = aliased(CourseCompletion)
    state = StateSQL({aid: cycles[aid] for aid in late}, completion).state()
    head = aliased(User)
    below = aliased(OrgClosure)
    learners = population(
        select(head.id.label("head_id"), Assignment.id.label("aid")).select_from(Assignment),
        completion,
    )
    pairs = (
        join_unit_heads(learners, User, head, below)
        .where(Assignment.id.in_(list(late)), state == "overdue")
        .subquery()
    )
    due = _due_case(late, pairs.c.aid)
    grouped = (
        select(
            pairs.c.head_id,
            literal("staff_overdue", String()),
            pairs.c.aid,
            due,
            func.count(),
            now,
        )
        .where(_not_yet(pairs.c.head_id, pairs.c.aid, "staff_overdue", due))
        .group_by(pairs.c.head_id, pairs.c.aid)
    )
    result = db.session.execute(
        insert(Notice).from_select(NOTICE_COLUMNS, grouped), execution_options=COUNTED
    )
    return max(result.rowcount or 0, 0)


# --- e-mail --------------------------------------------------------------------------


# The subject and first paragraph of each kind of notice, `%(title)s` the course's and
# `%(when)s` its due date; said in the recipient's language (i18n.in_locale).
NOTICE_TEXTS = {
    "follow_up": (
        _l("Evaluasi pasca-pelatihan: %(title)s"),
        _l(
            "Anda telah menyelesaikan pelatihan \u201c%(title)s\u201d. Apakah materinya Anda "
            "terapkan di pekerjaan? Mohon isi tiga pertanyaan singkat."
        ),
    ),
    "staff_follow_up": (
        _l("Evaluasi pasca-pelatihan pegawai Anda: %(title)s"),
        _l(
            "Pegawai Anda telah menyelesaikan pelatihan \u201c%(title)s\u201d. Apakah ia "
            "menerapkannya di pekerjaan? Mohon isi tiga pertanyaan singkat."
        ),
    ),
    "due_soon": (
        _l("Pengingat pelatihan wajib: %(title)s"),
        _l("Pelatihan wajib \u201c%(title)s\u201d harus selesai paling lambat %(when)s."),
    ),
    "overdue": (
        _l("Pelatihan wajib lewat batas waktu: %(title)s"),
        _l(
            "Pelatihan wajib \u201c%(title)s\u201d sudah lewat batas waktu (%(when)s). "
            "Segera selesaikan."
        ),
    ),
    "staff_overdue": (
        _l("Pegawai belum menyelesaikan pelatihan wajib: %(title)s"),
        _l(
            "%(count)s pegawai di unit Anda belum menyelesaikan pelatihan wajib "
            "\u201c%(title)s\u201d yang batas waktunya %(when)s."
        ),
    ),
    "question_answered": (
        _l("Pertanyaan Anda sudah dijawab: %(title)s"),
        _l("Pengajar kursus \u201c%(title)s\u201d sudah menjawab pertanyaan Anda."),
    ),
    "task_submitted": (
        _l("Tugas penerapan menunggu pemeriksaan: %(title)s"),
        _l(
            "Seorang pegawai mengirim tugas penerapan kursus \u201c%(title)s\u201d untuk "
            "Anda periksa."
        ),
    ),
    "task_overdue": (
        _l("Pemeriksaan tugas penerapan lewat batas waktu: %(title)s"),
        _l(
            "Tugas penerapan kursus \u201c%(title)s\u201d sudah melewati batas waktu "
            "pemeriksaan. Segera periksa."
        ),
    ),
    "task_returned": (
        _l("Tugas penerapan dikembalikan: %(title)s"),
        _l(
            "Tugas penerapan Anda untuk kursus \u201c%(title)s\u201d dikembalikan untuk "
            "diperbaiki. Baca umpan baliknya lalu kirim perbaikan."
        ),
    ),
    "task_accepted": (
        _l("Tugas penerapan diterima: %(title)s"),
        _l("Tugas penerapan Anda untuk kursus \u201c%(title)s\u201d diterima."),
    ),
}
QUESTION_KINDS = ("question_answered",)


def notice_text(kind: str, title: str, due: date | None, count: int) -> tuple[str, str]:
    """Subject and first paragraph of a notice, in the current language."""
    subject, text = NOTICE_TEXTS.get(kind, NOTICE_TEXTS["staff_overdue"])
    values = {"title": title, "when": long_date(due), "count": number(count or 0)}
    return str(subject) % values, str(text) % values


def _mail_body(name: str, text: str) -> str:
    return (
        _("Yth. %(name)s,", name=name)
        + "\n\n"
        + text
        + "\n\n"
        + _("Pesan ini dikirim otomatis oleh ELearn ASN.")
        + "\n"
    )


def _outgoing(public_url: str) -> list[mail.Outgoing]:
    since = utcnow() - timedelta(days=EMAIL_WITHIN_DAYS)
    columns = select(
        Notice.id,
        Notice.kind,
        Notice.due_date,
        Notice.count,
        Notice.assignment_id,
        Notice.follow_up_id,
        User.email,
        User.full_name,
        Course.slug,
        func.coalesce(CourseVersion.title, Course.slug),
        Notice.submission_id,
        User.locale,
    ).join(User, User.id == Notice.user_id)
    rows = db.session.execute(
        join_notice_course(columns, required=True)
        .where(
            Notice.emailed_at.is_(None),
            Notice.read_at.is_(None),  # already seen in the application
            Notice.created_at >= since,
            # Authors read new questions in the questions digest (elearn questions digest).
            Notice.kind != "question_asked",
            User.active.is_(True),
            User.email.is_not(None),
            User.email != "",
        )
        .order_by(Notice.id)
    ).all()
    base = public_url.rstrip("/")
    items = []
    for nid, kind, due, count, aid, fid, email, name, slug, title, sid, locale in rows:
        with in_locale(locale):
            subject, text = notice_text(kind, title, due, count)
            if base:
                text += f"\n\n{base}{_notice_path(kind, aid, fid, slug, sid)}"
            items.append(mail.Outgoing(nid, email, name, subject, _mail_body(name, text)))
    return items


def _notice_path(kind: str, assignment_id, follow_up_id, slug: str, submission_id) -> str:
    """Where the e-mail of a notice leads."""
    if follow_up_id is not None:
        return f"/evaluasi/{follow_up_id}"
    if kind == "staff_overdue":
        return f"/hr/assignments/{assignment_id}?state=overdue"
    if kind in ("task_submitted", "task_overdue"):
        return f"/tugas/{submission_id}"
    if kind in ("task_returned", "task_accepted"):
        return f"/courses/{slug}/task"
    if kind in QUESTION_KINDS:
        return "/notices"  # its notice links to the question
    return f"/courses/{slug}"


def send_emails(result: RunResult) -> None:
    """E-mail the notices not yet e-mailed, over one connection; record what was sent."""
    settings = mail.settings_from(current_app.config)
    result.mail_configured = settings is not None
    if settings is None:
        return
    delivery = mail.deliver(settings, _outgoing(current_app.config.get("PUBLIC_URL") or ""))
    for start in range(0, len(delivery.sent), EMAIL_BATCH):
        batch = delivery.sent[start : start + EMAIL_BATCH]
        db.session.execute(
            Notice.__table__.update()
            .where(Notice.id.in_(batch), Notice.emailed_at.is_(None))
            .values(emailed_at=utcnow())
        )
    db.session.commit()
    result.emailed = len(delivery.sent)
    result.email_failed = delivery.failed
    result.errors.extend(delivery.errors)


def run(today: date) -> RunResult:
    """Create today's notices and follow-up questionnaires, then e-mail them when SMTP is
    configured."""
    result = RunResult(today)
    result.created = create_notices(today)
    result.follow_ups = create_follow_ups(today)
    send_emails(result)
    return result


def summary_lines(result: RunResult) -> list[str]:
    """What the run did, for the command's output (in CLI_LOCALE)."""
    created = result.created
    new = {kind: number(created[kind]) for kind in KINDS}
    lines = [
        _(
            "Pengingat pelatihan wajib untuk %(day)s (%(iso)s):",
            day=long_date(result.today),
            iso=result.today.isoformat(),
        ),
        "  " + _("Segera jatuh tempo: %(n)s pemberitahuan baru", n=new["due_soon"]),
        "  " + _("Lewat batas waktu: %(n)s pemberitahuan baru", n=new["overdue"]),
        "  " + _("Untuk kepala unit: %(n)s pemberitahuan baru", n=new["staff_overdue"]),
        "  "
        + _(
            "Pemeriksaan tugas penerapan terlambat: %(n)s pemberitahuan baru", n=new["task_overdue"]
        ),
        _(
            "Evaluasi pasca-pelatihan: %(learners)s untuk peserta, %(supervisors)s untuk atasan",
            learners=number(result.follow_ups.get("learner", 0)),
            supervisors=number(result.follow_ups.get("supervisor", 0)),
        ),
    ]
    if not result.mail_configured:
        lines.append(_("E-mail tidak dikirim: MAIL_SERVER (ELEARN_MAIL_SERVER) belum diatur."))
        return lines
    lines.append(
        _(
            "E-mail: %(sent)s terkirim, %(failed)s gagal.",
            sent=number(result.emailed),
            failed=number(result.email_failed),
        )
    )
    lines.extend("  " + _("Gagal: %(error)s", error=error) for error in result.errors)
    if result.email_failed:
        lines.append(_("E-mail yang gagal dicoba lagi pada putaran berikutnya."))
    return lines
