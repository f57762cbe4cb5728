"""Training evaluation figures (Kirkpatrick levels 1, 2 and 3) from sums the database adds up.

Reports fetch sums and counts, never averages, so that the figures of several units add up
to the figures of their parent exactly; the averages are worked out here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from typing import NamedTuple

from .followup import applied_count, share
from .scoring import AskedQuestion, is_correct

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


# Pre/post gain per module and per competency --------------------------------------------


class SatAttempt(NamedTuple):
    """A submitted pre-test or final-exam attempt, as the report reads it."""

    user_id: int
    kind: str  # "pretest" or "exam"
    score: int
    questions: list  # the snapshot: [{"qid", "kind", "choices", "correct", "answers", ...}]
    responses: dict


@dataclass(frozen=True)
class Gain:
    """Right answers over questions asked, in the pre-test and the final exam, added up over
    the learners who were asked about the same thing (a module, a competency) in both."""

    learners: int = 0
    pre_right: int = 0
    pre_asked: int = 0
    final_right: int = 0
    final_asked: int = 0

    def __add__(self, other: Gain) -> Gain:
        return Gain(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def pre_percent(self) -> float | None:
        return average(self.pre_right * 100, self.pre_asked)

    @property
    def final_percent(self) -> float | None:
        return average(self.final_right * 100, self.final_asked)

    @property
    def gain(self) -> float | None:
        if self.pre_percent is None or self.final_percent is None:
            return None
        return round(self.final_percent - self.pre_percent, DIGITS)


def _asked(question: dict) -> AskedQuestion:
    return AskedQuestion(
        qid=question["qid"],
        kind=question["kind"],
        choice_keys=tuple(c["key"] for c in question.get("choices", ())),
        correct_keys=frozenset(question.get("correct", ())),
        answers=tuple(question.get("answers", ())),
    )


def _tally(attempt: SatAttempt, groups_of: Callable[[dict], Iterable[str]]) -> dict:
    """{group: (right, asked)} of one attempt."""
    counts: dict[str, tuple[int, int]] = {}
    responses = attempt.responses or {}
    for question in attempt.questions or ():
        right = is_correct(_asked(question), responses.get(question["qid"]))
        for group in groups_of(question):
            done, asked = counts.get(group, (0, 0))
            counts[group] = (done + right, asked + 1)
    return counts


def _pairs(attempts: Iterable[SatAttempt]) -> list[tuple[SatAttempt, SatAttempt]]:
    """(pre-test, final exam) per learner who sat both: the first pre-test and the best
    exam attempt (the one the completion's final score is, the latest of equal ones)."""
    pre: dict[int, SatAttempt] = {}
    final: dict[int, SatAttempt] = {}
    for attempt in attempts:
        if attempt.kind == "pretest":
            pre.setdefault(attempt.user_id, attempt)
        elif attempt.kind == "exam":
            best = final.get(attempt.user_id)
            if best is None or attempt.score >= best.score:
                final[attempt.user_id] = attempt
    return [(pre[user], final[user]) for user in pre if user in final]


def gains(
    attempts: Iterable[SatAttempt], groups_of: Callable[[dict], Iterable[str]]
) -> dict[str, Gain]:
    """Gain per group (module, competency) over the learners asked about it in both tests.

    `attempts` come in the order they were taken; `groups_of(question)` names the groups a
    snapshot question counts for."""
    result: dict[str, Gain] = {}
    for pre, final in _pairs(attempts):
        before, after = _tally(pre, groups_of), _tally(final, groups_of)
        for group in before.keys() & after.keys():
            (pre_right, pre_asked), (final_right, final_asked) = before[group], after[group]
            line = Gain(1, pre_right, pre_asked, final_right, final_asked)
            result[group] = result.get(group, Gain()) + line
    return result


def module_of(question: dict) -> list[str]:
    """The module a snapshot question is about (none in snapshots older than tags)."""
    return [question["module"]] if question.get("module") else []


def competencies_of(slugs: Iterable[str]) -> Callable[[dict], list[str]]:
    """A question counts for the course competencies it is tagged with, or for all of them
    when it names none (most questions test the course as a whole)."""
    course = list(slugs)

    def groups(question: dict) -> list[str]:
        tagged = [slug for slug in course if slug in question.get("tags", ())]
        return tagged or course

    return groups
