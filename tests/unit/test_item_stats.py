"""Item statistics against a fixture worked out by hand, and where learners stop."""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace

import pytest

from elearn.domain.item_stats import (
    TOO_EASY,
    TOO_HARD,
    WEAK,
    CurrentQuestion,
    bottom_weights,
    group_size,
    item_statistics,
    judge,
    module_funnel,
    top_weights,
)


def choice_question(qid: str, kind: str, choices: dict[str, str], correct: list[str]) -> dict:
    """A snapshot question with choices {key: text}, as an attempt stores it."""
    listed = [{"key": key, "html": text} for key, text in choices.items()]
    return {"qid": qid, "kind": kind, "choices": listed, "correct": correct, "answers": []}


SINGLE = choice_question("q1", "single", {"a": "Alfa", "b": "Beta", "c": "Gama"}, ["a"])
MULTIPLE = choice_question("q2", "multiple", {"a": "Satu", "b": "Dua", "c": "Tiga"}, ["a", "b"])
SHORT = {"qid": "q3", "kind": "short", "choices": [], "correct": [], "answers": ["Pontianak"]}
EASY = choice_question("q4", "single", {"y": "Ya", "t": "Tidak"}, ["y"])

# Ten submitted attempts of one quiz: (attempt score, {qid: response}).
# Ranked by score: A1 100, A2 90, A3 80, A4 80, A5 70, A6 60, A7 40, A8 40, A9 40, A10 20.
# k = 27 % of 10 = 2.7, rounded half up: 3 answers per group.
# Upper group: A1, A2 (weight 1 each) and one place left for the two 80s: A3 and A4 count ½.
# Lower group: A10 (weight 1) and two places left for the three 40s: A7, A8, A9 count ⅔.
FIXTURE = [
    (100, {"q1": "a", "q2": ["a"], "q3": "pontianak ", "q4": "y"}),  # A1
    (90, {"q1": "a", "q2": ["a", "c"], "q3": "Pontianak", "q4": "y"}),  # A2
    (80, {"q1": "a", "q2": ["a", "b"], "q3": "Pontianak Kota", "q4": "y"}),  # A3
    (80, {"q1": "b", "q2": ["a"], "q3": "Samarinda", "q4": "y"}),  # A4
    (70, {"q1": "a", "q2": ["a", "b"], "q3": "samarinda", "q4": "y"}),  # A5
    (60, {"q1": "c", "q2": ["a"], "q3": "   ", "q4": "y"}),  # A6
    (40, {"q1": "b", "q2": ["b", "a"], "q3": "Banjarmasin", "q4": "y"}),  # A7
    (40, {"q1": "a", "q2": ["a"], "q3": "SAMARINDA", "q4": "y"}),  # A8
    (40, {"q2": ["a", "b", "c"], "q4": "y"}),  # A9: q1 and q3 left blank
    (20, {"q1": "b", "q2": ["a"], "q3": "Palangkaraya", "q4": "y"}),  # A10
]


def attempts(rows=FIXTURE, section="modul-1"):
    return [
        SimpleNamespace(
            section=section, questions=[SINGLE, MULTIPLE, SHORT, EASY], responses=r, score=s
        )
        for s, r in rows
    ]


def by_qid(items):
    return {i.qid: i for i in items}


def test_group_size_rounds_half_up():
    # 27 % of n: 0.27 -> 0, 0.54 -> 1, 2.7 -> 3, 13.5 -> 14 (half up), 40.5 -> 41.
    assert [group_size(n) for n in (0, 1, 2, 3, 10, 50, 100, 150)] == [0, 0, 1, 1, 3, 14, 27, 41]


def test_weights_share_the_places_left_among_ties_at_the_cut():
    scores = [100, 90, 80, 80, 70, 60, 40, 40, 40, 20]
    third, half = Fraction(2, 3), Fraction(1, 2)
    assert top_weights(scores, 3) == [1, 1, half, half, 0, 0, 0, 0, 0, 0]
    assert bottom_weights(scores, 3) == [0, 0, 0, 0, 0, 0, third, third, third, 1]
    assert sum(top_weights(scores, 3)) == 3 == sum(bottom_weights(scores, 3))
    # Everybody tied: each counts 3/10 in both groups, so D comes out 0.
    assert top_weights([50] * 10, 3) == [Fraction(3, 10)] * 10


