"""`elearn questions digest`: e-mail each author the unanswered questions of their courses
asked since the last digest (the bookmark moves only when every message went out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from .. import site_settings
from ..assignments import mail
from ..domain.questions import Waiting, digest
from ..extensions import db
from ..i18n import in_locale, number
from ..models import Course, CourseAuthor, CourseVersion, ModuleQuestion, User
from ..models.base import utcnow

Q = ModuleQuestion


@dataclass
class DigestResult:
    mail_configured: bool = False
    authors: int = 0  # authors with something to read
    questions: int = 0
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _waiting(since: datetime | None, until: datetime) -> list[Waiting]:
    stmt = select(Q.id, Q.course_id, Q.module_slug, Q.created_at).where(
        Q.answered_at.is_(None), Q.hidden_at.is_(None), Q.created_at <= until
    )
    if since is not None:
        stmt = stmt.where(Q.created_at > since)
    return [Waiting(*row) for row in db.session.execute(stmt)]


def _authors(course_ids: set[int]) -> dict[tuple[int, int], tuple[str, str, str | None]]:
    """Active authors with an e-mail address of these courses: (course, user) -> (address,
    name, language)."""
    rows = db.session.execute(
        select(CourseAuthor.course_id, User.id, User.email, User.full_name, User.locale)
        .join(User, User.id == CourseAuthor.user_id)
        .where(
            CourseAuthor.course_id.in_(course_ids),
            User.active.is_(True),
            User.email.is_not(None),
            User.email != "",
        )
    ).all()
    return {(c, u): (email, name, locale) for c, u, email, name, locale in rows}


def _titles(course_ids: set[int]) -> dict[int, tuple[str, str]]:
    rows = db.session.execute(
        select(Course.id, Course.slug, func.coalesce(CourseVersion.title, Course.slug))
        .outerjoin(CourseVersion, CourseVersion.id == Course.live_version_id)
        .where(Course.id.in_(course_ids))
    ).all()
    return {cid: (slug, title) for cid, slug, title in rows}


def _message(user_id, address, items: list[Waiting], titles, base: str) -> mail.Outgoing:
    email, name, locale = address
    with in_locale(locale):
        lines = []
        for item in items:
            slug, title = titles[item.course_id]
            line = "- " + _("%(title)s, modul %(module)s", title=title, module=item.module_slug)
            if base:
                line += f": {base}/courses/{slug}/{item.module_slug}/tanya#q{item.question_id}"
            lines.append(line)
        subject = ngettext(
            "%(num)s pertanyaan peserta menunggu jawaban Anda",
            "%(num)s pertanyaan peserta menunggu jawaban Anda",
            len(items),
        )
        body = (
            _("Yth. %(name)s,", name=name)
            + "\n\n"
            + _("Pertanyaan peserta di kursus Anda yang belum dijawab:")
            + "\n\n"
            + "\n".join(lines)
            + "\n\n"
            + _("Pesan ini dikirim otomatis oleh ELearn ASN.")
            + "\n"
        )
    return mail.Outgoing(user_id, email, name, subject, body)


def run(now: datetime | None = None) -> DigestResult:
    """Build each author's digest and send it when SMTP is configured."""
    now = now or utcnow()
    result = DigestResult()
    waiting = _waiting(site_settings.question_digest_at(), now)
    course_ids = {w.course_id for w in waiting}
    addresses = _authors(course_ids) if course_ids else {}
    per_author = digest(waiting, addresses.keys(), None)
    result.authors = len(per_author)
    result.questions = len(waiting)
    settings = mail.settings_from(current_app.config)
    result.mail_configured = settings is not None
    if settings is None:
        return result  # nothing sent: the next run (with SMTP) still has these
    titles = _titles(course_ids)
    base = str(current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    by_user = {u: address for (_c, u), address in addresses.items()}
    items = [
        _message(user_id, by_user[user_id], items, titles, base)
        for user_id, items in sorted(per_author.items())
    ]
    delivery = mail.deliver(settings, items)
    result.sent, result.failed, result.errors = len(delivery.sent), delivery.failed, delivery.errors
    if not delivery.failed and not delivery.errors:
        site_settings.set_question_digest_at(now)
    return result


def summary_lines(result: DigestResult) -> list[str]:
    """What the run did, for the command's output (in CLI_LOCALE)."""
    lines = [
        _(
            "Pertanyaan belum dijawab sejak ringkasan terakhir: %(n)s",
            n=number(result.questions),
        ),
        _("Penulis yang menerima ringkasan: %(n)s", n=number(result.authors)),
    ]
    if not result.mail_configured:
        lines.append(_("MAIL_SERVER tidak diatur: tidak ada e-mail yang dikirim."))
    else:
        lines.append(
            _(
                "E-mail terkirim: %(sent)s, gagal: %(failed)s",
                sent=number(result.sent),
                failed=number(result.failed),
            )
        )
    return lines + result.errors
