"""What the platform tells its operators, as plain rules: request ids, the one line logged per
request, and who may read the metrics. No Flask here; elearn/observability wires it in.
"""

from __future__ import annotations

import ipaddress
import json
import re
import secrets
import uuid
from collections.abc import Iterable, Mapping

# An incoming X-Request-ID is kept only when it is a plain token (nginx's $request_id, a
# UUID, a load balancer's trace id): anything else could forge or break a log line.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
# Methods outside this set are one label value, so a client cannot grow the metrics.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Written out only where the value holds a space, a quote or an equals sign.
NEEDS_QUOTES = re.compile(r'[\s"=]')

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def request_id(incoming: str | None) -> str:
    """The id of a request: the caller's X-Request-ID when it is a sane token, else a new
    one (32 hex digits)."""
    if incoming and SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def method_label(method: str) -> str:
    return method if method in KNOWN_METHODS else "OTHER"


def status_class(status: int) -> str:
    """200 -> "2xx": latency histograms per status class keep the series few."""
    return f"{status // 100}xx"


def log_line(fields: Mapping[str, object], fmt: str) -> str:
    """One request as one line: JSON when `fmt` is "json", else key=value pairs (logfmt),
    with a missing value (no user) as "-"."""
    if fmt == "json":
        return json.dumps(dict(fields), ensure_ascii=False, separators=(",", ":"))
    return " ".join(f"{key}={_plain(value)}" for key, value in fields.items())


def _plain(value: object) -> str:
    if value is None:
        return "-"
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if NEEDS_QUOTES.search(text) else text


def networks(setting: str | Iterable[str] | None) -> tuple[Network, ...]:
    """The networks of an allow-list setting: CIDRs or single addresses, separated by commas
    or spaces (or a list); empty allows no network. A wrong entry raises ValueError naming
    it, so a typo stops the app at start rather than opening or closing /metrics silently."""
    if setting is None:
        return ()
    items = setting.replace(",", " ").split() if isinstance(setting, str) else setting
    found = []
    for item in items:
        try:
            found.append(ipaddress.ip_network(str(item).strip(), strict=False))
        except ValueError:
            raise ValueError(f"METRICS_ALLOW: {item!r} is not an address or a network") from None
    return tuple(found)


def address_allowed(address: str | None, allowed: Iterable[Network]) -> bool:
    """Whether a client address lies in one of the networks (an IPv4 address seen as
    ::ffff:a.b.c.d counts as itself)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    candidates = (ip, mapped) if mapped else (ip,)
    return any(c.version == net.version and c in net for c in candidates for net in allowed)


def bearer_matches(authorization: str | None, token: str) -> bool:
    """Whether an Authorization header carries `token` as a bearer token (compared in
    constant time); an empty `token` matches nothing."""
    scheme, _, given = (authorization or "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return secrets.compare_digest(given.strip().encode(), token.encode())
