"""Answers a device kept offline, applied when the signal returns (issue 19).

Each batch is taken once and in order: the attempt keeps the number of the last batch it
took (`offline_seq`) and one UPDATE both checks and moves it, so a batch sent twice, or an
older one arriving after a newer one, changes nothing. The time limit is the server's, with
the offline grace rule of elearn/domain/gates.py.
"""

from __future__ import annotations

from enum import Enum

from sqlalchemy import or_, update
from werkzeug.datastructures import MultiDict

from ..domain.gates import offline_late, offline_written_at
from ..domain.offline_answers import OfflineBatch, as_fields, merged
from ..extensions import db
from ..models import QuizAttempt
from ..models.base import utcnow
from . import services


class Taken(Enum):
    SAVED = "saved"  # kept on the attempt, which stays open
    SUBMITTED = "submitted"  # scored, in time
    LATE = "late"  # scored, past the time limit and every grace: never passes
    ALREADY = "already"  # this batch (or a later one) was taken before
    CLOSED = "closed"  # the attempt was submitted elsewhere before this batch came


def _not_taken(attempt: QuizAttempt, seq: int) -> Taken:
    if attempt.offline_seq is not None and seq <= attempt.offline_seq:
        return Taken.ALREADY
    return Taken.CLOSED


def apply(attempt: QuizAttempt, batch: OfflineBatch) -> Taken:
    """Apply the batch to the learner's attempt (ownership checked by the caller)."""
    if attempt.submitted_at is not None or (
        attempt.offline_seq is not None and batch.seq <= attempt.offline_seq
    ):
        return _not_taken(attempt, batch.seq)
    form = MultiDict(as_fields(merged(attempt.responses or {}, batch.answers)))
    responses = services.read_responses(attempt, form)  # QuizError for what no quiz asks
    now = utcnow()
    written = offline_written_at(batch.written_at, attempt.started_at, now)
    late = offline_late(attempt.deadline_at, attempt.started_at, written, now)
    taken = db.session.execute(
        update(QuizAttempt)
        .where(
            QuizAttempt.id == attempt.id,
            QuizAttempt.submitted_at.is_(None),
            or_(QuizAttempt.offline_seq.is_(None), QuizAttempt.offline_seq < batch.seq),
        )
        .values(responses=responses, saved_at=now, offline_seq=batch.seq)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        db.session.rollback()  # the same batch from a second tab, a moment earlier
        db.session.refresh(attempt)
        return _not_taken(attempt, batch.seq)
    # Past every grace the attempt is over: its answers are recorded, late, as a POST after
    # the time limit records the saved ones.
    if not (batch.submit or late):
        db.session.commit()
        return Taken.SAVED
    services.submit(attempt, responses, late=late)  # the row is ours until this commits
    return Taken.LATE if late else Taken.SUBMITTED
