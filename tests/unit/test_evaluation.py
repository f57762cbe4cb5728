"""Training evaluation figures: averages from sums, gains over pairs only, adding units up."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.domain.evaluation import STATEMENTS, Evaluation, average, total

PROPERTY = settings(max_examples=100, deadline=None)


def figures(completions: list[tuple[int | None, int | None]], answers: list[tuple]) -> Evaluation:
    """Sums the way the report query adds them up, from (pre-test, final) and survey rows."""
    pairs = [(p, f) for p, f in completions if p is not None and f is not None]
    return Evaluation(
        completions=len(completions),
        pretest_count=sum(p is not None for p, _ in completions),
        pretest_sum=sum(p for p, _ in completions if p is not None),
        final_count=sum(f is not None for _, f in completions),
        final_sum=sum(f for _, f in completions if f is not None),
        pairs=len(pairs),
        gain_sum=sum(f - p for p, f in pairs),
        responses=len(answers),
        **{s: sum(a[i] for a in answers) for i, s in enumerate(STATEMENTS)},
    )


def test_average_rounds_to_one_decimal_and_is_none_without_values():
    assert average(10, 4) == 2.5
    assert average(10, 3) == 3.3
    assert average(0, 0) is None
    assert average(5, 0) is None


def test_gain_is_over_learners_with_both_scores_only():
    e = figures([(40, 80), (None, 70), (50, None), (60, 90)], [])
    assert (e.average_pretest, e.average_final) == (50.0, 80.0)
    # Not 80 - 50 = 30: only the two learners who sat both tests.
    assert e.average_gain == 35.0
    assert e.pairs == 2 and e.completions == 4


def test_a_negative_gain_is_reported_as_it_is():
    assert figures([(90, 70), (80, 80)], []).average_gain == -10.0


def test_satisfaction_per_statement_and_overall():
    e = figures([], [(5, 4, 5, 4, 5), (3, 3, 4, 2, 3), (4, 5, 4, 5, 4), (2, 2, 3, 3, 2)])
    assert e.satisfaction == {
        "relevance": 3.5,
        "clarity": 3.5,
        "usefulness": 4.0,
        "ease": 3.5,
        "recommend": 3.5,
    }
    assert e.overall == 3.6
    assert e.responses == 4


def test_empty_figures_have_no_averages():
    e = Evaluation()
    assert e.empty
    assert e.average_pretest is None and e.average_final is None and e.average_gain is None
    assert e.overall is None and set(e.satisfaction.values()) == {None}
    assert not figures([(None, None)], []).empty
    assert not figures([], [(1, 1, 1, 1, 1)]).empty


def test_unknown_statement_is_an_error():
    with pytest.raises(ValueError):
        Evaluation().statement_average("price")


def test_from_mapping_treats_missing_and_null_as_zero():
    e = Evaluation.from_mapping({"completions": 3, "pairs": None, "relevance": 12, "extra": 9})
    assert (e.completions, e.pairs, e.relevance, e.responses) == (3, 0, 12, 0)


def test_total_of_units_equals_the_whole():
    a = figures([(40, 80), (None, 70)], [(5, 4, 5, 4, 5)])
    b = figures([(60, 90)], [(4, 5, 4, 5, 4), (3, 3, 4, 2, 3)])
    whole = figures(
        [(40, 80), (None, 70), (60, 90)], [(5, 4, 5, 4, 5), (4, 5, 4, 5, 4), (3, 3, 4, 2, 3)]
    )
    assert total([a, b]) == whole == a + b
    assert total([]) == Evaluation()


scores = st.one_of(st.none(), st.integers(0, 100))
answer = st.tuples(*[st.integers(1, 5)] * 5)


@PROPERTY
@given(st.lists(st.tuples(scores, scores)), st.lists(st.tuples(scores, scores)), st.lists(answer))
def test_adding_groups_is_the_same_as_counting_them_together(one, two, answers):
    assert figures(one, answers) + figures(two, []) == figures(one + two, answers)


@PROPERTY
@given(st.lists(st.tuples(scores, scores), min_size=1), st.lists(answer, min_size=1))
def test_averages_stay_within_their_scales(completions, answers):
    e = figures(completions, answers)
    for value in (e.average_pretest, e.average_final):
        assert value is None or 0 <= value <= 100
    assert e.average_gain is None or -100 <= e.average_gain <= 100
    assert 1 <= e.overall <= 5
    assert all(1 <= v <= 5 for v in e.satisfaction.values())
