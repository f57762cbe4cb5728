"""The recognition rules (elearn/domain/recognition.py): who qualifies, which due dates a
year holds, the minimum unit size, rankings with ties, and the IKM comparison."""

from __future__ import annotations

from datetime import date

import pytest

from elearn.domain import recognition as rules
from elearn.domain import skm
from elearn.domain.assignments import Window
from elearn.domain.recognition import UnitCompliance


def test_an_asn_qualifies_with_the_target_reached_and_no_due_date_missed():
    assert rules.qualifies(20, 20, 0)
    assert rules.qualifies(31, 20, 0)
    assert not rules.qualifies(19, 20, 0)
    assert not rules.qualifies(40, 20, 1)


def test_the_reason_names_the_target_and_the_year():
    assert rules.reason(2026, 20) == (
        "Mencapai target 20 JP dan menyelesaikan semua pelatihan wajib tahun 2026"
    )


@pytest.mark.parametrize(
    ("due", "recurrence", "year", "expected"),
    [
        (date(2026, 3, 31), "none", 2026, date(2026, 3, 31)),
        (date(2026, 3, 31), "none", 2027, None),
        (date(2026, 3, 31), "none", 2025, None),
        (date(2024, 3, 31), "yearly", 2026, date(2026, 3, 31)),
        (date(2027, 3, 31), "yearly", 2026, None),
        (date(2024, 2, 29), "yearly", 2025, date(2025, 2, 28)),
        (date(2024, 2, 29), "yearly", 2028, date(2028, 2, 29)),
    ],
)
def test_the_due_date_a_year_holds(due, recurrence, year, expected):
    assert rules.due_in_year(due, recurrence, year) == expected


def test_a_due_date_is_met_from_the_day_after_the_previous_one_to_the_end_of_the_year():
    # One-off: any completion up to 31 December of its year (late ones too).
    assert rules.window_in_year(date(2026, 3, 31), "none", 2026) == Window(None, date(2026, 12, 31))
    # Yearly, first cycle: from the beginning; later cycles: after the previous due date.
    assert rules.window_in_year(date(2026, 6, 1), "yearly", 2026) == Window(
        None, date(2026, 12, 31)
    )
    window = rules.window_in_year(date(2024, 6, 1), "yearly", 2026)
    assert window == Window(date(2025, 6, 1), date(2026, 12, 31))
    assert not window.holds(date(2025, 6, 1)) and window.holds(date(2025, 6, 2))
    assert rules.window_in_year(date(2026, 6, 1), "none", 2027) is None


def test_an_assignment_cancelled_before_its_due_date_asks_nothing_that_year():
    due = date(2026, 3, 31)
    assert rules.applies_in_year(due, "none", 2026)
    assert rules.applies_in_year(due, "none", 2026, cancelled_on=date(2026, 4, 1))
    assert not rules.applies_in_year(due, "none", 2026, cancelled_on=date(2026, 3, 31))
    assert not rules.applies_in_year(due, "none", 2027)
    yearly = date(2024, 3, 31)
    assert rules.applies_in_year(yearly, "yearly", 2026, cancelled_on=date(2026, 5, 1))
    assert not rules.applies_in_year(yearly, "yearly", 2026, cancelled_on=date(2026, 1, 2))


# --- rankings ------------------------------------------------------------------------


def test_equal_figures_share_a_place_and_the_next_place_is_skipped():
    places = rules.ranked([9, 7, 7, 5, 5, 5, 1], lambda x: x, top=None)
    assert [p for p, _ in places] == [1, 2, 2, 4, 4, 4, 7]


def test_a_top_list_keeps_everyone_tied_at_its_edge():
    values = [9, 8, 8, 8, 2]
    assert [v for _, v in rules.ranked(values, lambda x: x, top=2)] == [9, 8, 8, 8]
    assert [v for _, v in rules.ranked(values, lambda x: x, top=1)] == [9]
    assert len(rules.ranked(range(30, 0, -1), lambda x: x)) == rules.TOP


def unit(uid, employees, compliant, name=None):
    return UnitCompliance(uid, f"U{uid}", name or f"Unit {uid}", employees, compliant)


