"""Certificate numbers, validity periods, status and NIP masking on public pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.domain.certificates import (
    DEFAULT_NUMBER_PATTERN,
    add_years,
    format_number,
    mask_nip,
    status,
)

PROPERTY = settings(max_examples=100, deadline=None)
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
NIP = "198609262015051001"


# format_number -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "sequence", "number"),
    [
        (2026, 123, "ELN/2026/000123"),
        (2026, 1, "ELN/2026/000001"),
        (2027, 999999, "ELN/2027/999999"),
        (2027, 1234567, "ELN/2027/1234567"),  # grows past six digits rather than truncating
    ],
)
def test_default_number_pattern(year, sequence, number):
    assert DEFAULT_NUMBER_PATTERN == "ELN/{year}/{seq:06d}"
    assert format_number(DEFAULT_NUMBER_PATTERN, year, sequence) == number


@pytest.mark.parametrize(
    ("pattern", "number"),
    [
        ("{seq:04d}/BKPSDM-MDN/{year}", "0042/BKPSDM-MDN/2026"),
        ("STTP-{year}-{seq}", "STTP-2026-42"),
        ("800/{seq:03d}/SERT/{year}", "800/042/SERT/2026"),
        ("{year}{seq:05d}", "202600042"),
    ],
)
def test_custom_number_pattern(pattern, number):
    assert format_number(pattern, 2026, 42) == number


# add_years ---------------------------------------------------------------------------------


def test_add_years_keeps_the_calendar_day_and_time():
    moment = datetime(2026, 3, 15, 10, 30, 5, tzinfo=UTC)
    assert add_years(moment, 3) == datetime(2029, 3, 15, 10, 30, 5, tzinfo=UTC)
    assert add_years(moment, 0) == moment


def test_add_years_from_29_february_lands_on_28_february():
    leap = datetime(2024, 2, 29, 8, 0, tzinfo=UTC)
    assert add_years(leap, 1) == datetime(2025, 2, 28, 8, 0, tzinfo=UTC)
    assert add_years(leap, 2) == datetime(2026, 2, 28, 8, 0, tzinfo=UTC)
    assert add_years(leap, 4) == datetime(2028, 2, 29, 8, 0, tzinfo=UTC)  # leap again


def test_add_years_keeps_the_timezone():
    wib = timezone(timedelta(hours=7))
    result = add_years(datetime(2026, 12, 31, 23, 59, tzinfo=wib), 2)
    assert result == datetime(2028, 12, 31, 23, 59, tzinfo=wib)
    assert result.tzinfo is wib


def test_add_years_works_on_naive_datetimes():
    assert add_years(datetime(2020, 2, 29), 3) == datetime(2023, 2, 28)


@PROPERTY
@given(
    moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31)),
    years=st.integers(min_value=0, max_value=10),
)
def test_add_years_moves_only_the_year(moment, years):
    result = add_years(moment, years)
    assert result.year == moment.year + years
    assert result.month == moment.month
    assert result.time() == moment.time()
    if (moment.month, moment.day) == (2, 29):
        assert result.day in (28, 29)
    else:
        assert result.day == moment.day


# status ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("revoked_at", "expires_at", "expected"),
    [
        (None, None, "valid"),  # no expiry: valid forever
        (None, NOW + timedelta(days=1), "valid"),
        (None, NOW + timedelta(microseconds=1), "valid"),
        (None, NOW, "expired"),  # exactly now counts as expired
        (None, NOW - timedelta(days=1), "expired"),
        (NOW - timedelta(days=1), None, "revoked"),
        (NOW - timedelta(days=1), NOW + timedelta(days=1), "revoked"),
        (NOW - timedelta(days=1), NOW - timedelta(days=2), "revoked"),  # revoked wins
        (NOW + timedelta(days=1), NOW - timedelta(days=2), "revoked"),
    ],
)
def test_status(revoked_at, expires_at, expected):
    assert status(revoked_at, expires_at, NOW) == expected


# mask_nip ----------------------------------------------------------------------------------


def test_mask_nip_keeps_birth_year_and_serial_only():
    masked = mask_nip(NIP)
    assert masked == "1986•••• •••••• • 001"
    assert masked.startswith("1986")
    assert masked.endswith("001")
    digits = "".join(ch for ch in masked if ch.isdigit())
    assert digits == "1986001"
    for hidden in ("0926", "201505", "19860926"):
        assert hidden not in masked.replace(" ", "")


def test_mask_nip_accepts_the_spaced_form():
    assert mask_nip("19860926 201505 1 001") == mask_nip(NIP)
    assert mask_nip("  19860926  201505 1 001 ") == "1986•••• •••••• • 001"


@pytest.mark.parametrize("empty", [None, ""])
def test_mask_nip_of_nothing_is_empty(empty):
    assert mask_nip(empty) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1986092620150510", "•••••••••••••510"),  # 16 digits
        ("19860926201505100", "••••••••••••••100"),  # 17 digits
        ("1986092620150510012", "••••••••••••••••012"),  # 19 digits
        ("12345", "••345"),
        ("123", "123"),
        ("tidak ada", ""),
    ],
)
def test_mask_nip_of_other_input_reveals_at_most_the_last_three_digits(value, expected):
    assert mask_nip(value) == expected


@PROPERTY
@given(st.text(alphabet="0123456789 -.abc", max_size=30))
def test_mask_nip_never_reveals_more_than_allowed(value):
    masked = mask_nip(value)
    digits = "".join(ch for ch in value if ch.isdigit())
    shown = "".join(ch for ch in masked if ch.isdigit())
    if len(digits) == 18:
        assert shown == digits[:4] + digits[-3:]
    else:
        assert len(shown) <= 3
        assert shown == digits[-3:]
