"""Item analysis of quiz and exam questions: difficulty, discrimination, distractors.

Pure: the caller streams submitted attempts (their frozen questions, responses and score)
and gets one `ItemStats` per question, keyed by (section, question id) so that every
version of a course that kept the id adds to the same figures.

The rules, in the words the trainer's page uses:

- Every submitted attempt that asked the question counts as one answer; a question left
  blank counts as answered wrong, exactly as the score counted it. An answer is right or
  wrong by the answer key frozen in its attempt (a later fix of the key does not rewrite
  history), with the same rules as scoring: multiple-answer questions need the exact set
  of correct choices, short answers are compared trimmed, case-folded, spaces collapsed.
- Difficulty p: the share of answers that are right.
- Discrimination D (upper/lower 27 %): the answers are ranked by their attempt's score;
  the upper group is the k best, the lower group the k worst, k = 27 % of the answers
  rounded half up (10 answers: k = 3). D = p(upper) − p(lower). When attempts with the
  same score straddle the cut, each of them counts with the same fraction so that the
  group still weighs exactly k: 2 of 4 places left for 4 tied attempts = each counts ½.
  The result does not depend on the order attempts come in.
- Flags need at least MIN_ANSWERS answers: p < 0.3 too hard, p > 0.95 too easy,
  D < 0.2 does not separate strong from weak learners.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from html import escape

from .scoring import AskedQuestion, is_correct, normalise_answer

GROUP_PERCENT = 27
MIN_ANSWERS = 10  # fewer answers than this: figures shown, no flags (one learner is noise)
P_LOW = Fraction(3, 10)
P_HIGH = Fraction(95, 100)
D_LOW = Fraction(2, 10)
TOO_HARD, TOO_EASY, WEAK = "too_hard", "too_easy", "weak"
TOP_TEXTS = 10  # wrong short answers listed on the detail page


@dataclass(frozen=True)
class CurrentQuestion:
    """The question as the live version asks it (else the newest version that has it):
    what the page shows."""

    section: str
    qid: str
    kind: str
    prompt: str
    choices: tuple[tuple[str, str, bool], ...] = ()  # (key, html, correct) in order
    prompt_html: str = ""  # the prompt rendered and sanitised when it was published
    order: float = 0  # place in the course (modules in order, then the final exam)
    live: bool = True  # still in the live version


@dataclass(frozen=True)
class Answer:
    """One question in one submitted attempt."""

    score: int  # the attempt's score, which ranks it for the 27 % groups
    correct: bool
    blank: bool
    picked: frozenset[str] = frozenset()  # choice keys picked
    wrong_picked: frozenset[str] = frozenset()  # of those, the wrong ones in its frozen key
    text: str | None = None  # a short answer, normalised


@dataclass(frozen=True)
class ChoiceStats:
    key: str
    html: str
    correct: bool  # by the newest key
    count: int  # answers that picked it
    share: float  # of all answers
    upper_share: float | None
    lower_share: float | None
    wrong_count: int  # picks made while it was a wrong choice
    wrong_share: float


@dataclass(frozen=True)
class ItemStats:
    section: str
    qid: str
    kind: str
    prompt: str
    order: float
    live: bool
    prompt_html: str = ""  # safe to show as it is: sanitised when published, else escaped
    answers: int = 0
    right: int = 0
    blank: int = 0
    group_size: int = 0  # k
    p: float | None = None
    p_upper: float | None = None
    p_lower: float | None = None
    d: float | None = None
    flags: tuple[str, ...] = ()
    choices: tuple[ChoiceStats, ...] = ()
    distractor: ChoiceStats | None = None  # the most chosen wrong choice
    wrong_texts: tuple[tuple[str, int], ...] = ()  # short answers: (text, count), most first

    @property
    def enough(self) -> bool:
        return self.answers >= MIN_ANSWERS

    @property
    def wrong_text_share(self) -> float | None:
        if not self.wrong_texts or not self.answers:
            return None
        return self.wrong_texts[0][1] / self.answers


@dataclass
class _Pool:
    """One question's answers, tallied by attempt score as they stream past: memory stays
    proportional to questions × distinct scores, not to the number of attempts."""

    kind: str = ""
    choices: dict[str, tuple[str, bool]] = field(default_factory=dict)  # key -> (html, correct)
    scores: Counter = field(default_factory=Counter)  # answers by attempt score
    right: Counter = field(default_factory=Counter)  # right answers by attempt score
    blank: int = 0
    picks: dict[str, Counter] = field(default_factory=dict)  # key -> picks by attempt score
    wrong_picks: Counter = field(default_factory=Counter)  # key -> picks while it was wrong
    wrong_texts: Counter = field(default_factory=Counter)  # wrong short answers, normalised

    def add(self, answer: Answer) -> None:
        self.scores[answer.score] += 1
        self.right[answer.score] += answer.correct
        self.blank += answer.blank
        for key in answer.picked:
            self.picks.setdefault(key, Counter())[answer.score] += 1
        self.wrong_picks.update(answer.wrong_picked)
        if answer.text and not answer.correct:
            self.wrong_texts[answer.text] += 1


def group_size(n: int) -> int:
    """k = 27 % of n, rounded half up (integers only: no float surprises at .5)."""
    return (GROUP_PERCENT * n + 50) // 100


def group_weights(scores: Mapping[int, int], k: int, highest: bool) -> dict[int, Fraction]:
    """Weight of an answer with each score in the group of the k highest (or lowest):
    1 above the cut, 0 below, and the places left shared evenly among ties at the cut."""
    left = k
    weight: dict[int, Fraction] = {}
    for value in sorted(scores, reverse=highest):
        taken = min(left, scores[value])
        weight[value] = Fraction(taken, scores[value])
        left -= taken
    return weight


def top_weights(scores: Sequence[int], k: int) -> list[Fraction]:
    """Each answer's weight in the group of the k highest scores."""
    weight = group_weights(Counter(scores), k, highest=True)
    return [weight[s] for s in scores]


