"""Quiz attempts: starting (draw and shuffle fixed on the server), saving, submitting once."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..domain.scoring import AskedQuestion, draw_questions, order_choices, score
from ..extensions import db
from ..learn import services as learn
from ..models import Course, CourseVersion, Enrollment, Question, QuizAttempt, User
from ..models.base import utcnow

# A submission this long after the deadline still counts as on time (slow phone networks).
GRACE = timedelta(seconds=30)
MAX_TEXT_ANSWER = 500
KINDS = ("quiz", "exam", "pretest")


class QuizError(Exception):
    """A refusal the learner should read, with the HTTP status that goes with it."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


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


def quiz_info(version: CourseVersion, section: str, kind: str) -> QuizInfo | None:
    """Describe the module quiz (section = module slug) or the final exam/pre-test (section "")."""
    if section:
        module = next((m for m in version.modules if m.slug == section), None)
        if module is None or not module.question_count:
            return None
        settings, pool, title = module.quiz_settings or {}, module.question_count, module.title
    else:
        if not version.exam_question_count:
            return None
        settings, pool = version.exam_settings or {}, version.exam_question_count
        title = "Pre-test" if kind == "pretest" else "Ujian Akhir"
    draw = settings.get("draw")
    return QuizInfo(
        section=section,
        kind=kind,
        title=title,
        pass_percent=settings.get("pass_percent") or version.pass_percent,
        attempts=1 if kind == "pretest" else settings.get("attempts") or 0,
        time_limit=settings.get("time_limit"),
        asked=min(draw, pool) if draw else pool,
        pool=pool,
        shuffle=bool(settings.get("shuffle")),
        draw=draw,
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


def open_attempt(attempts: list[QuizAttempt]) -> QuizAttempt | None:
    return next((a for a in attempts if a.submitted_at is None), None)


def _snapshot(version_id: int, info: QuizInfo) -> list[dict]:
    rows = db.session.scalars(
        select(Question)
        .where(Question.version_id == version_id, Question.section == info.section)
        .order_by(Question.position)
    ).all()
    by_qid = {row.qid: row for row in rows}
    rng = random.SystemRandom()  # learners cannot predict which questions come
    chosen = draw_questions([row.qid for row in rows], info.draw, rng)
    questions = []
    for qid in chosen:
        row = by_qid[qid]
        choices = {c["key"]: c for c in row.choices}
        order = order_choices(list(choices), info.shuffle, rng)
        questions.append(
            {
                "qid": row.qid,
                "kind": row.kind,
                "prompt_html": row.prompt_html,
                "body_html": row.body_html,
                "choices": [{"key": k, "html": choices[k]["html"]} for k in order],
                "correct": [k for k in order if choices[k]["correct"]],
                "answers": list(row.answers),
                "explanation_html": row.explanation_html,
            }
        )
    return questions


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
    existing = this_cycle(everything, since)
    current = open_attempt(existing)
    if current is not None:
        if not is_overdue(current):
            return current
        submit(current, current.responses or {})  # time ran out: kept, marked late
        everything = attempts_of(user_id, course.id, info.section, info.kind)
        existing = this_cycle(everything, since)
    if info.kind != "pretest" and any(a.passed for a in existing):
        raise QuizError("Anda sudah lulus; tidak perlu mengulang.", 409)
    if info.attempts and len(existing) >= info.attempts:
        raise QuizError(
            f"Batas {info.attempts} kali percobaan sudah habis. "
            "Hubungi pengajar bila Anda memerlukan kesempatan tambahan.",
            409,
        )
    now = utcnow()
    questions = _snapshot(version.id, info)
    attempt = QuizAttempt(
        user_id=user_id,
        course_id=course.id,
        version_id=version.id,
        section=info.section,
        kind=info.kind,
        number=max((a.number for a in everything), default=0) + 1,
        questions=questions,
        responses={},
        pass_percent=info.pass_percent,
        started_at=now,
        deadline_at=now + timedelta(minutes=info.time_limit) if info.time_limit else None,
        total=len(questions),
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        # Another tab started this attempt a moment ago: continue that one.
        db.session.commit()
        current = open_attempt(attempts_of(user_id, course.id, info.section, info.kind))
        if current is None:
            message = "Percobaan ini baru saja dimulai di tab lain; muat ulang halaman."
            raise QuizError(message, 409) from None
        return current
    if info.kind == "pretest":
        _set_pretest_status(user_id, course.id, "taken")
    db.session.commit()
    return attempt


def skip_pretest(user_id: int, course_id: int) -> None:
    _set_pretest_status(user_id, course_id, "skipped")
    db.session.commit()


def _set_pretest_status(user_id: int, course_id: int, status: str) -> None:
    learn.enrol(user_id, course_id, commit=False)
    db.session.execute(
        update(Enrollment)
        .where(
            Enrollment.user_id == user_id,
            Enrollment.course_id == course_id,
            Enrollment.pretest_status.is_(None),
        )
        .values(pretest_status=status)
    )


def is_overdue(attempt: QuizAttempt) -> bool:
    return attempt.deadline_at is not None and utcnow() > attempt.deadline_at + GRACE


def owned_attempt(attempt_id: int, user_id: int) -> QuizAttempt:
    """Return the learner's own attempt; anyone else's is simply not found."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise QuizError("Percobaan tidak ditemukan.", 404)
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
                "Jawaban dikirim untuk soal yang tidak ada di percobaan ini. "
                "Muat ulang halaman kuis lalu coba lagi."
            )
    for qid, question in by_qid.items():
        values = form.getlist(f"q-{qid}")
        if not values:
            continue
        if question["kind"] == "short":
            if len(values) != 1 or len(values[0]) > MAX_TEXT_ANSWER:
                raise QuizError(f"Jawaban isian paling panjang {MAX_TEXT_ANSWER} karakter.")
            if values[0].strip():
                responses[qid] = values[0]
            continue
        keys = {c["key"] for c in question["choices"]}
        if any(v not in keys for v in values) or len(values) != len(set(values)):
            raise QuizError(
                "Pilihan jawaban tidak dikenal. Muat ulang halaman kuis, lalu coba lagi."
            )
        if question["kind"] == "single":
            if len(values) != 1:
                raise QuizError("Soal pilihan tunggal hanya boleh satu jawaban.")
            responses[qid] = values[0]
        else:
            responses[qid] = values
    return responses


def save_responses(attempt: QuizAttempt, responses: dict) -> bool:
    """Keep answers typed so far; False if the attempt was already submitted."""
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


def submit(attempt: QuizAttempt, responses: dict) -> bool:
    """Score and record the attempt exactly once; return False if it was already submitted."""
    now = utcnow()
    late = attempt.deadline_at is not None and now > attempt.deadline_at + GRACE
    result = score(asked_questions(attempt), responses)
    graded = attempt.kind != "pretest"
    passed = graded and not late and result.passes(attempt.pass_percent)
    updated = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(
            responses=responses,
            submitted_at=now,
            correct=result.correct,
            score=result.percent,
            passed=passed if graded else None,
            late=late,
        )
    )
    if updated.rowcount != 1:  # a double click or a second tab: the first submission stands
        db.session.rollback()
        return False
    if passed:
        course = db.session.get(Course, attempt.course_id)
        learn.refresh_completion(attempt.user_id, course, commit=False)
    db.session.commit()
    db.session.refresh(attempt)
    return True


def passed_sections(user_id: int, course_id: int) -> set[str]:
    """Sections (module slugs, "" for the final exam) this learner has passed on any version."""
    return set(
        db.session.scalars(
            select(QuizAttempt.section)
            .where(
                QuizAttempt.user_id == user_id,
                QuizAttempt.course_id == course_id,
                QuizAttempt.passed.is_(True),
            )
            .distinct()
        )
    )
