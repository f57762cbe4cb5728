"""Single sign-on on the admin's integration page (/admin/integrasi): what is configured
and a connection test that reads the provider's discovery document and its keys."""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app
from flask_babel import gettext as _

from ..integrations.status import ConnectionFailed
from . import oidc


def settings(config: Mapping) -> list[tuple[str, str | None, bool]]:
    """(label, value, secret) of each setting; the page masks the secret ones."""
    given = oidc.settings(config)
    redirect = None
    if oidc.configured(config):
        redirect = oidc.external_url("sso.callback")
    return [
        ("ELEARN_OIDC_ISSUER", given["issuer"], False),
        ("ELEARN_OIDC_CLIENT_ID", given["client_id"], False),
        ("ELEARN_OIDC_CLIENT_SECRET", given["client_secret"], True),
        ("ELEARN_OIDC_NIP_CLAIM", given["nip_claim"], False),
        ("ELEARN_OIDC_SCOPES", given["scopes"], False),
        (_("Redirect URI (daftarkan di penyedia)"), redirect, False),
    ]


def check() -> str:
    """Fetch discovery and the JWKS within the timeout; say which issuer answered."""
    config = current_app.config
    try:
        document = oidc.metadata(config, fresh=True)
        keys = oidc.fetch_json(
            document["jwks_uri"], oidc.settings(config)["timeout"], _("JWKS penyedia SSO")
        )
    except oidc.ProviderUnavailable as exc:
        raise ConnectionFailed(str(exc)) from exc
    count = len(keys.get("keys") or [])
    if not count:
        raise ConnectionFailed(_("JWKS penyedia SSO tidak memuat satu kunci pun."))
    logout = _("ada") if document.get("end_session_endpoint") else _("tidak ada")
    return _(
        "penerbit %(i)s, %(n)s kunci di JWKS, end_session_endpoint %(l)s",
        i=document["issuer"],
        n=count,
        l=logout,
    )
