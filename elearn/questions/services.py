"""Writing questions: ask, answer, mark helpful, pin, report, hide. Each call is one
transaction and commits; Markdown is rendered (and sanitized) once, here."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..content.render import render_user_text
from ..extensions import db
from ..models import CourseAuthor, ModuleQuestion, Notice, QuestionReport, QuestionVote
from ..models.base import utcnow
from ..reporting.governments import government_of


def ask(user, course_id: int, module_slug: str, text: str) -> ModuleQuestion:
    """Store the learner's question and notify every author of the course."""
    row = ModuleQuestion(
        course_id=course_id,
        module_slug=module_slug,
        asker_id=user.id,
        government_id=government_of(user.unit_id),
        body_md=text,
        body_html=render_user_text(text),
        helpful_count=0,
        report_count=0,
    )
    db.session.add(row)
    db.session.flush()
    authors = db.session.scalars(
        select(CourseAuthor.user_id).where(
            CourseAuthor.course_id == course_id, CourseAuthor.user_id != user.id
        )
    )
    for author_id in authors:
        db.session.add(Notice(user_id=author_id, kind="question_asked", question_id=row.id))
    db.session.commit()
    return row


def answer(row: ModuleQuestion, author_id: int, text: str) -> bool:
    """Store (or replace) the answer; the asker gets a notice on the first one. True when it
    was the first."""
    first = row.answered_at is None
    row.answer_md, row.answer_html = text, render_user_text(text)
    row.answerer_id, row.answered_at = author_id, row.answered_at or utcnow()
    if first and row.asker_id != author_id:
        db.session.add(Notice(user_id=row.asker_id, kind="question_answered", question_id=row.id))
    db.session.commit()
    return first


def vote(row: ModuleQuestion, user_id: int) -> bool:
    """Count the learner's helpful vote once; False when they had already voted."""
    try:
        with db.session.begin_nested():
            db.session.add(QuestionVote(question_id=row.id, user_id=user_id))
    except IntegrityError:
        db.session.rollback()
        return False
    db.session.execute(
        update(ModuleQuestion)
        .where(ModuleQuestion.id == row.id)
        .values(helpful_count=ModuleQuestion.helpful_count + 1)
    )
    db.session.commit()
    return True


def has_voted(question_id: int, user_id: int) -> bool:
    return db.session.get(QuestionVote, (question_id, user_id)) is not None


def has_reported(question_id: int, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(QuestionReport.id).where(
                QuestionReport.question_id == question_id, QuestionReport.reporter_id == user_id
            )
        )
        is not None
    )


def pin(row: ModuleQuestion, actor_id: int, pinned: bool) -> bool:
    """Pin (or unpin) the question as the module's Tanya-jawab; False when already so."""
    if (row.pinned_at is not None) == pinned:
        return False
    row.pinned_at = utcnow() if pinned else None
    action = "question.pin" if pinned else "question.unpin"
    audit.record(actor_id, action, "module_question", row.id)
    db.session.commit()
    return True


def report(row: ModuleQuestion, user_id: int, reason: str) -> bool:
    """Record the learner's report once (audited); False when they had reported it."""
    try:
        with db.session.begin_nested():
            db.session.add(QuestionReport(question_id=row.id, reporter_id=user_id, reason=reason))
    except IntegrityError:
        db.session.rollback()
        return False
    db.session.execute(
        update(ModuleQuestion)
        .where(ModuleQuestion.id == row.id)
        .values(report_count=ModuleQuestion.report_count + 1)
    )
    audit.record(user_id, "question.report", "module_question", row.id)
    db.session.commit()
    return True


def hide(row: ModuleQuestion, actor_id: int, hidden: bool) -> bool:
    """Hide the question from learners (or show it again), audited; False when already so."""
    if (row.hidden_at is not None) == hidden:
        return False
    row.hidden_at = utcnow() if hidden else None
    if hidden:
        row.pinned_at = None  # a hidden post is no Tanya-jawab
    audit.record(
        actor_id, "question.hide" if hidden else "question.unhide", "module_question", row.id
    )
    db.session.commit()
    return True
