"""Single sign-on with OpenID Connect: /login/sso sends the browser to the provider,
/login/sso/callback comes back with a code (auth/oidc.py, rules in auth/sso.py).

Whatever goes wrong ends on /login with a message in Bahasa Indonesia, never a 500: the
provider down, the person cancelling there, a stale or forged `state`, an answer that fails
its checks, or an account single sign-on may not open."""

from __future__ import annotations

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from flask import Blueprint, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from joserfc.errors import JoseError

from ..integrations import status
from . import oidc
from .sso import SsoRefused, sign_in
from .views import _safe_next

bp = Blueprint("sso", __name__)

# In the Flask session: the ID token of a login made here (for RP-initiated logout), and
# where to go once back from the provider.
LOGIN_KEY = "sso_login"
NEXT_KEY = "sso_next"


class AnswerRejected(Exception):
    """The provider's answer failed a check of ours (issuer, subject)."""


def _back_to_login(message: str):
    flash(message, "error")
    return redirect(url_for("auth.login"))


def _provider_down(detail: str):
    status.record_failure("sso", detail)
    return _back_to_login(
        _(
            "Layanan SSO sedang tidak dapat dihubungi. Coba lagi beberapa menit lagi; bila "
            "masih gagal, hubungi tim TI BKPSDM."
        )
    )


def _not_configured():
    return _back_to_login(_("Masuk dengan SSO belum diaktifkan di platform ini."))


@bp.get("/login/sso")
def start():
    """Send the browser to the provider's login page (state, nonce and PKCE kept in the
    session by Authlib)."""
    if not oidc.configured(current_app.config):
        return _not_configured()
    if current_user.is_authenticated:
        return redirect(url_for("learn.my"))
    try:
        response = oidc.client().authorize_redirect(oidc.external_url("sso.callback"))
    except oidc.ProviderUnavailable as exc:
        return _provider_down(str(exc))
    session[NEXT_KEY] = _safe_next(request.args.get("next"))
    return response


def _provider_refused(error: str):
    """The provider came back with an error instead of a code."""
    if error == "access_denied":
        return _back_to_login(
            _("Masuk dengan SSO dibatalkan. Anda belum masuk; silakan coba lagi bila perlu.")
        )
    if error in ("login_required", "consent_required", "interaction_required"):
        return _back_to_login(_("Penyedia SSO meminta Anda masuk dulu di sana. Coba lagi."))
    status.record_failure("sso", _("Penyedia SSO menjawab galat %(e)s.", e=error[:60]))
    return _back_to_login(
        _(
            "Penyedia SSO menolak permintaan masuk (kode: %(e)s). Hubungi tim TI BKPSDM bila "
            "terus terjadi.",
            e=error[:60],
        )
    )


def _verified_claims(sso) -> tuple[dict, dict]:
    """The token and the ID token's claims (Authlib checked signature, audience, issuer,
    nonce and state), with the userinfo claims when the ID token lacks the NIP."""
    issuer = sso.server_metadata["issuer"]
    # RFC 9207: a provider that names itself in the response must name the configured one.
    given_iss = request.args.get("iss")
    announces = sso.server_metadata.get("authorization_response_iss_parameter_supported")
    if (given_iss or announces) and given_iss != issuer:
        raise AnswerRejected(_("parameter iss %(i)s tidak sesuai", i=(given_iss or "-")[:80]))
    token = sso.authorize_access_token()
    claims = dict(token.get("userinfo") or {})
    if not claims.get("sub") or claims.get("iss") != issuer:
        raise AnswerRejected(_("token ID tanpa sub atau dari penerbit lain"))
    nip_claim = oidc.settings(current_app.config)["nip_claim"]
    if nip_claim not in claims and sso.server_metadata.get("userinfo_endpoint"):
        info = dict(sso.userinfo(token=token))
        if info.get("sub") != claims["sub"]:
            raise AnswerRejected(_("userinfo untuk subjek lain"))
        claims = {**info, **claims}
    return token, claims


def _answer_rejected(detail: str):
    status.record_failure("sso", _("Jawaban penyedia SSO ditolak: %(d)s", d=detail))
    return _back_to_login(
        _(
            "Jawaban penyedia SSO tidak dapat diverifikasi, jadi Anda belum masuk. Coba lagi; "
            "bila terus terjadi, hubungi tim TI BKPSDM."
        )
    )


@bp.get("/login/sso/callback")
def callback():
    """Back from the provider: check its answer, then open the account it names."""
    if not oidc.configured(current_app.config):
        return _not_configured()
    error = request.args.get("error")
    if error:
        return _provider_refused(error)
    try:
        sso = oidc.client()
        token, claims = _verified_claims(sso)
    except oidc.ProviderUnavailable as exc:
        return _provider_down(str(exc))
    except MismatchingStateError:
        return _back_to_login(
            _(
                "Permintaan masuk SSO ini tidak dikenali atau sudah kedaluwarsa (mungkin dari "
                "tab lain). Klik \u201cMasuk dengan SSO\u201d sekali lagi."
            )
        )
    except requests.RequestException as exc:
        return _provider_down(_("Penyedia SSO tidak dapat dihubungi: %(e)s", e=type(exc).__name__))
    except AnswerRejected as exc:
        return _answer_rejected(str(exc))
    except (AuthlibBaseError, JoseError, ValueError, KeyError) as exc:
        return _answer_rejected(f"{type(exc).__name__}: {exc}"[:200])
    try:
        user = sign_in(
            claims["iss"], claims["sub"], claims, oidc.settings(current_app.config)["nip_claim"]
        )
    except SsoRefused as exc:
        return _back_to_login(str(exc))
    login_user(user)
    session[LOGIN_KEY] = {"id_token": token.get("id_token")}
    status.record_success("sso", _("Login SSO berhasil (penerbit %(i)s).", i=claims["iss"]))
    return redirect(session.pop(NEXT_KEY, None) or url_for("learn.my"))
