"""domain.recovery: secrets stored only as digests, codes typed any way, one use, expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from elearn.domain import recovery
from elearn.domain.recovery import State

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_secrets_are_long_random_and_url_safe():
    secrets = {recovery.new_secret() for _ in range(200)}
    assert len(secrets) == 200
    for secret in secrets:
        assert len(secret) >= 43  # 256 bits
        assert recovery.plausible_secret(secret)


def test_only_a_digest_is_stored_and_it_does_not_reveal_the_secret():
    secret = recovery.new_secret()
    stored = recovery.digest(secret)
    assert len(stored) == 64 and secret not in stored
    assert recovery.digest(secret) == stored  # found again by the same digest
    assert recovery.digest(secret + "x") != stored


def test_codes_are_readable_and_typed_any_way():
    code = recovery.new_code()
    assert len(code) == 9 and code[4] == "-"
    assert not set(code.replace("-", "")) & set("0O1I")
    stored = recovery.code_digest(code)
    for typed in (code.lower(), code.replace("-", " "), f"  {code.replace('-', '')} "):
        assert recovery.code_digest(typed) == stored
    assert recovery.code_digest("ABCD-EFGH") != recovery.code_digest("ABCD-EFGJ")


def test_a_code_never_matches_a_link_digest():
    assert recovery.code_digest("ABCD-EFGH") != recovery.digest("ABCDEFGH")


def test_a_token_is_usable_until_it_expires():
    expires = NOW + timedelta(minutes=45)
    assert recovery.state(expires, None, NOW) is State.USABLE
    assert recovery.state(expires, None, expires - timedelta(seconds=1)) is State.USABLE
    assert recovery.state(expires, None, expires) is State.EXPIRED
    assert recovery.state(expires, None, expires + timedelta(days=1)) is State.EXPIRED


def test_a_used_token_stays_used():
    expires = NOW + timedelta(minutes=45)
    assert recovery.state(expires, NOW, NOW) is State.USED
    assert recovery.state(expires, NOW, expires + timedelta(days=1)) is State.USED


def test_junk_is_not_a_plausible_secret():
    for junk in ("", "x" * 19, "x" * 101, "a" * 30 + "/", "a" * 30 + "%00", "ä" * 30):
        assert not recovery.plausible_secret(junk)
