"""NIP display: 18 digits in four groups, anything else as given."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.domain.nip import format_nip

PROPERTY = settings(max_examples=100, deadline=None)


@pytest.mark.parametrize(
    "value",
    [
        "198609262015051001",
        "19860926 201505 1 001",
        " 19860926  201505 1 001 ",
        "1986 0926 2015 0510 01",
        "19860926\t201505\t1\t001",
    ],
)
def test_formats_eighteen_digits_with_or_without_spaces(value):
    assert format_nip(value) == "19860926 201505 1 001"


def test_groups_are_birth_date_tmt_gender_serial():
    assert format_nip("199001152019032002") == "19900115 201903 2 002"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "admin",
        "1986092620150510",  # 16 digits
        "19860926201505100",  # 17 digits
        "1986092620150510012",  # 19 digits
        "19860926-201505-1-001",
        "NIP 198609262015051001",
        "19860926.201505.1.001",
        "１９８６０９２６２０１５０５１００１",  # full-width digits are not a NIP
        "siti.rahmawati@medan.go.id",
    ],
)
def test_other_input_is_returned_unchanged(value):
    assert format_nip(value) == value


def test_none_becomes_empty():
    assert format_nip(None) == ""


@PROPERTY
@given(st.text(alphabet="0123456789", min_size=18, max_size=18))
def test_formatted_nip_keeps_every_digit_in_order(digits):
    shown = format_nip(digits)
    assert shown.replace(" ", "") == digits
    assert [len(group) for group in shown.split(" ")] == [8, 6, 1, 3]
    assert format_nip(shown) == shown  # idempotent


@PROPERTY
@given(st.text(max_size=30))
def test_anything_not_an_eighteen_digit_nip_is_unchanged(value):
    compact = "".join(value.split())
    if len(compact) == 18 and compact.isascii() and compact.isdigit():
        assert format_nip(value).replace(" ", "") == compact
    else:
        assert format_nip(value) == value
