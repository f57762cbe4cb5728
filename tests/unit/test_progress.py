"""Reading progress through a course: percent, previous/next module."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.domain.progress import OPENED_EVERY, neighbours, percent, resume_due

PROPERTY = settings(max_examples=100, deadline=None)

SLUGS = ["memahami-warga", "komunikasi-empatik", "menangani-keluhan"]
slug_lists = st.lists(st.text(alphabet="abcde-", min_size=1, max_size=6), unique=True, max_size=8)


@pytest.mark.parametrize(
    ("done", "total", "expected"),
    [
        (0, 3, 0),
        (1, 3, 33),
        (2, 3, 66),  # rounded down: 66.7 shows as 66
        (3, 3, 100),
        (0, 0, 0),  # an empty course
        (5, 0, 0),
        (1, -1, 0),
        (4, 3, 100),  # never above 100
        (-1, 3, 0),  # never below 0
    ],
)
def test_percent_examples(done, total, expected):
    assert percent(done, total) == expected


@PROPERTY
@given(st.integers(min_value=-50, max_value=1000), st.integers(min_value=-5, max_value=500))
def test_percent_is_between_0_and_100(done, total):
    assert 0 <= percent(done, total) <= 100


@PROPERTY
@given(
    st.integers(min_value=1, max_value=500).flatmap(
        lambda total: st.tuples(st.integers(min_value=0, max_value=total), st.just(total))
    )
)
def test_percent_is_rounded_down_and_100_only_when_done(args):
    done, total = args
    shown = percent(done, total)
    assert shown * total <= done * 100 < (shown + 1) * total
    assert (shown == 100) == (done == total)


def test_neighbours_in_the_middle():
    assert neighbours(SLUGS, SLUGS[1]) == (SLUGS[0], SLUGS[2])


def test_neighbours_at_the_ends():
    assert neighbours(SLUGS, SLUGS[0]) == (None, SLUGS[1])
    assert neighbours(SLUGS, SLUGS[2]) == (SLUGS[1], None)


def test_neighbours_of_the_only_module():
    assert neighbours(["satu"], "satu") == (None, None)


def test_neighbours_of_an_unknown_module_raise():
    with pytest.raises(ValueError):
        neighbours(SLUGS, "tidak-ada")


@PROPERTY
@given(slug_lists.filter(bool), st.data())
def test_neighbours_are_adjacent_in_course_order(slugs, data):
    index = data.draw(st.integers(min_value=0, max_value=len(slugs) - 1))
    before, after = neighbours(slugs, slugs[index])
    assert before == (slugs[index - 1] if index > 0 else None)
    assert after == (slugs[index + 1] if index < len(slugs) - 1 else None)
    if after is not None:
        assert neighbours(slugs, after)[0] == slugs[index]


def test_the_resume_pointer_moves_with_the_module_and_otherwise_once_an_hour():
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert resume_due(None, None, "pengantar", now)
    assert resume_due("pengantar", now, "lanjutan", now)
    assert not resume_due("pengantar", now - timedelta(minutes=59), "pengantar", now)
    assert resume_due("pengantar", now - OPENED_EVERY, "pengantar", now)
