"""What learners did: enrolments and modules read, keyed by module slug so versions share them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class LearnerCourseRow:
    """Columns of a row about one learner in one course, deleted with either of them.

    sort_order=-1 keeps them before the class's own columns (a mixin's come last otherwise),
    where the migrations created them.
    """

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), sort_order=-1)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), index=True, sort_order=-1
    )


class Enrollment(LearnerCourseRow, db.Model):
    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_module_slug: Mapped[str | None] = mapped_column(String(100))
    last_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # None until the pre-test is offered and answered: "taken" or "skipped".
    pretest_status: Mapped[str | None] = mapped_column(String(10))


class ModuleProgress(LearnerCourseRow, db.Model):
    __tablename__ = "module_progress"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "module_slug"),)

    module_slug: Mapped[str] = mapped_column(String(100))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The version the learner read it on; later versions still count it while the slug exists.
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_versions.id", ondelete="SET NULL"), index=True
    )


class QuizAttempt(LearnerCourseRow, db.Model):
    """One attempt at a module quiz, the final exam, or the pre-test.

    `questions` freezes what was asked (order, choices, answer key) when the attempt
    started, so a republished course never changes how it is scored.
    """

    __tablename__ = "quiz_attempts"
    __table_args__ = (
        # Concurrent starts race for the same number; the loser resumes the winner's attempt.
        UniqueConstraint("user_id", "course_id", "section", "kind", "number"),
        Index("ix_quiz_attempts_user_course", "user_id", "course_id"),
    )

    version_id: Mapped[int] = mapped_column(ForeignKey("course_versions.id"), index=True)
    section: Mapped[str] = mapped_column(String(100))  # module slug, "" for the final exam
    kind: Mapped[str] = mapped_column(String(10))  # "quiz", "exam" or "pretest"
    number: Mapped[int]
    questions: Mapped[list] = mapped_column(JSON)
    responses: Mapped[dict] = mapped_column(JSON, default=dict)
    pass_percent: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    correct: Mapped[int | None]
    total: Mapped[int]
    score: Mapped[int | None]
    passed: Mapped[bool | None]
    late: Mapped[bool] = mapped_column(default=False)
    # The review level its result page showed (score, modules, marks, full); None on attempts
    # from before review levels, which showed everything.
    review_shown: Mapped[str | None] = mapped_column(String(10))
    # The last batch of answers a device sent after answering offline (issue 19): its own
    # increasing number, so a batch sent twice or out of order changes nothing.
    offline_seq: Mapped[int | None] = mapped_column(BigInteger)


class CourseCompletion(LearnerCourseRow, db.Model):
    """A course completed once per learner, crediting its JP in the year of completion."""

    __tablename__ = "course_completions"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id"),
        # Covers the yearly JP report: sum(jp) by learner without touching the table.
        Index("ix_course_completions_year_user", "year", "user_id", "jp"),
    )

    version_id: Mapped[int] = mapped_column(ForeignKey("course_versions.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    year: Mapped[int] = mapped_column()  # calendar year in Asia/Jakarta
    jp: Mapped[int]
    final_score: Mapped[int | None]
    pretest_score: Mapped[int | None]


class SurveyResponse(LearnerCourseRow, db.Model):
    """Satisfaction survey (Kirkpatrick level 1): one per learner and course."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    version_id: Mapped[int] = mapped_column(ForeignKey("course_versions.id"))
    relevance: Mapped[int]
    clarity: Mapped[int]
    usefulness: Mapped[int]
    ease: Mapped[int]
    recommend: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReflectionNote(LearnerCourseRow, db.Model):
    """A learner's private answer to a module's `## Renungkan` case: one per learner, course
    and module slug, seen by that learner only (no report, export or officer page reads it)."""

    __tablename__ = "reflection_notes"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "module_slug"),)

    module_slug: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
