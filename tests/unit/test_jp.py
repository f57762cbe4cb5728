"""Learning hours (JP): the credited year in WIB, totals per year, what remains."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.domain.jp import credit_year, remaining, totals_by_year

PROPERTY = settings(max_examples=100, deadline=None)
WIB = timezone(timedelta(hours=7))  # Asia/Jakarta has no daylight saving time


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        (datetime(2026, 12, 31, 17, 30, tzinfo=UTC), 2027),  # 00:30 WIB on 1 January
        (datetime(2026, 12, 31, 17, 0, tzinfo=UTC), 2027),  # midnight WIB
        (datetime(2026, 12, 31, 16, 59, tzinfo=UTC), 2026),  # 23:59 WIB
        (datetime(2026, 12, 31, 16, 59, 59, 999999, tzinfo=UTC), 2026),
        (datetime(2027, 1, 1, 0, 30, tzinfo=WIB), 2027),
        (datetime(2026, 12, 31, 23, 59, tzinfo=WIB), 2026),
        (datetime(2027, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=9))), 2027),  # WIT
        (datetime(2026, 12, 31, 12, 0, tzinfo=timezone(timedelta(hours=-5))), 2027),
    ],
)
def test_credit_year_is_the_year_in_jakarta(moment, year):
    assert credit_year(moment) == year


def test_credit_year_in_another_zone():
    moment = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
    assert credit_year(moment, "UTC") == 2026
    assert credit_year(moment, "Asia/Jayapura") == 2027


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        credit_year(datetime(2026, 12, 31, 23, 59))


@PROPERTY
@given(
    st.datetimes(
        min_value=datetime(2000, 1, 2),
        max_value=datetime(2100, 12, 30),
        timezones=st.just(UTC),
    )
)
def test_credit_year_matches_utc_plus_seven(moment):
    assert credit_year(moment) == (moment + timedelta(hours=7)).year
    assert credit_year(moment.astimezone(WIB)) == credit_year(moment)


def test_totals_by_year_sums_per_year_newest_first():
    totals = totals_by_year([(2025, 6), (2027, 2), (2026, 4), (2025, 10), (2027, 1)])
    assert totals == {2027: 3, 2026: 4, 2025: 16}
    assert list(totals) == [2027, 2026, 2025]


def test_totals_by_year_of_nothing_is_empty():
    assert totals_by_year([]) == {}
    assert totals_by_year(iter(())) == {}


@PROPERTY
@given(
    st.lists(
        st.tuples(st.integers(min_value=2000, max_value=2100), st.integers(0, 100)), max_size=30
    )
)
def test_totals_by_year_properties(credits):
    totals = totals_by_year(iter(credits))
    assert list(totals) == sorted({year for year, _ in credits}, reverse=True)
    assert sum(totals.values()) == sum(jp for _, jp in credits)
    for year, total in totals.items():
        assert total == sum(jp for y, jp in credits if y == year)


@pytest.mark.parametrize(
    ("done", "target", "left"),
    [(0, 20, 20), (12, 20, 8), (20, 20, 0), (26, 20, 0), (5, 0, 0)],
)
def test_remaining_examples(done, target, left):
    assert remaining(done, target) == left


@PROPERTY
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_remaining_is_never_negative_and_reaches_the_target(done, target):
    left = remaining(done, target)
    assert left >= 0
    assert done + left >= target
    if left:
        assert done + left == target
