"""Report figures and chart geometry, without an app."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elearn.domain.reporting import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    STATUSES,
    bar_chart,
    local_date,
    percent,
    safe_filename,
    shorten,
    shortfall,
)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 3, 33.3), (2, 3, 66.7), (5, 7, 71.4), (0, 4, 0.0), (4, 4, 100.0), (1, 0, None)],
)
def test_percent(part, whole, expected):
    assert percent(part, whole) == expected


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_percent_stays_between_0_and_100_when_part_fits(part, whole):
    value = percent(min(part, whole), whole)
    assert 0 <= value <= 100


def test_shortfall():
    assert [shortfall(jp, 20) for jp in (0, 8, 19, 20, 35)] == [20, 12, 1, 0, 0]


def test_statuses_are_ranked_for_sorting():
    assert STATUSES.index(NOT_STARTED) < STATUSES.index(IN_PROGRESS) < STATUSES.index(COMPLETED)


def test_local_date_uses_the_deployment_time_zone():
    late = datetime(2025, 12, 31, 18, 30, tzinfo=UTC)  # 1 January 01.30 WIB
    assert str(local_date(late, "Asia/Jakarta")) == "2026-01-01"
    assert local_date(None, "Asia/Jakarta") is None


def test_safe_filename():
    assert safe_filename("matriks", "PKM A/1", 7) == "matriks-PKM-A-1-7"
    assert safe_filename("transkrip", "") == "transkrip"
    assert safe_filename('"; rm -rf') == "rm--rf"
    assert safe_filename("") == "laporan"


def test_shorten():
    assert shorten("Puskesmas", 20) == "Puskesmas"
    assert shorten("Dinas Kesehatan Kota Anggrek", 10) == "Dinas Kes…"


def test_bars_scale_to_the_given_maximum():
    chart = bar_chart([("A", 50, "50%"), ("B", 100, "100%"), ("C", None, "—")], scale_max=100)
    assert chart.width == 320 and chart.track == 256 and chart.height == 3 * 44
    widths = [bar.width for bar in chart.bars]
    assert widths == [128.0, 256.0, 0.0]
    assert [bar.y for bar in chart.bars] == [20, 64, 108]
    assert all(bar.label_y < bar.y for bar in chart.bars)  # the label sits above its bar
    assert {bar.text_x for bar in chart.bars} == {262}  # values in a column right of bars
    assert chart.bars[1].text_x + 40 <= chart.width  # "100%" still fits


def test_bars_scale_to_the_largest_value_without_a_maximum():
    chart = bar_chart([("A", 2, "2"), ("B", 8, "8")])
    assert [bar.width for bar in chart.bars] == [64.0, 256.0]


def test_long_labels_are_cut_but_kept_whole_in_the_title():
    name = "Unit Pelaksana Teknis Daerah Pusat Kesehatan Masyarakat Anggrek Satu"
    [bar] = bar_chart([(name, 10, "10")]).bars
    assert bar.label.endswith("…") and len(bar.label) <= 40 and bar.title == name


def test_an_empty_chart_still_has_a_height():
    chart = bar_chart([])
    assert chart.bars == () and chart.height > 0


@given(
    st.lists(
        st.tuples(st.text(max_size=80), st.one_of(st.none(), st.floats(-10, 1e6)), st.just("x")),
        max_size=30,
    )
)
def test_bars_never_leave_the_track(items):
    chart = bar_chart(items)
    for bar in chart.bars:
        assert 0 <= bar.width <= chart.track
        assert bar.y + chart.bar_height <= chart.height
