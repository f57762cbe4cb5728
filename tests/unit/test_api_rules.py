"""The REST API's pure rules (elearn.domain.api): tokens, scopes, cursors, page sizes."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elearn.domain import api

KEY = b"kunci-uji"
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def test_tokens_are_prefixed_high_entropy_and_stored_as_sha256():
    first, second = api.new_token(), api.new_token()
    assert first != second and first.startswith("elapi_") and len(first) >= 6 + 43
    digest = api.token_hash(first)
    assert len(digest) == 64 and first not in digest and digest == api.token_hash(first)
    assert api.looks_like_token(first)
    assert not api.looks_like_token("elapi_") and not api.looks_like_token("ghp_" + "x" * 40)
    assert api.shown_prefix(first) == first[:12]


def test_scopes_are_checked_against_the_fixed_list():
    assert api.clean_scopes(["write:employees", "admin:all", "read:catalog"]) == [
        "read:catalog",
        "write:employees",
    ]
    assert api.allows("read:catalog read:employees", "read:employees")
    assert not api.allows("read:employees", "write:employees")
    assert not api.allows("read:catalog", "read")  # no prefix matching
    assert api.allows(["read:completions"], "read:completions")


def test_usable_and_touch_interval():
    assert api.usable(None, None, NOW)
    assert api.usable(None, NOW + timedelta(seconds=1), NOW)
    assert not api.usable(None, NOW, NOW)
    assert not api.usable(NOW - timedelta(days=1), None, NOW)
    assert api.needs_touch(None, NOW)
    assert not api.needs_touch(NOW - timedelta(seconds=59), NOW)
    assert api.needs_touch(NOW - timedelta(seconds=60), NOW)


@given(st.integers(min_value=0, max_value=2_147_483_647))
def test_a_cursor_round_trips(after):
    cursor = api.encode_cursor(after, KEY)
    assert cursor.isascii() and "=" not in cursor
    assert api.decode_cursor(cursor, KEY) == after


def _forged(payload: dict) -> str:
    raw = json.dumps({"p": json.dumps(payload), "s": "0" * 16}).encode()
    return base64.urlsafe_b64encode(raw).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "x",
        "%%%",
        "a" * 500,
        "漢字",
        base64.urlsafe_b64encode(b"[]").decode(),
        base64.urlsafe_b64encode(b'{"p": 1, "s": 2}').decode(),
        base64.urlsafe_b64encode(b'{"p": "{}", "s": "x"}').decode(),
        _forged({"a": 5}),
    ],
)
def test_hostile_cursors_are_refused(cursor):
    with pytest.raises(api.BadCursor):
        api.decode_cursor(cursor, KEY)


def test_a_cursor_of_another_key_is_refused():
    with pytest.raises(api.BadCursor):
        api.decode_cursor(api.encode_cursor(5, b"other"), KEY)


@given(st.text(max_size=300))
def test_no_text_decodes_to_anything_but_an_id_or_bad_cursor(text):
    try:
        after = api.decode_cursor(text, KEY)
    except api.BadCursor:
        return
    assert isinstance(after, int)


def test_page_size():
    assert api.page_size(None) == api.page_size("") == 50
    assert api.page_size("1") == 1 and api.page_size("200") == 200
    for bad in ("0", "201", "-1", "1.5", "abc", "٣", "9" * 30):
        with pytest.raises(api.BadLimit):
            api.page_size(bad)
