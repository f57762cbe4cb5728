"""Quiz attempts: starting (draw and shuffle fixed on the server), saving, submitting once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import bindparam, inspect, select, update
from sqlalchemy.exc import IntegrityError

from ..domain.drawing import Blueprint
from ..domain.gates import Closed, answer_gate, is_late
from ..domain.scoring import AskedQuestion, score
from ..errors import Refusal
from ..extensions import db
from ..models import Course, CourseVersion, QuizAttempt, User
from ..models.base import utcnow
from ..models.catalog import PRETEST_SECTION
from ..observability import metrics
from ..progress import gates
from ..progress import services as progress
from ..xapi import events as xapi_events
from . import review
from .snapshot import seen_in_pretest, snapshot

MAX_TEXT_ANSWER = 500
KINDS = ("quiz", "exam", "pretest")


class QuizError(Refusal):
    """A quiz request the learner cannot make now (already passed, no attempts left...)."""


@dataclass
class QuizInfo:
    """What a quiz is: its settings as they apply now and how many questions are asked."""

    section: str
    kind: str
    title: str
    pass_percent: int
    attempts: int  # 0 = unlimited
    time_limit: int | None
    asked: int
    pool: int
    shuffle: bool
    draw: int | None
    source: str = ""  # the Question.section its questions are drawn from
    per_module: int | None = None  # draw_per_module: a blueprint over `modules`
    modules: tuple[str, ...] = ()

    @property
    def blueprint(self) -> Blueprint:
        return Blueprint(self.draw, self.per_module, self.modules)


def _source(version: CourseVersion, kind: str) -> tuple[dict, int, str]:
    """(settings, pool size, question section) of the final exam or the pre-test.

    The pre-test asks its own `## Pre-test` questions when the course has any; otherwise it
    is drawn from the exam pool, with the exam's settings where its own say nothing."""
    if kind == "pretest" and version.pretest_question_count:
        return version.pretest_settings or {}, version.pretest_question_count, PRETEST_SECTION
    settings = version.exam_settings or {}
    if kind == "pretest":
        settings = {**settings, **(version.pretest_settings or {})}
    return settings, version.exam_question_count, ""


def quiz_info(version: CourseVersion, section: str, kind: str) -> QuizInfo | None:
    """Describe the module quiz (section = module slug) or the final exam/pre-test (section "")."""
    source, per_module, modules = section, None, ()
    if section:
        module = next((m for m in version.modules if m.slug == section), None)
        if module is None or not module.question_count:
            return None
        settings, pool, title = module.quiz_settings or {}, module.question_count, module.title
    else:
        settings, pool, source = _source(version, kind)
        if not pool:
            return None
        title = "Prates" if kind == "pretest" else "Ujian Akhir"
        per_module = settings.get("draw_per_module")
        modules = tuple(m.slug for m in version.modules) if per_module else ()
    draw = settings.get("draw")
    return QuizInfo(
        section=section,
        kind=kind,
        title=title,
        pass_percent=settings.get("pass_percent") or version.pass_percent,
        attempts=1 if kind == "pretest" else settings.get("attempts") or 0,
        time_limit=settings.get("time_limit"),
        asked=Blueprint(draw, per_module, modules).planned(pool),
        pool=pool,
        shuffle=bool(settings.get("shuffle")),
        draw=draw,
        source=source,
        per_module=per_module,
        modules=modules,
    )


def attempts_of(user_id: int, course_id: int, section: str, kind: str) -> list[QuizAttempt]:
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(
                QuizAttempt.user_id == user_id,
                QuizAttempt.course_id == course_id,
                QuizAttempt.section == section,
                QuizAttempt.kind == kind,
            )
            .order_by(QuizAttempt.number)
        )
    )


def attempts_shown(user_id: int, course_id: int, section: str, kind: str) -> list[QuizAttempt]:
    """The attempts as pages show them: an overdue open one reads as submitted (`as_read`)."""
    return [as_read(a) for a in attempts_of(user_id, course_id, section, kind)]


def open_attempt(attempts: list[QuizAttempt]) -> QuizAttempt | None:
    return next((a for a in attempts if a.submitted_at is None), None)


def retake_start(user_id: int, course_id: int, info: QuizInfo):
    """When a yearly mandatory assignment reopens this final exam for the learner, else None.

    Attempts before that moment belong to an earlier cycle: they neither end the
    attempts ("already passed") nor use up the attempt limit of the new cycle.
    """
    if info.kind != "exam":
        return None
    from ..assignments.pages import retake_opens_at
    from ..clock import today

    return retake_opens_at(db.session.get(User, user_id), course_id, today())


