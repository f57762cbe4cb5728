"""Training evaluation figures (Kirkpatrick levels 1, 2 and 3) from sums the database adds up.

Reports fetch sums and counts, never averages, so that the figures of several units add up
to the figures of their parent exactly; the averages are worked out here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from .followup import applied_count, share

# The five survey statements, in the order the survey asks them (learn/forms.py).
STATEMENTS = ("relevance", "clarity", "usefulness", "ease", "recommend")
DIGITS = 1


def average(total: float, count: int, digits: int = DIGITS) -> float | None:
    """The mean of `count` values adding up to `total`, rounded; None when there is none."""
    if not count:
        return None
    return round(total / count, digits)


@dataclass(frozen=True)
class Evaluation:
    """Sums over the completions and survey responses of one course (or unit)."""

    completions: int = 0
    pretest_count: int = 0
    pretest_sum: int = 0
    final_count: int = 0
    final_sum: int = 0
    pairs: int = 0  # completions with both a pre-test and a final score
    gain_sum: int = 0  # final minus pre-test, over the pairs only
    responses: int = 0
    relevance: int = 0  # sums of the 1-5 answers
    clarity: int = 0
    usefulness: int = 0
    ease: int = 0
    recommend: int = 0
    # Follow-up questionnaires (level 3) due in the period, by respondent: asked, answered,
    # answered "ya" (applied) and "sebagian" (partly).
    learner_asked: int = 0
    learner_answers: int = 0
    learner_applied: int = 0
    learner_partly: int = 0
    supervisor_asked: int = 0
    supervisor_answers: int = 0
    supervisor_applied: int = 0
    supervisor_partly: int = 0

    @classmethod
    def from_mapping(cls, row: Mapping) -> Evaluation:
        """Build from a result row's mapping; missing or NULL sums count as zero."""
        return cls(**{f.name: int(row.get(f.name) or 0) for f in fields(cls)})

    def __add__(self, other: Evaluation) -> Evaluation:
        return Evaluation(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    @property
    def average_pretest(self) -> float | None:
        return average(self.pretest_sum, self.pretest_count)

    @property
    def average_final(self) -> float | None:
        return average(self.final_sum, self.final_count)

    @property
    def average_gain(self) -> float | None:
        """Mean gain of learners who sat both tests; others would skew it."""
        return average(self.gain_sum, self.pairs)

    def statement_average(self, statement: str) -> float | None:
        if statement not in STATEMENTS:
            raise ValueError(f"unknown survey statement: {statement}")
        return average(getattr(self, statement), self.responses)

    @property
    def satisfaction(self) -> dict[str, float | None]:
        return {s: self.statement_average(s) for s in STATEMENTS}

    @property
    def overall(self) -> float | None:
        """Mean of every answer given (every response answers all five statements)."""
        return average(sum(getattr(self, s) for s in STATEMENTS), self.responses * len(STATEMENTS))

    def applied_share(self, role: str) -> float | None:
        """Percentage of `role`'s answers ("learner" or "supervisor") saying the course is
        applied at work, fully or in part; None without answers."""
        answers = getattr(self, f"{role}_answers")
        applied = applied_count(getattr(self, f"{role}_applied"), getattr(self, f"{role}_partly"))
        return share(applied, answers)

    @property
    def empty(self) -> bool:
        return not self.completions and not self.responses and not self.learner_asked


def total(items: Iterable[Evaluation]) -> Evaluation:
    """Add up the figures of disjoint groups (units of one parent, say)."""
    result = Evaluation()
    for item in items:
        result = result + item
    return result