def test_single_choice_question_by_hand():
    """q1, key a. Right: A1 A2 A3 A5 A8 -> p = 5/10.
    Upper: A1 ✓·1 + A2 ✓·1 + A3 ✓·½ + A4 ✗·½ -> 2.5/3 = 5/6.
    Lower: A10 ✗·1 + A7 ✗·⅔ + A8 ✓·⅔ + A9 blank·⅔ -> ⅔/3 = 2/9.
    D = 5/6 − 2/9 = 11/18. Wrong picks: b by A4 A7 A10 (3/10), c by A6 (1/10)."""
    q1 = by_qid(item_statistics(attempts()))["q1"]
    assert (q1.answers, q1.right, q1.blank, q1.group_size) == (10, 5, 1, 3)
    assert q1.p == 0.5
    assert q1.p_upper == pytest.approx(5 / 6)
    assert q1.p_lower == pytest.approx(2 / 9)
    assert q1.d == pytest.approx(11 / 18)
    assert q1.flags == ()
    assert (q1.distractor.key, q1.distractor.wrong_count, q1.distractor.wrong_share) == (
        "b",
        3,
        0.3,
    )
    shares = {c.key: (c.count, c.share, c.upper_share, c.lower_share) for c in q1.choices}
    assert shares["a"] == (5, 0.5, pytest.approx(5 / 6), pytest.approx(2 / 9))
    # b: upper A4·½ -> 1/6; lower A10·1 + A7·⅔ -> (5/3)/3 = 5/9.
    assert shares["b"] == (3, 0.3, pytest.approx(1 / 6), pytest.approx(5 / 9))
    assert shares["c"] == (1, 0.1, 0, 0)  # A6 is in neither group
    assert [c.key for c in q1.choices] == ["a", "b", "c"]
    assert [c.correct for c in q1.choices] == [True, False, False]


def test_multiple_answer_question_needs_the_exact_set():
    """q2, key {a, b}. Right (exact set): A3 A5 A7 -> p = 3/10, exactly the 0.3 line: not
    "too hard". A2 (a+c) and A9 (a+b+c) pick a wrong choice, so they are wrong.
    Upper: A3 ✓·½ only -> ½/3 = 1/6. Lower: A7 ✓·⅔ only -> ⅔/3 = 2/9.
    D = 1/6 − 2/9 = −1/18: weak learners get it right more often: flagged."""
    q2 = by_qid(item_statistics(attempts()))["q2"]
    assert (q2.right, q2.p) == (3, 0.3)
    assert q2.p_upper == pytest.approx(1 / 6)
    assert q2.p_lower == pytest.approx(2 / 9)
    assert q2.d == pytest.approx(-1 / 18)
    assert q2.flags == (WEAK,)
    assert (q2.distractor.key, q2.distractor.wrong_count) == ("c", 2)
    shares = {c.key: (c.count, c.share, c.upper_share, c.lower_share) for c in q2.choices}
    assert shares["a"] == (10, 1.0, 1.0, 1.0)
    # b: A3 A5 A7 A9; upper A3·½ -> 1/6; lower A7·⅔ + A9·⅔ -> 4/9.
    assert shares["b"] == (4, 0.4, pytest.approx(1 / 6), pytest.approx(4 / 9))
    # c: A2 A9; upper A2·1 -> 1/3; lower A9·⅔ -> 2/9.
    assert shares["c"] == (2, 0.2, pytest.approx(1 / 3), pytest.approx(2 / 9))


def test_short_answer_question_and_its_wrong_answers():
    """q3, accepts "Pontianak" (trimmed, case folded). Right: A1 A2 -> p = 0.2: too hard.
    Upper: A1·1 + A2·1 (A3, A4 wrong) -> 2/3. Lower: all wrong -> 0. D = 2/3.
    Blank: A6 (spaces only) and A9. Wrong answers normalised: samarinda ×3, then the
    singles in alphabetical order."""
    q3 = by_qid(item_statistics(attempts()))["q3"]
    assert (q3.right, q3.blank, q3.p) == (2, 2, 0.2)
    assert q3.d == pytest.approx(2 / 3)
    assert q3.flags == (TOO_HARD,)
    assert q3.distractor is None and q3.choices == ()
    assert q3.wrong_texts == (
        ("samarinda", 3),
        ("banjarmasin", 1),
        ("palangkaraya", 1),
        ("pontianak kota", 1),
    )
    assert q3.wrong_text_share == 0.3


def test_everyone_right_is_too_easy_and_does_not_discriminate():
    q4 = by_qid(item_statistics(attempts()))["q4"]
    assert (q4.p, q4.d) == (1.0, 0.0)
    assert q4.flags == (TOO_EASY, WEAK)
    assert q4.distractor is None