def this_cycle(attempts: list[QuizAttempt], since) -> list[QuizAttempt]:
    return attempts if since is None else [a for a in attempts if a.started_at >= since]


def start_attempt(user_id: int, course: Course, version: CourseVersion, info: QuizInfo):
    """Resume the open attempt or start a new one within the attempt limit."""
    everything = attempts_of(user_id, course.id, info.section, info.kind)
    since = retake_start(user_id, course.id, info)
    current = open_attempt(this_cycle(everything, since))
    if current is not None:
        if not is_overdue(current):
            return current
        # Time ran out: the saved answers are kept, marked late, in this transaction.
        if not _record_submission(current, current.responses or {}):
            db.session.rollback()  # another tab submitted it first: read what it recorded
        everything = attempts_of(user_id, course.id, info.section, info.kind)
    try:
        _check_may_start(this_cycle(everything, since), info)
        gates.check(user_id, course.id, version, info.kind)
    except Refusal:
        db.session.commit()  # a late submission recorded above stands though none starts
        raise
    attempt = _new_attempt(user_id, course.id, version.id, info, everything)
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        # Another tab started this attempt a moment ago: continue that one.
        db.session.commit()
        current = open_attempt(attempts_of(user_id, course.id, info.section, info.kind))
        if current is None:
            message = _("Percobaan ini baru saja dimulai di tab lain; muat ulang halaman.")
            raise QuizError(message, 409) from None
        return current
    if info.kind == "pretest":
        progress.note_pretest_taken(user_id, course.id)
    else:
        progress.note_studying(user_id, course.id)
    db.session.commit()
    return attempt


def _check_may_start(existing: list[QuizAttempt], info: QuizInfo) -> None:
    """Refuse a new attempt once passed or once the attempt limit is used up."""
    if info.kind != "pretest" and any(a.passed for a in existing):
        raise QuizError(_("Anda sudah lulus; tidak perlu mengulang."), 409)
    if info.attempts and len(existing) >= info.attempts:
        raise QuizError(
            _(
                "Batas %(n)s kali percobaan sudah habis. "
                "Hubungi pengajar bila Anda memerlukan kesempatan tambahan.",
                n=info.attempts,
            ),
            409,
        )


def _new_attempt(
    user_id: int, course_id: int, version_id: int, info: QuizInfo, earlier: list[QuizAttempt]
) -> QuizAttempt:
    """The next attempt, with its questions drawn and its deadline set from now."""
    now = utcnow()
    avoid = seen_in_pretest(user_id, course_id) if info.kind == "exam" else set()
    questions = snapshot(version_id, info.source, info.blueprint, info.shuffle, avoid)
    return QuizAttempt(
        user_id=user_id,
        course_id=course_id,
        version_id=version_id,
        section=info.section,
        kind=info.kind,
        number=max((a.number for a in earlier), default=0) + 1,
        questions=questions,
        responses={},
        pass_percent=info.pass_percent,
        started_at=now,
        deadline_at=now + timedelta(minutes=info.time_limit) if info.time_limit else None,
        total=len(questions),
    )


def _late(attempt: QuizAttempt, moment) -> bool:
    return is_late(attempt.deadline_at, moment)


def is_overdue(attempt: QuizAttempt) -> bool:
    return _late(attempt, utcnow())


def as_read(attempt: QuizAttempt) -> QuizAttempt:
    """The attempt as pages show it. One left open past its deadline reads as the late
    submission of its saved answers, which the learner's next POST records: reading
    writes nothing. The copy is never added to the session."""
    if attempt.submitted_at is not None or not is_overdue(attempt):
        return attempt
    columns = {c.key: getattr(attempt, c.key) for c in inspect(QuizAttempt).column_attrs}
    return QuizAttempt(**{**columns, **_outcome(attempt, attempt.responses or {}, utcnow())})


