"""The OpenID Provider as this site talks to it (single sign-on, auth/sso_views.py).

Authlib's Flask client does the protocol (authorization code with PKCE S256, state, nonce,
the ID token's signature, audience and issuer); this module builds it from app.config at
each use, so a changed setting needs no restart, and keeps the provider's discovery document
for a few minutes. Every call to the provider has a short timeout: a provider that hangs
must not hold a worker."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

import requests
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import current_app, url_for
from flask_babel import gettext as _

DEFAULT_SCOPES = "openid profile"
DEFAULT_NIP_CLAIM = "nip"
# Discovery is read again after this long (a provider may rotate keys or move endpoints).
METADATA_SECONDS = 300

_metadata: dict[str, tuple[float, dict]] = {}
_lock = threading.Lock()


class ProviderUnavailable(Exception):
    """The provider could not be reached or answered nonsense; the message (Indonesian,
    without secrets) is for the admin's status line."""


def settings(config: Mapping) -> dict:
    """The single sign-on settings as given (ELEARN_OIDC_*), with their defaults."""
    scopes = str(config.get("OIDC_SCOPES") or DEFAULT_SCOPES).split()
    if "openid" not in scopes:
        scopes.insert(0, "openid")
    return {
        "issuer": str(config.get("OIDC_ISSUER") or "").strip(),
        "client_id": str(config.get("OIDC_CLIENT_ID") or "").strip(),
        "client_secret": str(config.get("OIDC_CLIENT_SECRET") or ""),
        "nip_claim": str(config.get("OIDC_NIP_CLAIM") or DEFAULT_NIP_CLAIM).strip(),
        "scopes": " ".join(scopes),
        "button_label": str(config.get("OIDC_BUTTON_LABEL") or "").strip() or _("Masuk dengan SSO"),
        "timeout": _seconds(config.get("OIDC_TIMEOUT")),
    }


def _seconds(raw) -> float:
    """The timeout per call: a mistyped setting means the default, not a failing login."""
    try:
        value = float(raw or 5)
    except (TypeError, ValueError):
        return 5.0
    return value if 0 < value <= 60 else 5.0


def configured(config: Mapping) -> bool:
    wanted = settings(config)
    return bool(wanted["issuer"] and wanted["client_id"] and wanted["client_secret"])


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def fetch_json(url: str, timeout: float, what: str) -> dict:
    """GET a JSON document from the provider, or ProviderUnavailable saying what failed."""
    try:
        response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"})
    except requests.Timeout as exc:
        raise ProviderUnavailable(
            _("%(what)s tidak menjawab dalam %(s)s detik (%(url)s).", what=what, s=timeout, url=url)
        ) from exc
    except requests.RequestException as exc:
        raise ProviderUnavailable(
            _("%(what)s tidak dapat dihubungi (%(url)s).", what=what, url=url)
        ) from exc
    if response.status_code != 200:
        raise ProviderUnavailable(
            _(
                "%(what)s menjawab HTTP %(code)s (%(url)s).",
                what=what,
                code=response.status_code,
                url=url,
            )
        )
    try:
        document = response.json()
    except ValueError as exc:
        raise ProviderUnavailable(
            _("%(what)s tidak berupa JSON (%(url)s).", what=what, url=url)
        ) from exc
    if not isinstance(document, dict):
        raise ProviderUnavailable(
            _("%(what)s tidak berupa objek JSON (%(url)s).", what=what, url=url)
        )
    return document


def load_metadata(issuer: str, timeout: float) -> dict:
    """The provider's discovery document, checked to name the configured issuer (a document
    naming another issuer would let that one's tokens in)."""
    document = fetch_json(discovery_url(issuer), timeout, _("Dokumen discovery penyedia SSO"))
    named = str(document.get("issuer") or "")
    if named.rstrip("/") != issuer.rstrip("/"):
        raise ProviderUnavailable(
            _(
                "Dokumen discovery menyebut penerbit %(named)s, bukan %(issuer)s yang diatur.",
                named=named or "-",
                issuer=issuer,
            )
        )
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not document.get(key):
            raise ProviderUnavailable(_("Dokumen discovery tidak memuat %(key)s.", key=key))
    return document


def metadata(config: Mapping, fresh: bool = False) -> dict:
    """The discovery document of the configured provider, kept METADATA_SECONDS."""
    wanted = settings(config)
    issuer = wanted["issuer"]
    with _lock:
        kept = _metadata.get(issuer)
    if kept and not fresh and time.monotonic() - kept[0] < METADATA_SECONDS:
        return dict(kept[1])
    document = load_metadata(issuer, wanted["timeout"])
    with _lock:
        _metadata[issuer] = (time.monotonic(), document)
    return dict(document)


def forget_metadata() -> None:
    """Drop every kept discovery document (tests start providers on new ports)."""
    with _lock:
        _metadata.clear()


def client(config: Mapping | None = None) -> FlaskOAuth2App:
    """Authlib's client for the configured provider (raises ProviderUnavailable)."""
    config = config if config is not None else current_app.config
    wanted = settings(config)
    document = metadata(config)
    sso = FlaskOAuth2App(
        FlaskIntegration("sso"),
        name="sso",
        client_id=wanted["client_id"],
        client_secret=wanted["client_secret"],
        client_kwargs={
            "scope": wanted["scopes"],
            "code_challenge_method": "S256",
            "default_timeout": wanted["timeout"],
        },
    )
    # Given here (not as keyword arguments: a document's keys could collide with them), the
    # metadata means Authlib never fetches discovery itself; "_loaded_at" tells it so.
    sso.server_metadata.update(document, _loaded_at=time.time())
    return sso


def external_url(endpoint: str) -> str:
    """An absolute URL of this site for the provider (PUBLIC_URL when set: behind a proxy
    the request's own host may not be the public one)."""
    public = str(current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    return public + url_for(endpoint) if public else url_for(endpoint, _external=True)


def logout_url(id_token: str | None) -> str | None:
    """Where to send a browser whose single sign-on session just ended here, so that it ends
    at the provider too (RP-initiated logout), or None when the provider offers no
    end_session_endpoint or cannot be reached (our own session is over either way)."""
    config = current_app.config
    if not configured(config):
        return None
    try:
        sso = client(config)
    except ProviderUnavailable:
        return None
    if not sso.server_metadata.get("end_session_endpoint"):
        return None
    found = sso.create_logout_url(
        post_logout_redirect_uri=external_url("auth.login"),
        id_token_hint=id_token,
        client_id=settings(config)["client_id"],
    )
    return found["url"]
