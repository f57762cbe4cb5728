"""The course gates asked on the server (rules in elearn/domain/gates.py): the facts they
read about a learner, and the sentence the learner reads when a gate is closed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from ..domain.completion import module_states
from ..domain.gates import Closed, CourseFacts, exam_gate, is_late, pretest_gate, survey_gate
from ..errors import Refusal
from ..extensions import plain_rows
from ..models import CourseCompletion, CourseVersion, QuizAttempt
from ..models.base import utcnow
from . import queries

MESSAGES = {
    Closed.MODULES_FIRST: _l(
        "Ujian Akhir dibuka setelah semua modul selesai. Selesaikan dulu modul yang belum, "
        "lalu kerjakan Ujian Akhir."
    ),
    Closed.PRETEST_OPEN: _l("Kirim dulu jawaban Prates Anda, lalu kerjakan Ujian Akhir."),
    Closed.PRETEST_SKIPPED: _l("Anda sudah melewati Prates kursus ini."),
    Closed.PRETEST_AFTER_STUDY: _l(
        "Prates hanya dapat dikerjakan sebelum mulai belajar, dan Anda sudah mulai "
        "mempelajari kursus ini."
    ),
    Closed.NOT_COMPLETE: _l("Survei kepuasan dibuka setelah kursus selesai."),
    Closed.NOT_FOUND: _l("Percobaan tidak ditemukan."),
    Closed.SUBMITTED: _l("Jawaban percobaan ini sudah terkirim sebelumnya; hasilnya di bawah."),
    Closed.TIME_UP: _l(
        "Waktu pengerjaan sudah habis. Jawaban yang tersimpan sebelum batas waktu sudah "
        "dikirim; jawaban yang dikirim sesudahnya tidak dihitung."
    ),
}
STATUS = {Closed.NOT_FOUND: 404}
RULES = {"exam": exam_gate, "pretest": pretest_gate, "survey": survey_gate}


class GateClosed(Refusal):
    """A step the learner may not take now; `reason` says which gate, `message` why."""

    def __init__(self, reason: Closed):
        super().__init__(str(MESSAGES[reason]), STATUS.get(reason, 409))
        self.reason = reason


@dataclass(frozen=True)
class CourseReading:
    """The gates' facts with the passed sections and the completion read on the way."""

    facts: CourseFacts
    passed: set[str]
    completion: CourseCompletion | None


def course_facts(user_id: int, course_id: int, version: CourseVersion) -> CourseFacts:
    """What the gates read about this learner in this course, in four queries."""
    enrollment = queries.enrollment(user_id, course_id)
    status = enrollment.pretest_status if enrollment else None
    return read_course(user_id, course_id, version, status).facts


@cache
def _attempts_statement():
    """Built once per process: the course page asks on every visit."""
    return select(QuizAttempt.kind, QuizAttempt.submitted_at, QuizAttempt.deadline_at).where(
        QuizAttempt.user_id == bindparam("user_id"), QuizAttempt.course_id == bindparam("course_id")
    )


def read_course(user_id: int, course_id: int, version, pretest_status: str | None) -> CourseReading:
    """course_facts for a caller who has read the enrolment's pre-test status already (a
    CourseVersion or a learn.live.VersionView), in three queries."""
    params = {"user_id": user_id, "course_id": course_id}
    attempts = plain_rows(_attempts_statement(), params).all()
    reading = queries.reading_facts(user_id, course_id)  # read modules and passed sections
    read, passed = reading.read, reading.passed
    completion = queries.completion(user_id, course_id)
    now = utcnow()
    pretests = [a for a in attempts if a.kind == "pretest"]
    facts = CourseFacts(
        modules=module_states(version.modules, read, passed),
        offers_pretest=version.offers_pretest,
        pretest_status=pretest_status,
        pretest_started=bool(pretests),
        pretest_open=any(
            a.submitted_at is None and not is_late(a.deadline_at, now) for a in pretests
        ),
        studied=bool(read) or any(a.kind != "pretest" for a in attempts),
        completed=completion is not None,
    )
    return CourseReading(facts, passed, completion)


def closed(user_id: int, course_id: int, version: CourseVersion, step: str) -> Closed | None:
    """Why the learner may not take `step` ("exam", "pretest", "survey") now, or None; a
    step without a gate (a module quiz) is always open."""
    rule = RULES.get(step)
    return None if rule is None else rule(course_facts(user_id, course_id, version))


def check(user_id: int, course_id: int, version: CourseVersion, step: str) -> None:
    """Raise GateClosed unless the learner may take `step` now."""
    reason = closed(user_id, course_id, version, step)
    if reason is not None:
        raise GateClosed(reason)
