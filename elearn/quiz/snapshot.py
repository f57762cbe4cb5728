"""The questions an attempt asks, frozen when it starts: drawn on the server by the quiz's
blueprint, preferring questions the learner's pre-test did not show."""

from __future__ import annotations

import random

from sqlalchemy import select

from ..domain.drawing import Blueprint, draw_attempt, seen_in
from ..domain.scoring import order_choices
from ..extensions import db
from ..models import Question, QuizAttempt


def snapshot(
    version_id: int, source: str, blueprint: Blueprint, shuffle: bool, avoid: set[str]
) -> list[dict]:
    """The questions of a new attempt from the version's `source` section, drawn by the
    blueprint, unseen ones first, with the answer key (frozen: a republished course never
    changes how an attempt is scored)."""
    rows = db.session.scalars(
        select(Question)
        .where(Question.version_id == version_id, Question.section == source)
        .order_by(Question.position)
    ).all()
    by_qid = {row.qid: row for row in rows}
    rng = random.SystemRandom()  # learners cannot predict which questions come
    pool = [(row.qid, row.module_slug) for row in rows]
    questions = []
    for qid in draw_attempt(pool, blueprint, avoid, rng):
        row = by_qid[qid]
        choices = {c["key"]: c for c in row.choices}
        order = order_choices(list(choices), shuffle, rng)
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
                "section": source,  # which pool: the exam's "" or the pre-test's own
                "module": row.module_slug,
                "tags": list(row.tags or ()),
            }
        )
    return questions


def seen_in_pretest(user_id: int, course_id: int) -> set[str]:
    """The exam-pool questions the learner's pre-test asked: a final exam avoids them while
    its pool has enough others."""
    snapshots = db.session.scalars(
        select(QuizAttempt.questions).where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.course_id == course_id,
            QuizAttempt.kind == "pretest",
        )
    )
    return seen_in(snapshots)
