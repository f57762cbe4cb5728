"""The rules behind the request log and /metrics access, without Flask (elearn.domain)."""

from __future__ import annotations

import json

import pytest

from elearn.domain import telemetry


@pytest.mark.parametrize(
    "incoming",
    ["abc", "0f8fad5b-d9cb-469f-a165-70867728950e", "nginx.1_2-3", "A" * 128],
)
def test_a_sane_request_id_is_kept(incoming):
    assert telemetry.request_id(incoming) == incoming


@pytest.mark.parametrize(
    "incoming",
    [None, "", "A" * 129, "id with space", "x\nforged=line", 'q"uote', "-leading", "ñ漢字"],
)
def test_anything_else_gets_a_new_id(incoming):
    made = telemetry.request_id(incoming)
    assert made != incoming
    assert len(made) == 32 and int(made, 16) >= 0
    assert telemetry.request_id(incoming) != made  # a new one every time


def test_methods_and_statuses_are_few_labels():
    assert telemetry.method_label("PATCH") == "PATCH"
    assert telemetry.method_label("BREW") == "OTHER"
    assert [telemetry.status_class(s) for s in (200, 302, 404, 503)] == ["2xx", "3xx", "4xx", "5xx"]


def test_plain_line_is_key_value_with_none_as_a_dash():
    fields = {"request_id": "r1", "user_id": None, "route": "/courses/<slug>", "status": 200}
    assert telemetry.log_line(fields, "plain") == (
        "request_id=r1 user_id=- route=/courses/<slug> status=200"
    )


def test_plain_values_with_spaces_or_quotes_are_quoted():
    assert telemetry.log_line({"a": 'x "y"=z'}, "plain") == 'a="x \\"y\\"=z"'


def test_json_line_is_one_object_on_one_line():
    fields = {"request_id": "r1", "user_id": 7, "route": "/my", "duration_ms": 1.5}
    line = telemetry.log_line(fields, "json")
    assert "\n" not in line
    assert json.loads(line) == fields


def test_allow_list_reads_cidrs_and_addresses_with_commas_or_spaces():
    allowed = telemetry.networks("10.0.0.0/8, 192.168.1.5 ::1")
    assert [str(n) for n in allowed] == ["10.0.0.0/8", "192.168.1.5/32", "::1/128"]
    assert telemetry.networks(["127.0.0.0/8"])[0].num_addresses == 2**24
    assert telemetry.networks("") == () and telemetry.networks(None) == ()


def test_a_wrong_allow_list_entry_is_named():
    with pytest.raises(ValueError, match="'10.0.0.300'"):
        telemetry.networks("127.0.0.1, 10.0.0.300")


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("127.0.0.1", True),
        ("127.9.9.9", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),  # IPv4 through an IPv6 socket
        ("10.0.0.1", False),
        ("::2", False),
        ("", False),
        (None, False),
        ("not-an-address", False),
    ],
)
def test_address_allowed(address, allowed):
    loopback = telemetry.networks("127.0.0.0/8, ::1/128")
    assert telemetry.address_allowed(address, loopback) is allowed


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        ("Bearer s3cret-token", True),
        ("bearer s3cret-token", True),
        ("Bearer s3cret-tokeN", False),
        ("Bearer ", False),
        ("Basic s3cret-token", False),
        ("s3cret-token", False),
        (None, False),
        ("Bearer ñ", False),  # not ASCII: refused, not an error
    ],
)
def test_bearer_token(header, matches):
    assert telemetry.bearer_matches(header, "s3cret-token") is matches


def test_no_token_configured_matches_nothing():
    assert not telemetry.bearer_matches("Bearer ", "")
    assert not telemetry.bearer_matches(None, "")
