"""Review policy: how much of a submitted attempt its result page may show.

A result page that marks every question and shows every explanation hands the key of the
pool to anyone who retries a few times, so what a learner sees is decided here, from the
quiz's kind, what the trainer declared (`review:` in the quiz settings) and whether the
learner could still attempt the quiz (now, or in a later yearly cycle).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum


class Review(IntEnum):
    """The review levels, each showing everything the ones below it show."""

    SCORE = 0  # the score and passed/failed
    MODULES = 1  # also right/asked per module: which modules to revisit
    MARKS = 2  # also each question marked right/wrong with the learner's own answer
    FULL = 3  # also the accepted answers and the explanations

    @property
    def key(self) -> str:
        """The level as written in course files and stored on attempts."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str | None) -> Review | None:
        """The level named `text` ("score", "modules"...), None for anything else."""
        if not isinstance(text, str):
            return None
        return cls.__members__.get(text.strip().upper())

    @classmethod
    def recorded(cls, text: str | None) -> Review:
        """The level an attempt recorded; attempts from before the policy showed it all."""
        return cls.parse(text) or cls.FULL


LEVELS = tuple(level.key for level in Review)
# What a quiz shows when the trainer did not say: practice teaches, the exam protects its
# key, and the pre-test only measures the starting point.
DEFAULTS = {"quiz": Review.FULL, "exam": Review.MODULES, "pretest": Review.SCORE}


@dataclass(frozen=True)
class ReviewCase:
    """What the decision depends on for one attempt's result page."""

    kind: str  # "quiz", "exam" or "pretest"
    declared: str | None = None  # the `review:` the trainer wrote, None when absent
    reattemptable: bool = True  # attempts left now, or a later yearly cycle
    pretest_from_exam_pool: bool = False  # the pre-test asked exam questions
    exam_full_allowed: bool = False  # the admin setting EXAM_FULL_REVIEW


def review_level(case: ReviewCase) -> Review:
    """The level the result page of an attempt shows."""
    level = Review.parse(case.declared)
    if level is None:
        level = DEFAULTS.get(case.kind, Review.SCORE)
    if case.kind == "pretest" and case.pretest_from_exam_pool:
        return Review.SCORE  # its questions are the exam's: any mark would leak the key
    if case.kind == "exam":
        if case.reattemptable:
            return min(level, Review.MODULES)
        if not case.exam_full_allowed:
            return min(level, Review.MARKS)
    return level


@dataclass(frozen=True)
class ModuleTally:
    """Right answers over questions asked of one module (None: questions of no module)."""

    module: str | None
    right: int
    asked: int

    def weak(self, pass_percent: int) -> bool:
        """Below the pass mark, compared exactly as scoring does."""
        return self.right * 100 < pass_percent * self.asked


def tally_by_module(marks: Iterable[tuple[str | None, bool]]) -> list[ModuleTally]:
    """(module, answered right) per asked question -> one tally per module, in the order the
    modules first appear, questions of no module last."""
    counts: dict[str | None, list[int]] = {}
    for module, right in marks:
        entry = counts.setdefault(module or None, [0, 0])
        entry[0] += bool(right)
        entry[1] += 1
    ordered = sorted(counts.items(), key=lambda item: item[0] is None)
    return [ModuleTally(module, right, asked) for module, (right, asked) in ordered]