def bottom_weights(scores: Sequence[int], k: int) -> list[Fraction]:
    """Each answer's weight in the group of the k lowest scores."""
    weight = group_weights(Counter(scores), k, highest=False)
    return [weight[s] for s in scores]


def judge(question: Mapping, response, score: int) -> Answer:
    """Judge one frozen question against the response given in the same attempt."""
    kind = question.get("kind", "")
    keys = tuple(c.get("key") for c in question.get("choices") or ())
    correct_keys = frozenset(question.get("correct") or ())
    asked = AskedQuestion(
        qid=question.get("qid", ""),
        kind=kind,
        choice_keys=keys,
        correct_keys=correct_keys,
        answers=tuple(question.get("answers") or ()),
    )
    right = is_correct(asked, response)  # the very rule the score was counted with
    if kind == "short":
        text = normalise_answer(response) if isinstance(response, str) else ""
        return Answer(score=score, correct=right, blank=not text, text=text or None)
    if isinstance(response, str):
        picked = frozenset((response,))
    elif isinstance(response, list | tuple):
        picked = frozenset(k for k in response if isinstance(k, str))
    else:
        picked = frozenset()
    picked &= frozenset(keys)  # the form refuses unknown keys; never count one as a choice
    return Answer(
        score=score,
        correct=right,
        blank=not picked,
        picked=picked,
        wrong_picked=picked - correct_keys,
    )


def collect(attempts: Iterable, only: Callable[[str, str], bool] | None = None):
    """Tally answers per (section, question id) from rows with section, questions,
    responses and score; rows come oldest first so the newest frozen choices win.
    `only(section, qid)` keeps just the questions a detail page needs."""
    pools: dict[tuple[str, str], _Pool] = {}
    for attempt in attempts:
        responses = attempt.responses if isinstance(attempt.responses, Mapping) else {}
        score = attempt.score or 0
        for question in attempt.questions or ():
            if not isinstance(question, Mapping) or "qid" not in question:
                continue
            if only is not None and not only(attempt.section, question["qid"]):
                continue
            pool = pools.get((attempt.section, question["qid"]))
            if pool is None:
                pool = pools[(attempt.section, question["qid"])] = _Pool()
            pool.add(judge(question, responses.get(question["qid"]), score))
            pool.kind = question.get("kind", pool.kind)
            correct = set(question.get("correct") or ())
            for choice in question.get("choices") or ():
                pool.choices[choice["key"]] = (choice.get("html", ""), choice["key"] in correct)
    return pools


def _in_group(hits: Mapping[int, int], weight: Mapping[int, Fraction], k: int) -> Fraction:
    """The weighted share of a group (of size k) that `hits` (counts by score) covers."""
    return sum((weight[s] * n for s, n in hits.items()), Fraction(0)) / k


