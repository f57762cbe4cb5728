"""Sending and reviewing workplace tasks; the only module of this package that commits.

Every change is one transaction: the submission with its files and the reviewer's notice, or
the review with the learner's notice and (on acceptance) the course completion and certificate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..content.media import check_upload, human_size
from ..domain import tasks as rules
from ..extensions import db
from ..models import Notice, TaskFile, TaskReview, TaskSubmission, User
from ..models.base import utcnow
from ..progress import services as progress
from ..publishing.blobs import put_blob
from ..reporting.overseers import reviewer_of
from ..reporting.scope import scope_for
from . import queries

TEXT_MAX = 20_000
FEEDBACK_MAX = 5_000


class TaskRefused(Exception):
    """What the learner or reviewer sent cannot be kept as it is; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Upload:
    name: str
    data: bytes = field(repr=False)


def upload_problem(upload: Upload, max_bytes: int) -> tuple[str | None, str]:
    """(Indonesian message or None, MIME type) of one attached file."""
    problem, mime = check_upload(upload.name, upload.data, max_bytes)
    name = upload.name
    if problem == "type":
        allowed = "PDF, PNG, JPEG, WebP, XLSX, DOCX"
        text = _(
            "Jenis berkas “%(name)s” tidak diterima; yang diterima: %(allowed)s.",
            name=name,
            allowed=allowed,
        )
    elif problem == "size":
        text = _(
            "Berkas “%(name)s” terlalu besar (%(size)s); batasnya %(limit)s.",
            name=name,
            size=human_size(len(upload.data)),
            limit=human_size(max_bytes),
        )
    elif problem == "content":
        text = _(
            "Isi berkas “%(name)s” tidak sesuai dengan jenisnya; simpan ulang lalu unggah lagi.",
            name=name,
        )
    else:
        text = None
    return text, mime


def submit(learner: User, course_id: int, version_id: int, text: str, uploads: list[Upload]):
    """Keep a new version of the learner's work, notify their reviewer; raise TaskRefused."""
    config = current_app.config
    text = text.strip()
    if not text:
        raise TaskRefused(_("Tuliskan uraian pekerjaan Anda."))
    if len(text) > TEXT_MAX:
        raise TaskRefused(_("Uraian terlalu panjang; paling banyak %(n)s karakter.", n=TEXT_MAX))
    if len(uploads) > config["TASK_MAX_FILES"]:
        raise TaskRefused(_("Paling banyak %(n)s berkas.", n=config["TASK_MAX_FILES"]))
    checked = []
    for upload in uploads:
        problem, mime = upload_problem(upload, config["TASK_FILE_MAX_BYTES"])
        if problem:
            raise TaskRefused(problem)
        checked.append((upload, mime))
    rows = queries.submissions(learner.id, course_id)
    exam_passed = queries.exam_passed_at(learner.id, course_id) is not None
    if not rules.may_submit(queries.current_state(rows), exam_passed):
        raise TaskRefused(_("Tugas ini tidak dapat dikirim sekarang."))
    reviewer = reviewer_of(learner)
    submission = TaskSubmission(
        user_id=learner.id,
        course_id=course_id,
        version_id=version_id,
        number=len(rows) + 1,
        text=text,
        submitted_at=utcnow(),
        reviewer_id=reviewer.id if reviewer else None,
    )
    submission.files = [
        TaskFile(
            position=position,
            name=_safe_name(upload.name),
            mime=mime,
            size=len(upload.data),
            sha256=put_blob(upload.data),
        )
        for position, (upload, mime) in enumerate(checked, start=1)
    ]
    try:
        with db.session.begin_nested():
            db.session.add(submission)
            db.session.flush()
    except IntegrityError:  # sent twice at the same moment: the first one is kept
        db.session.rollback()
        raise TaskRefused(_("Tugas ini sudah terkirim.")) from None
    if reviewer is not None:
        _notify(reviewer.id, "task_submitted", submission.id)
    db.session.commit()
    return submission


def _safe_name(name: str) -> str:
    """The file's own name without any folder part, as short as a column allows."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "berkas"
    return base[-200:]


def may_review(viewer: User, learner: User) -> bool:
    """The learner's resolved reviewer (unit head up the tree, else HR) or an HR officer of
    the learner's scope; never the learner themself."""
    if viewer.id == learner.id:
        return False
    if viewer.has_role("hr") and learner.unit_id and scope_for(viewer).has_unit(learner.unit_id):
        return True
    found = reviewer_of(learner)
    return found is not None and found.id == viewer.id


def may_see(viewer: User, submission: TaskSubmission) -> bool:
    if viewer.id == submission.user_id:
        return True
    return may_review(viewer, db.session.get(User, submission.user_id))


def decide(
    viewer: User, submission: TaskSubmission, scores: list, decision: str, feedback: str
) -> TaskReview:
    """Record the reviewer's rubric levels and decision; acceptance completes the course."""
    task = queries.task_of(submission.version_id)
    feedback = feedback.strip()
    problem = rules.scores_problem(scores, task.rubric)
    if problem:
        raise TaskRefused(_("Pilih satu level untuk setiap kriteria rubrik."))
    if decision not in (rules.ACCEPTED, rules.RETURNED):
        raise TaskRefused(_("Pilih keputusan: terima atau kembalikan untuk diperbaiki."))
    if decision == rules.ACCEPTED and not rules.may_accept(scores, task.pass_level):
        raise TaskRefused(
            _(
                "Tugas hanya dapat diterima bila setiap kriteria minimal level %(n)s.",
                n=task.pass_level,
            )
        )
    if decision == rules.RETURNED and not feedback:
        raise TaskRefused(_("Tuliskan umpan balik: apa yang perlu diperbaiki."))
    if len(feedback) > FEEDBACK_MAX:
        raise TaskRefused(_("Umpan balik paling banyak %(n)s karakter.", n=FEEDBACK_MAX))
    review = TaskReview(
        submission_id=submission.id,
        reviewer_id=viewer.id,
        reviewer_position=reviewer_position(viewer),
        scores=list(scores),
        decision=decision,
        feedback=feedback,
        decided_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(review)
            db.session.flush()
    except IntegrityError:  # another reviewer decided at the same moment
        db.session.rollback()
        raise TaskRefused(_("Tugas ini sudah diperiksa.")) from None
    kind = "task_accepted" if decision == rules.ACCEPTED else "task_returned"
    _notify(submission.user_id, kind, submission.id)
    if decision == rules.ACCEPTED:
        progress.complete_if_done(submission.user_id, submission.course_id)
    db.session.commit()
    return review


def reviewer_position(viewer: User) -> str:
    """What the certificate names the verifier by: their position, else their role."""
    if viewer.position is not None:
        return viewer.position.name
    return _("Kepala unit") if viewer.has_role("supervisor") else _("Pengelola SDM")


def _notify(user_id: int, kind: str, submission_id: int) -> None:
    db.session.add(Notice(user_id=user_id, kind=kind, submission_id=submission_id))
