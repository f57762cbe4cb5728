"""The API's entry on /admin/integrasi: active tokens, where the API and its document are,
and a check that fetches the document through the app."""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..integrations.status import ConnectionFailed
from . import tokens


def settings(_config: Mapping) -> list[tuple[str, str]]:
    document = url_for("api_v1.document", _external=True)
    return [
        (str(_l("Token aktif")), str(tokens.active_count())),
        (str(_l("Alamat dasar")), document.removesuffix("/openapi.json")),
        (str(_l("Dokumen OpenAPI")), document),
        (str(_l("Kelola token")), url_for("admin_api_tokens.index", _external=True)),
    ]


def check() -> str:
    """Ask the app for its own OpenAPI document, as a client would."""
    response = current_app.test_client().get("/api/v1/openapi.json")
    if response.status_code != 200 or not isinstance(response.json, dict):
        raise ConnectionFailed(_("Dokumen OpenAPI menjawab %(s)s.", s=response.status_code))
    paths = response.json.get("paths") or {}
    return _(
        "dokumen OpenAPI %(v)s dengan %(n)s path", v=response.json.get("openapi"), n=len(paths)
    )
