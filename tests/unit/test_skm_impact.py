"""The pure rules of "Did it help?" (domain/skm_impact.py): who counts as trained by a day,
the training date, the periods before and after it, the comparison, and the line chart's
geometry (domain/reporting.py)."""

from __future__ import annotations

from datetime import date

import pytest

from elearn.domain import skm
from elearn.domain import skm_impact as rules
from elearn.domain.reporting import LINE_COLOURS, line_chart


def result(scores: tuple[int, ...], respondents: int = 100, population: int | None = None):
    sums = {
        n: (s * respondents, respondents) for n, s in zip(skm.ELEMENT_NUMBERS, scores, strict=True)
    }
    return skm.result(sums, respondents, population)


FAIR = result((3, 3, 2, 3, 3, 3, 3, 2, 3))
GOOD = result((4, 3, 3, 4, 3, 4, 4, 3, 4))


def periods(**by_label) -> list[rules.Dated]:
    return rules.ordered({label.replace("_", "-"): r for label, r in by_label.items()})


def test_a_person_is_trained_on_the_day_of_their_last_required_course():
    assert rules.done_on(2, 2, date(2025, 3, 1)) == date(2025, 3, 1)
    assert rules.done_on(1, 2, date(2025, 3, 1)) is None  # one of two
    assert rules.done_on(0, 0, None) is None  # nothing required: nobody counts as trained


def test_shares_count_those_done_by_the_day():
    dates = [date(2025, 3, 1), date(2025, 9, 1), None, None]
    assert rules.share_by(dates, date(2025, 6, 30)) == rules.Share(1, 4)
    assert rules.share_by(dates, date(2025, 9, 1)).percent == 50.0
    assert rules.share_by([], date(2025, 1, 1)).percent is None


def test_the_training_date_is_the_first_period_end_with_half_the_staff_done():
    ends = [date(2025, 12, 31), date(2025, 6, 30), date(2026, 6, 30)]  # any order
    dates = [date(2025, 3, 1), date(2025, 9, 1), date(2026, 1, 5), None]
    assert rules.training_date(ends, dates) == date(2025, 12, 31)  # 2 of 4 by then
    assert rules.training_date(ends, dates, threshold=0.75) == date(2026, 6, 30)
    assert rules.training_date(ends, [None, None]) is None
    assert rules.training_date(ends, []) is None  # no staff: no training date


def test_before_and_after_are_the_periods_around_the_training_date():
    found = periods(**{"2025_S1": FAIR, "2025_S2": FAIR, "2026_S1": GOOD})
    assert [d.period.label for d in found] == ["2025-S1", "2025-S2", "2026-S1"]
    before, after = rules.before_and_after(found, date(2025, 12, 31))
    assert (before.period.label, after.period.label) == ("2025-S2", "2026-S1")
    before, after = rules.before_and_after(found, date(2025, 8, 15))  # mid-period
    assert (before.period.label, after.period.label) == ("2025-S1", "2026-S1")
    assert rules.before_and_after(found, date(2024, 1, 1))[0] is None
    assert rules.before_and_after(found, date(2026, 6, 30))[1] is None


def test_comparison_on_the_index_scale_with_the_change_in_points():
    measures = rules.compare(FAIR, GOOD)
    assert [m.element for m in measures] == [None, *skm.ELEMENT_NUMBERS]
    ikm = measures[0]
    assert ikm.before == pytest.approx(FAIR.index) and ikm.after == pytest.approx(GOOD.index)
    assert ikm.change == pytest.approx(GOOD.index - FAIR.index)
    u3 = measures[3]
    assert (u3.before, u3.after, u3.change) == (50.0, 75.0, 25.0)
    missing = skm.result({}, 0)
    assert rules.compare(missing, GOOD)[0].change is None


def test_latest_two_skip_periods_without_an_index():
    partial = skm.result({1: (30.0, 10)}, 10)  # one element only: no IKM
    found = periods(**{"2025_S1": FAIR, "2025_S2": partial, "2026_S1": GOOD})
    latest, previous = rules.latest_two(found)
    assert (latest.period.label, previous.period.label) == ("2026-S1", "2025-S1")
    assert rules.latest_two([]) == (None, None)


def test_rows_without_a_value_sort_last_both_ways():
    values = [3, None, 1, 2]
    assert rules.sort_rows(values, lambda v: v, False) == [1, 2, 3, None]
    assert rules.sort_rows(values, lambda v: v, True) == [3, 2, 1, None]


def test_line_chart_places_points_breaks_gaps_and_thins_labels():
    labels = [f"202{y}-S{s}" for y in range(4) for s in (1, 2)]  # eight periods
    values = [25.0, 50.0, None, 100.0, 120.0, 75.0, 60.0, 70.0]
    chart = line_chart(labels, [("IKM", values, [str(v) for v in values])], 25, 100, [(25, "25")])
    line = chart.lines[0]
    assert len(line.points) == 7  # the gap has no point
    assert line.path.count("M") == 2  # and lifts the pen once
    first, second = line.points[0], line.points[1]
    assert first.x == chart.left and first.y == chart.bottom  # 25 at the bottom
    assert second.y == pytest.approx(chart.bottom - (chart.bottom - chart.top) / 3, abs=0.1)
    top = next(p for p in line.points if p.text == "120.0")
    assert top.y == chart.top  # clamped to the range
    assert line.points[-1].x == chart.right
    assert len(chart.x_labels) < len(labels)  # thinned so they do not overlap
    assert chart.y_ticks == ((chart.bottom, "25"),)
    assert line.colour == LINE_COLOURS[0] and line.dash == ""


def test_line_chart_of_one_period_and_many_series():
    series = [(f"U{n}", [float(n * 10)], ["x"]) for n in range(1, 12)]
    chart = line_chart(["2026-S1"], series, 0, 100, [])
    assert all(len(line.points) == 1 for line in chart.lines)
    assert chart.lines[0].points[0].x == (chart.left + chart.right) / 2
    styles = {(line.colour, line.dash) for line in chart.lines}
    assert len(styles) == len(series)  # every line told apart, by colour and dash