def test_worst_first_and_independent_of_the_order_attempts_come_in():
    # Flagged first by lowest D: q2 (−0.06), q4 (0), q3 (0.67); then q1 (0.61).
    items = item_statistics(attempts())
    assert [i.qid for i in items] == ["q2", "q4", "q3", "q1"]
    shuffled = attempts()[::-1]
    shuffled = shuffled[4:] + shuffled[:4]
    assert item_statistics(shuffled) == items


def test_no_flags_below_ten_answers_and_no_d_for_one_answer():
    items = by_qid(item_statistics(attempts(FIXTURE[:9])))
    assert all(i.flags == () for i in items.values())
    assert items["q3"].p == pytest.approx(2 / 9)
    one = by_qid(item_statistics(attempts(FIXTURE[:1])))["q1"]
    assert (one.answers, one.group_size, one.d, one.p) == (1, 0, None, 1.0)


def test_versions_share_a_question_id_and_history_keeps_its_answer_key():
    """An older version keyed q1 as b (a mistake, fixed later): answers are judged by the
    key frozen in their attempt, the page shows the current choices and key, and a choice
    no longer offered still appears, after the current ones."""
    old = {
        **SINGLE,
        "correct": ["b"],
        "choices": [*SINGLE["choices"], {"key": "d", "html": "Delta"}],
    }
    rows = [
        SimpleNamespace(section="modul-1", questions=[old], responses={"q1": "b"}, score=100),
        SimpleNamespace(section="modul-1", questions=[old], responses={"q1": "d"}, score=0),
        SimpleNamespace(section="modul-1", questions=[SINGLE], responses={"q1": "b"}, score=0),
    ]
    current = {
        ("modul-1", "q1"): CurrentQuestion(
            section="modul-1",
            qid="q1",
            kind="single",
            prompt="Pilih alfa.",
            choices=(("a", "Alfa", True), ("b", "Beta", False), ("c", "Gama", False)),
        ),
        ("", "baru"): CurrentQuestion(
            section="", qid="baru", kind="short", prompt="Baru?", order=9
        ),
    }
    items = by_qid(item_statistics(rows, current))
    q1 = items["q1"]
    assert (q1.right, q1.prompt) == (1, "Pilih alfa.")
    assert [(c.key, c.correct, c.count, c.wrong_count) for c in q1.choices] == [
        ("a", True, 0, 0),
        ("b", False, 2, 1),  # right under the old key, wrong under the new one
        ("c", False, 0, 0),
        ("d", False, 1, 1),
    ]
    assert items["baru"].answers == 0 and items["baru"].p is None
    # Sections are kept apart: the same id in the final exam is another question.
    exam = [SimpleNamespace(section="", questions=[SINGLE], responses={"q1": "a"}, score=100)]
    assert {(i.section, i.qid) for i in item_statistics(rows + exam)} == {
        ("modul-1", "q1"),
        ("", "q1"),
    }


def test_judging_matches_scoring_for_odd_responses():
    assert judge(SINGLE, ["a"], 50).correct  # a one-key list is still one choice
    assert not judge(SINGLE, ["a", "b"], 50).correct
    wrong = judge(SINGLE, "zz", 50)  # a key that was never offered
    assert (wrong.correct, wrong.blank, wrong.picked) == (False, True, frozenset())
    assert judge(MULTIPLE, None, 0).blank
    assert not judge(MULTIPLE, [1, 2], 0).correct
    assert judge(SHORT, 42, 0).blank


def test_module_funnel():
    """Three modules; learners by furthest module: 2 stopped at 1, 1 at 2, 3 at 3.
    Reached: module 1 by 6, module 2 by 4, module 3 by 3; 2 completed the course."""
    steps = module_funnel(
        [(2, "dua", "Dua", True), (1, "satu", "Satu", True), (3, "tiga", "Tiga", False)],
        {1: 2, 2: 1, 3: 3},
        {"satu": 5, "dua": 4, "tiga": 3},
        {"satu": 4, "dua": 2},
        completed=2,
    )
    assert [(s.slug, s.reached, s.read, s.passed, s.dropped) for s in steps] == [
        ("satu", 6, 5, 4, 2),
        ("dua", 4, 4, 2, 1),
        ("tiga", 3, 3, None, 1),
    ]
    assert steps[0].dropped_share == pytest.approx(2 / 6)
    assert module_funnel([(1, "a", "A", False)], {}, {}, {}, 0)[0].dropped_share is None