def analyse(
    section: str, qid: str, pool: _Pool | None, current: CurrentQuestion | None
) -> ItemStats:
    """Work out one question's figures from its tallies."""
    kind = current.kind if current else pool.kind if pool else ""
    base = ItemStats(
        section=section,
        qid=qid,
        kind=kind,
        prompt=current.prompt if current else qid,
        order=current.order if current else math.inf,
        live=bool(current and current.live),
        prompt_html=(current.prompt_html or escape(current.prompt)) if current else escape(qid),
    )
    n = pool.scores.total() if pool else 0
    if not n:
        return base
    k = group_size(n)
    upper = group_weights(pool.scores, k, highest=True)
    lower = group_weights(pool.scores, k, highest=False)
    right = pool.right.total()
    p = Fraction(right, n)
    p_upper = p_lower = d = None
    if k:
        p_upper = _in_group(pool.right, upper, k)
        p_lower = _in_group(pool.right, lower, k)
        d = p_upper - p_lower
    flags: list[str] = []
    if n >= MIN_ANSWERS:
        if p < P_LOW:
            flags.append(TOO_HARD)
        if p > P_HIGH:
            flags.append(TOO_EASY)
        if d is not None and d < D_LOW:
            flags.append(WEAK)
    choices = _choices(pool, current, n, k, upper, lower)
    wrong = [c for c in choices if c.wrong_count]
    distractor = max(wrong, key=lambda c: c.wrong_count, default=None)  # first in order on ties
    texts = sorted(pool.wrong_texts.items(), key=lambda t: (-t[1], t[0]))[:TOP_TEXTS]
    return replace(
        base,
        answers=n,
        right=right,
        blank=pool.blank,
        group_size=k,
        p=float(p),
        p_upper=None if p_upper is None else float(p_upper),
        p_lower=None if p_lower is None else float(p_lower),
        d=None if d is None else float(d),
        flags=tuple(flags),
        choices=choices,
        distractor=distractor,
        wrong_texts=tuple(texts),
    )


def _choices(pool: _Pool, current, n: int, k: int, upper, lower) -> tuple[ChoiceStats, ...]:
    """Every choice ever offered: the current ones in their order, then retired ones."""
    known = dict(pool.choices)
    order: list[str] = []
    if current:
        for key, html, correct in current.choices:
            known[key] = (html, correct)
            order.append(key)
    order += [key for key in pool.choices if key not in order]
    result = []
    for key in order:
        picks = pool.picks.get(key, Counter())
        html, correct = known[key]
        result.append(
            ChoiceStats(
                key=key,
                html=html,
                correct=correct,
                count=picks.total(),
                share=picks.total() / n,
                upper_share=float(_in_group(picks, upper, k)) if k else None,
                lower_share=float(_in_group(picks, lower, k)) if k else None,
                wrong_count=pool.wrong_picks[key],
                wrong_share=pool.wrong_picks[key] / n,
            )
        )
    return tuple(result)


def badness(item: ItemStats) -> tuple:
    """Sort key, worst first: flagged questions by lowest D, then the others by lowest D,
    then those with too few answers, then never answered; course order breaks ties."""
    if item.flags:
        rank = 0
    elif item.enough:
        rank = 1
    elif item.answers:
        rank = 2
    else:
        rank = 3
    d = item.d if rank < 2 and item.d is not None else 0.0
    return (rank, d, item.order, item.section, item.qid)


def item_statistics(
    attempts: Iterable,
    current: Mapping[tuple[str, str], CurrentQuestion] | None = None,
    only: Callable[[str, str], bool] | None = None,
) -> list[ItemStats]:
    """Figures for every question answered or known in the course, worst first."""
    current = current or {}
    pools = collect(attempts, only)
    keys = set(pools) | {key for key in current if only is None or only(*key)}
    items = [analyse(s, q, pools.get((s, q)), current.get((s, q))) for s, q in keys]
    return sorted(items, key=badness)


# Where learners stop --------------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleStep:
    """One module of the live version and how many learners got how far."""

    position: int
    slug: str
    title: str
    reached: int  # opened or read this module, or any later one
    read: int
    passed: int | None  # passed its quiz; None when the module has no quiz
    next_reached: int  # reached the next module; after the last one: completed the course

    @property
    def dropped(self) -> int:
        """Learners who got here but no further."""
        return max(self.reached - self.next_reached, 0)

    @property
    def dropped_share(self) -> float | None:
        return self.dropped / self.reached if self.reached else None


def module_funnel(
    modules: Sequence[tuple[int, str, str, bool]],
    furthest: Mapping[int, int],
    read: Mapping[str, int],
    passed: Mapping[str, int],
    completed: int,
) -> list[ModuleStep]:
    """Turn counts into steps. `modules`: (position, slug, title, has quiz) in order;
    `furthest`: learners by the position of the furthest module they touched, so a
    learner who read module 3 has reached modules 1 to 3 even if 1 and 2 were skipped."""
    ordered = sorted(modules)
    reached = []
    running = 0
    for position, *_rest in reversed(ordered):
        running += furthest.get(position, 0)
        reached.append(running)
    reached.reverse()
    steps = []
    for index, (position, slug, title, has_quiz) in enumerate(ordered):
        following = reached[index + 1] if index + 1 < len(ordered) else completed
        steps.append(
            ModuleStep(
                position=position,
                slug=slug,
                title=title,
                reached=reached[index],
                read=read.get(slug, 0),
                passed=passed.get(slug, 0) if has_quiz else None,
                next_reached=following,
            )
        )
    return steps
