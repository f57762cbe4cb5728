"""Who is calling: the bearer token, its scopes, its subtree and its rate limit.

No cookie or session is read under /api: a browser's session gives no access here, so the
blueprint needs no CSRF protection (an attacker's page cannot make a browser send a bearer
token it does not have)."""

from __future__ import annotations

import logging
import time
from functools import wraps
from urllib.parse import urlencode

from flask import Response, current_app, g, jsonify, request
from flask_babel import gettext as _
from limits import parse

from ..domain import api as rules
from ..extensions import limiter
from ..models import ApiToken
from ..reporting.scope import Scope
from . import tokens
from .problems import ApiProblem

RATE_NAMESPACE = "api-token"
LOGGER = logging.getLogger("elearn")


def bearer() -> str | None:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def authenticate() -> ApiToken:
    presented = bearer()
    if presented is None:
        raise ApiProblem(401, _("Header Authorization: Bearer <token> tidak ada."))
    row = tokens.find(presented)
    if row is None:
        raise ApiProblem(401, _("Token tidak dikenal, sudah kedaluwarsa, atau sudah dicabut."))
    return row


def check_rate(row: ApiToken) -> None:
    """Count the request against the token's limit (Flask-Limiter's store and strategy, so
    the counts are shared by every worker when that store is Redis)."""
    if not limiter.enabled:
        return
    item = parse(current_app.config["API_RATE_LIMIT"])
    strategy = limiter.limiter
    try:
        if strategy.hit(item, RATE_NAMESPACE, str(row.id)):
            return
        reset, _remaining = strategy.get_window_stats(item, RATE_NAMESPACE, str(row.id))
    except Exception as error:  # any store failure: Redis down, network
        # An unreachable store must not take the API down; the login limits behave the
        # same (Flask-Limiter's in-memory fallback). The error names no token.
        LOGGER.warning("API rate limit store unavailable: %s", type(error).__name__)
        return
    wait = max(1, int(reset - time.time()) + 1)
    raise ApiProblem(
        429,
        _(
            "Token ini melampaui batas %(limit)s; coba lagi dalam %(n)s detik.",
            limit=str(item),
            n=wait,
        ),
        headers={"Retry-After": str(wait)},
    )


def requires(scope: str):
    """A view reachable with a usable token holding `scope`; its subtree is `token_scope()`."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            row = authenticate()
            check_rate(row)
            if not rules.allows(row.scopes, scope):
                raise ApiProblem(403, _("Token ini tidak memiliki cakupan %(s)s.", s=scope))
            g.api_token = row
            g.api_scope = Scope((row.unit_id,))
            tokens.touch(row)
            return view(*args, **kwargs)

        wrapper.required_scope = scope
        return wrapper

    return decorate


def token_scope() -> Scope:
    return g.api_scope


def actor() -> dict:
    """What the audit log records as the actor of an API write: the token (its id and name;
    actor_id stays empty, no person made the request)."""
    return {"api_token_id": g.api_token.id, "api_token_name": g.api_token.name}


def page_request() -> tuple[int, int]:
    """(after id, limit) from `cursor` and `limit`; a 400 problem for anything not ours."""
    try:
        limit = rules.page_size(request.args.get("limit"))
    except rules.BadLimit:
        raise ApiProblem(
            400, _("limit harus bilangan bulat 1 sampai %(n)s.", n=rules.MAX_LIMIT)
        ) from None
    raw = request.args.get("cursor")
    if raw is None:
        return 0, limit
    try:
        return rules.decode_cursor(raw, _key()), limit
    except rules.BadCursor:
        raise ApiProblem(
            400, _("cursor tidak dikenal; gunakan nilai next_cursor dari halaman sebelumnya.")
        ) from None


def _key() -> bytes:
    return ("api-cursor:" + str(current_app.config["SECRET_KEY"])).encode()


def paginated(rows: list, limit: int, shape) -> Response:
    """The page's JSON with `next_cursor` and a Link header; `rows` holds up to limit + 1
    rows (the extra one only says there is a next page), each with `.id`."""
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = rules.encode_cursor(rows[-1].id, _key()) if more and rows else None
    response = jsonify(data=[shape(r) for r in rows], next_cursor=cursor)
    if cursor:
        args = {k: v for k, v in request.args.items() if k not in ("cursor", "limit")}
        args.update(cursor=cursor, limit=str(limit))
        response.headers["Link"] = f'<{request.base_url}?{urlencode(args)}>; rel="next"'
    return response


def json_body() -> dict:
    """The request's JSON object; a 400 problem for anything else."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiProblem(400, _("Badan permintaan harus berupa objek JSON."))
    return body
