"""Heat map cells: the share of members below the level and its severity band."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.domain.gaps import below_share, heat_level

PROPERTY = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("below", "members", "share", "heat"),
    [
        (0, 5, 0.0, 0),
        (1, 100, 1.0, 1),
        (1, 4, 25.0, 1),
        (2, 5, 40.0, 2),
        (1, 2, 50.0, 2),
        (2, 3, 66.7, 3),
        (3, 4, 75.0, 3),
        (4, 5, 80.0, 4),
        (3, 3, 100.0, 4),
    ],
)
def test_bands(below, members, share, heat):
    assert below_share(below, members) == share
    assert heat_level(below, members) == heat


def test_a_cell_nobody_is_required_for_is_empty_not_good():
    assert below_share(0, 0) is None
    assert heat_level(0, 0) is None


def test_a_tiny_share_is_still_not_green():
    assert heat_level(1, 10_000) == 1


@PROPERTY
@given(st.integers(1, 10_000), st.data())
def test_more_members_short_is_never_a_milder_band(members, data):
    below = data.draw(st.integers(0, members - 1))
    assert heat_level(below, members) <= heat_level(below + 1, members)
    assert 0 <= below_share(below, members) <= 100
