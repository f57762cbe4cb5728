"""POST /attempts/<id>/offline: the answers a device kept offline, sent when the signal came
back (issue 19). JSON in and out, read by elearn/static/offline.js; the CSRF token comes in
the X-CSRFToken header. Every reply says whether the device may forget the batch: `keep`
is true only when sending again later can help."""

from __future__ import annotations

from flask import Blueprint, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain.offline_answers import BatchError, read_batch
from ..errors import Refusal
from . import offline, services

bp = Blueprint("quiz_offline", __name__)


def _quiz_name(attempt) -> str:
    if attempt.kind == "pretest":
        return _("Prates")
    return _("Ujian Akhir") if attempt.kind == "exam" else _("Kuis")


def _message(taken: offline.Taken, attempt) -> str:
    name = _quiz_name(attempt)
    if taken is offline.Taken.ALREADY and attempt.submitted_at is not None:
        # Sent from two pages at once, or sent again: the learner wants the result either way.
        taken = offline.Taken.LATE if attempt.late else offline.Taken.SUBMITTED
    if taken is offline.Taken.SAVED:
        return _("Jawaban %(quiz)s yang Anda isi saat luring sudah tersimpan di server.", quiz=name)
    if taken is offline.Taken.ALREADY:
        return _("Jawaban %(quiz)s ini sudah diterima server sebelumnya.", quiz=name)
    if taken is offline.Taken.CLOSED:
        return _(
            "%(quiz)s ini sudah dikirim dari tab atau perangkat lain sebelum sinyal kembali; "
            "jawaban dari perangkat ini tidak dipakai.",
            quiz=name,
        )
    if taken is offline.Taken.LATE:
        return _(
            "Jawaban %(quiz)s terkirim setelah batas waktu (termasuk kelonggaran luring): "
            "dicatat dengan nilai %(score)s, tanpa kelulusan.",
            quiz=name,
            score=attempt.score,
        )
    if attempt.passed is None:
        return _("Jawaban %(quiz)s terkirim. Nilai Anda %(score)s.", quiz=name, score=attempt.score)
    if attempt.passed:
        return _(
            "Jawaban %(quiz)s terkirim. Nilai Anda %(score)s: lulus.",
            quiz=name,
            score=attempt.score,
        )
    return _(
        "Jawaban %(quiz)s terkirim. Nilai Anda %(score)s: belum lulus.",
        quiz=name,
        score=attempt.score,
    )


def _reply(body: dict, status: int = 200):
    body.setdefault("keep", False)
    return body, status, {"Cache-Control": "no-store"}


@bp.post("/attempts/<int:attempt_id>/offline")
@login_required
def answers(attempt_id: int):
    """Apply one batch; 200 when taken or taken before, 409 when the attempt closed first,
    422 for a batch the rules refuse (sending it again would not help)."""
    try:
        attempt = services.owned_attempt(attempt_id, current_user.id)
        batch = read_batch(request.get_json(silent=True))
        taken = offline.apply(attempt, batch)
    except BatchError:
        return _reply({"status": "refused", "message": _("Kiriman jawaban tidak terbaca.")}, 422)
    except Refusal as refusal:
        return _reply(
            {"status": "refused", "message": str(refusal.message)},
            refusal.status if refusal.status == 404 else 422,
        )
    body = {
        "status": taken.value,
        "message": _message(taken, attempt),
        "url": url_for("quiz.attempt", attempt_id=attempt.id),
        "done": attempt.submitted_at is not None,
    }
    return _reply(body, 409 if taken is offline.Taken.CLOSED else 200)
