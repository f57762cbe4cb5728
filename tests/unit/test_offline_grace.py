"""The grace rule for answers kept on a device without signal (issue 19, docs/offline.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from elearn.domain.gates import GRACE, OFFLINE_GRACE, offline_late, offline_written_at

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
HOUR_LIMIT = START + timedelta(hours=1)  # a one-hour exam
SHORT_LIMIT = START + timedelta(minutes=5)  # a five-minute quiz
MINUTE = timedelta(minutes=1)


def test_untimed_attempts_take_offline_answers_whenever_they_arrive():
    assert not offline_late(None, START, START, START + timedelta(days=3))


def test_answers_arriving_within_the_ordinary_grace_are_on_time_whatever_the_claim():
    arrived = HOUR_LIMIT + GRACE
    assert not offline_late(HOUR_LIMIT, START, arrived, arrived)


def test_answers_written_in_time_may_wait_for_signal_up_to_the_offline_grace():
    written = HOUR_LIMIT - MINUTE
    assert not offline_late(HOUR_LIMIT, START, written, HOUR_LIMIT + GRACE + OFFLINE_GRACE)
    late_arrival = HOUR_LIMIT + GRACE + OFFLINE_GRACE + timedelta(seconds=1)
    assert offline_late(HOUR_LIMIT, START, written, late_arrival)


def test_answers_written_after_the_deadline_are_late_even_when_sent_soon():
    written = HOUR_LIMIT + GRACE + timedelta(seconds=1)
    assert offline_late(HOUR_LIMIT, START, written, written + MINUTE)


def test_the_offline_grace_is_never_longer_than_the_time_limit_itself():
    written = SHORT_LIMIT - MINUTE
    assert not offline_late(SHORT_LIMIT, START, written, SHORT_LIMIT + GRACE + 5 * MINUTE)
    assert offline_late(SHORT_LIMIT, START, written, SHORT_LIMIT + GRACE + 6 * MINUTE)


def test_a_device_clock_is_believed_only_between_the_start_and_the_arrival():
    arrived = HOUR_LIMIT + 10 * MINUTE
    assert offline_written_at(START - timedelta(days=1), START, arrived) == START
    assert offline_written_at(arrived + timedelta(days=1), START, arrived) == arrived
    inside = START + 20 * MINUTE
    assert offline_written_at(inside, START, arrived) == inside


@given(
    claimed=st.datetimes(timezones=st.just(UTC)),
    delay=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=2)),
)
def test_no_forged_clock_buys_more_than_the_offline_grace(claimed, delay):
    arrived = HOUR_LIMIT + delay
    written = offline_written_at(claimed, START, arrived)
    if not offline_late(HOUR_LIMIT, START, written, arrived):
        assert arrived <= HOUR_LIMIT + GRACE + OFFLINE_GRACE