def test_units_below_the_minimum_size_are_not_ranked():
    units = [unit(1, 4, 4), unit(2, 5, 4), unit(3, 10, 5), unit(4, 0, 0)]
    ranked = rules.best_compliance(units, minimum=5, top=None)
    assert [(place, u.unit_id) for place, u in ranked] == [(1, 2), (2, 3)]
    assert rules.MIN_UNIT_EMPLOYEES == 5


def test_units_with_the_same_share_tie_the_larger_listed_first():
    units = [unit(1, 5, 4, "Alfa"), unit(2, 10, 8, "Beta"), unit(3, 6, 6), unit(4, 7, 1)]
    ranked = rules.best_compliance(units, top=None)
    assert [(place, u.unit_id) for place, u in ranked] == [(1, 3), (2, 2), (2, 1), (4, 4)]
    assert ranked[1][1].percent == 80.0


def test_a_share_compares_exactly():
    # 2/3 and 4/6 are the same share, whatever floating point would say.
    ranked = rules.best_compliance([unit(1, 6, 4), unit(2, 9, 6)], top=None)
    assert [place for place, _ in ranked] == [1, 1]


# --- IKM ---------------------------------------------------------------------------


def result(score: float, respondents: int = 100, population: int | None = None) -> skm.Result:
    sums = {n: (score * respondents, respondents) for n in skm.ELEMENT_NUMBERS}
    return skm.result(sums, respondents, population)


def test_the_last_period_of_a_year_is_the_one_ending_last_the_shorter_on_a_tie():
    labels = ["2026-S1", "2026-Q3", "2025-12", "2026"]
    assert rules.last_period(labels, 2026) == "2026"
    assert rules.last_period([*labels, "2026-S2"], 2026) == "2026-S2"
    assert rules.last_period([*labels, "2026-S2", "2026-Q4"], 2026) == "2026-Q4"
    assert rules.last_period(labels, 2025) == "2025-12"
    assert rules.last_period(labels, 2024) is None
    assert rules.last_period(["bukan"], 2026) is None


def test_the_change_runs_from_the_last_period_of_the_year_before():
    periods = {"2025-S1": result(2.0), "2025-S2": result(3.0), "2026-S1": result(3.4)}
    change = rules.ikm_change(7, periods, 2026)
    assert (change.before_period, change.after_period) == ("2025-S2", "2026-S1")
    assert change.change == pytest.approx(10.0)


def test_both_periods_need_results_and_enough_respondents_where_the_population_is_known():
    assert rules.ikm_change(1, {"2026": result(3.0)}, 2026) is None
    assert rules.ikm_change(1, {"2025": result(3.0)}, 2026) is None
    too_few = {"2025": result(3.0, respondents=20, population=100), "2026": result(3.5)}
    assert rules.ikm_change(1, too_few, 2026) is None
    enough = {"2025": result(3.0, respondents=80, population=100), "2026": result(3.5)}
    assert rules.ikm_change(1, enough, 2026) is not None
    # A later period with too few respondents is not replaced by an earlier one.
    later = {"2025": result(3.0), "2026-S1": result(3.5), "2026-S2": result(3.9, 5, 1000)}
    assert rules.ikm_change(1, later, 2026) is None
    incomplete = skm.result({1: (300.0, 100)}, 100)
    assert not rules.usable(incomplete) and not rules.usable(None)


def test_only_rises_are_listed_largest_first_ties_sharing_a_place():
    results = {
        (1, "2025"): result(3.0),
        (1, "2026"): result(3.2),  # +5
        (2, "2025"): result(2.0),
        (2, "2026"): result(2.4),  # +10
        (3, "2025"): result(3.6),
        (3, "2026"): result(3.4),  # -5: not an improvement
        (4, "2025"): result(3.4),
        (4, "2026"): result(3.6),  # +5, higher index than unit 1: listed first of the tie
        (5, "2026"): result(4.0),  # nothing the year before
    }
    ranked = rules.largest_improvements(results, 2026, top=None)
    assert [(place, c.unit_id) for place, c in ranked] == [(1, 2), (2, 4), (2, 1)]
    assert rules.largest_improvements(results, 2026, top=1)[0][1].unit_id == 2