def owned_attempt(attempt_id: int, user_id: int) -> QuizAttempt:
    """Return the learner's own attempt; anyone else's is simply not found."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise QuizError(_("Percobaan tidak ditemukan."), 404)
    return attempt


def read_responses(attempt: QuizAttempt, form) -> dict:
    """Turn posted fields `q-<qid>` into responses, refusing anything not in this attempt."""
    by_qid = {q["qid"]: q for q in attempt.questions}
    responses: dict = {}
    for field in form:
        if field in ("csrf_token", "action"):
            continue
        if not field.startswith("q-") or field[2:] not in by_qid:
            raise QuizError(
                _(
                    "Jawaban dikirim untuk soal yang tidak ada di percobaan ini. "
                    "Muat ulang halaman kuis lalu coba lagi."
                )
            )
    for qid, question in by_qid.items():
        values = form.getlist(f"q-{qid}")
        if not values:
            continue
        if question["kind"] == "short":
            if len(values) != 1 or len(values[0]) > MAX_TEXT_ANSWER:
                raise QuizError(
                    _("Jawaban isian paling panjang %(n)s karakter.", n=MAX_TEXT_ANSWER)
                )
            if values[0].strip():
                responses[qid] = values[0]
            continue
        keys = {c["key"] for c in question["choices"]}
        if any(v not in keys for v in values) or len(values) != len(set(values)):
            raise QuizError(
                _("Pilihan jawaban tidak dikenal. Muat ulang halaman kuis, lalu coba lagi.")
            )
        if question["kind"] == "single":
            if len(values) != 1:
                raise QuizError("Soal pilihan tunggal hanya boleh satu jawaban.")
            responses[qid] = values[0]
        else:
            responses[qid] = values
    return responses


def answers_closed(attempt: QuizAttempt, user_id: int) -> Closed | None:
    """Why answers for this attempt are not taken now (someone else's, submitted, past its
    time limit), or None when they are."""
    return answer_gate(
        attempt.user_id, user_id, attempt.submitted_at is not None, attempt.deadline_at, utcnow()
    )


def close_overdue(attempt: QuizAttempt) -> None:
    """Record an attempt past its time limit with the answers saved before it, late."""
    submit(attempt, attempt.responses or {})


def save_responses(attempt: QuizAttempt, responses: dict) -> bool:
    """Keep answers typed so far; False if the attempt was already submitted or its time
    is up."""
    if is_overdue(attempt):
        return False
    result = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(responses=responses, saved_at=utcnow())
    )
    db.session.commit()
    return result.rowcount == 1


def asked_questions(attempt: QuizAttempt) -> list[AskedQuestion]:
    return [
        AskedQuestion(
            qid=q["qid"],
            kind=q["kind"],
            choice_keys=tuple(c["key"] for c in q["choices"]),
            correct_keys=frozenset(q["correct"]),
            answers=tuple(q["answers"]),
        )
        for q in attempt.questions
    ]


def submit(attempt: QuizAttempt, responses: dict, late: bool | None = None) -> bool:
    """Score and record the attempt exactly once; return False if it was already submitted.
    `late` is given when the offline grace rule, not the clock, judges it."""
    if not _record_submission(attempt, responses, late):
        db.session.rollback()  # a double click or a second tab: the first submission stands
        return False
    db.session.commit()  # expires `attempt`: what reads it next loads the recorded outcome
    return True


def _outcome(attempt: QuizAttempt, responses: dict, now, late: bool | None = None) -> dict:
    """The columns a submission of `responses` at `now` records; late never passes. `late`
    is the offline grace rule's judgement when answers waited on a device for signal."""
    late = _late(attempt, now) if late is None else late
    result = score(asked_questions(attempt), responses)
    graded = attempt.kind != "pretest"
    return {
        "responses": responses,
        "submitted_at": now,
        "correct": result.correct,
        "score": result.percent,
        "passed": (not late and result.passes(attempt.pass_percent)) if graded else None,
        "late": late,
    }


SUBMISSION_COLUMNS = (
    "responses",
    "submitted_at",
    "correct",
    "score",
    "passed",
    "late",
    "review_shown",
)


@cache
def _submission_statement():
    """The submission's UPDATE, on the table (no ORM bookkeeping: the commit expires the
    attempt anyway) and built once per process. Only an attempt not yet submitted takes it,
    so a double submit changes nothing."""
    table = QuizAttempt.__table__
    return (
        update(table)
        .where(table.c.id == bindparam("attempt_id"), table.c.submitted_at.is_(None))
        .values({column: bindparam(f"new_{column}") for column in SUBMISSION_COLUMNS})
    )


def _record_submission(attempt: QuizAttempt, responses: dict, late: bool | None = None) -> bool:
    """Record the submission, and a completion it brings, in the current transaction."""
    values = _outcome(attempt, responses, utcnow(), late)
    # What its result page shows: item statistics trust only attempts that saw no key.
    values["review_shown"] = review.level_at_submission(attempt, values["passed"]).key
    params = {f"new_{column}": value for column, value in values.items()}
    updated = db.session.execute(_submission_statement(), {"attempt_id": attempt.id, **params})
    if updated.rowcount != 1:
        return False
    metrics.quiz_submitted(db.session(), attempt.kind)
    xapi_events.quiz_submitted(attempt, values["correct"], values["passed"])
    if values["passed"]:
        progress.complete_if_done(attempt.user_id, attempt.course_id)
    return True
