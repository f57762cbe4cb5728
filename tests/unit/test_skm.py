"""The SKM index as PermenPANRB 14/2017 computes it (elearn/domain/skm.py)."""

from __future__ import annotations

from datetime import date

import pytest

from elearn.domain import skm

# A worked example in the regulation's steps: each element's average (NRR), the weighted
# sum (each x 1/9, or x 0.111 as the regulation writes it), the index (x 25), the band.
EXAMPLE = {1: 3.2, 2: 3.0, 3: 2.8, 4: 3.9, 5: 3.1, 6: 3.3, 7: 3.4, 8: 2.9, 9: 3.0}


def test_the_worked_example():
    assert skm.ikm(EXAMPLE) == pytest.approx(28.6 / 9 * 25)  # 79.444...
    assert round(skm.ikm(EXAMPLE), 2) == 79.44
    # The regulation's 0.111 gives 79.37: the second decimal differs, as the design says.
    assert round(skm.ikm(EXAMPLE, weight=skm.REGULATION_WEIGHT), 2) == 79.37
    assert skm.band(skm.ikm(EXAMPLE)).letter == "B"


def test_an_index_needs_all_nine_elements():
    assert skm.ikm({n: 4.0 for n in range(1, 9)}) is None
    assert skm.ikm({n: 4.0 for n in range(1, 10)}) == pytest.approx(100)
    assert skm.ikm({n: 1.0 for n in range(1, 10)}) == pytest.approx(25)


@pytest.mark.parametrize(
    ("index", "letter"),
    [
        (100, "A"), (88.31, "A"), (88.309, "B"), (88.30, "B"), (76.61, "B"), (76.6099, "C"),
        (76.60, "C"), (65.00, "C"), (64.99, "D"), (25.0, "D"),
    ],
)  # fmt: skip
def test_bands_follow_the_regulations_table(index, letter):
    assert skm.band(index).letter == letter


def test_the_sample_table_is_krejcie_and_morgans_formula_rounded():
    for population, sample in skm.KREJCIE_MORGAN:
        exact = 3.841 * population * 0.25 / (0.05**2 * (population - 1) + 3.841 * 0.25)
        assert round(exact) == sample, population


@pytest.mark.parametrize(
    ("population", "sample"),
    [(0, 0), (6, 6), (10, 10), (100, 80), (101, 86), (1000, 278), (1001, 285),
     (1_000_000, 384), (5_000_000, 384)],
)  # fmt: skip
def test_required_sample_reads_the_table_upwards(population, sample):
    assert skm.required_sample(population) == sample


def test_a_result_from_respondents_and_its_warning():
    sums = {n: (EXAMPLE[n] * 50, 50) for n in range(1, 10)}
    result = skm.result(sums, respondents=50, population=100)
    assert result.index == pytest.approx(skm.ikm(EXAMPLE))
    assert result.band.letter == "B"
    assert result.required == 80 and result.too_few
    assert result.average(4) == pytest.approx(3.9)
    assert not skm.result(sums, respondents=50, population=None).too_few
    partial = skm.result({1: (150.0, 50)}, respondents=50)
    assert partial.index is None and partial.band is None and partial.average(2) is None


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026"),
        ("2026-s2", date(2026, 7, 1), date(2026, 12, 31), "2026-S2"),
        (" 2026-Q1 ", date(2026, 1, 1), date(2026, 3, 31), "2026-Q1"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
    ],
)
def test_periods(text, start, end, label):
    assert skm.parse_period(text) == skm.Period(start, end, label)


@pytest.mark.parametrize("text", ["", "26", "2026-S3", "2026-Q5", "2026-13", "1999", "2026/1"])
def test_bad_periods(text):
    assert skm.parse_period(text) is None


def test_period_of_a_day():
    day = date(2026, 8, 17)
    assert [skm.period_of(day, g).label for g in skm.GRANULARITIES] == [
        "2026", "2026-S2", "2026-Q3", "2026-08"
    ]  # fmt: skip
    assert skm.parse_period("2026-S1") < skm.parse_period("2026-S2")


def test_scores_problems():
    assert skm.scores_problem([4] * 9) is None
    assert skm.scores_problem([4] * 8) is not None
    assert skm.scores_problem([4] * 8 + [5]) is not None
    assert skm.change(70.0, 75.5) == pytest.approx(5.5)
    assert skm.change(None, 75.5) is None
