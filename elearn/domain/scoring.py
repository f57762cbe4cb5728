"""Scoring quiz attempts: which answers are right, the score, and passing."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .drawing import Blueprint, draw_attempt


@dataclass(frozen=True)
class AskedQuestion:
    """A question as it was asked in one attempt (frozen when the attempt started)."""

    qid: str
    kind: str  # "single", "multiple" or "short"
    choice_keys: tuple[str, ...] = ()  # in the order shown
    correct_keys: frozenset[str] = frozenset()
    answers: tuple[str, ...] = ()  # accepted short answers


@dataclass(frozen=True)
class Score:
    correct: int
    total: int

    @property
    def percent(self) -> int:
        """Whole percent, rounded down so a shown 70 is never really 69.9."""
        return (self.correct * 100) // self.total if self.total else 0

    def passes(self, pass_percent: int) -> bool:
        """Pass when right/asked is at least the pass mark, compared exactly."""
        return self.total > 0 and self.correct * 100 >= pass_percent * self.total


def normalise_answer(text: str) -> str:
    """Trim, fold case and collapse white space, as the course format promises."""
    return " ".join(text.split()).casefold()


def is_correct(question: AskedQuestion, response) -> bool:
    """Judge one response: a key, a list of keys, or a text."""
    if question.kind == "short":
        if not isinstance(response, str):
            return False
        given = normalise_answer(response)
        return bool(given) and given in {normalise_answer(a) for a in question.answers}
    if isinstance(response, str):
        keys = {response}
    elif isinstance(response, Sequence) and all(isinstance(k, str) for k in response):
        # Anything that is not a key (a number, None, bytes) makes the response wrong rather
        # than being dropped: credit only for the exact set of keys.
        keys = set(response)
    else:
        return False
    if question.kind == "single" and len(keys) != 1:
        return False
    return keys == set(question.correct_keys)


def score(questions: Sequence[AskedQuestion], responses: Mapping[str, object]) -> Score:
    """Count right answers over the questions asked; unknown question ids count for nothing."""
    right = sum(1 for q in questions if is_correct(q, responses.get(q.qid)))
    return Score(right, len(questions))


def draw_questions(qids: Sequence[str], draw: int | None, rng: random.Random) -> list[str]:
    """Pick the questions of an attempt: all in order, or `draw` distinct ones at random
    (no blueprint, nothing to avoid: see domain/drawing.py)."""
    return draw_attempt([(qid, None) for qid in qids], Blueprint(draw=draw), rng=rng)


def order_choices(keys: Sequence[str], shuffle: bool, rng: random.Random) -> list[str]:
    """Return the choice order for one attempt."""
    keys = list(keys)
    if shuffle:
        rng.shuffle(keys)
    return keys
