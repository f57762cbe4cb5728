"""Single sign-on (issue 16) against a real OpenID Provider (panva's oidc-provider from
tests/oidc, on loopback): the app is driven with Flask's test client, the provider's own
login and consent pages over HTTP.

Accounts are matched by the NIP claim to employees imported by HR, bound to the provider's
(iss, sub) on the first sign-on; admins never sign on this way; every failure ends on /login
with a message in Bahasa Indonesia."""

from __future__ import annotations

from sqlalchemy import select

from elearn.extensions import db
from elearn.integrations import status
from elearn.models import User, UserSession
from tests.helpers.oidc import (
    NIP_ADMIN,
    NIP_HR,
    NIP_LEARNER,
    cancel_at_provider,
    path_and_query,
    query,
    sign_in_at_provider,
)

CALLBACK = "http://localhost/login/sso/callback"


def employee(make_user, nip=NIP_LEARNER, roles=("learner",), **kw):
    return make_user(nip, roles=roles, full_name="Budi Santoso", employee_type="PNS", **kw)


def start(client) -> str:
    """Press "Masuk dengan SSO"; return where the browser is sent (the provider)."""
    response = client.get("/login/sso")
    assert response.status_code == 302
    return response.headers["Location"]


def come_back(client, url: str):
    return client.get(path_and_query(url))


def sign_on(client, login="budi"):
    """The whole journey; the response to the callback."""
    return come_back(client, sign_in_at_provider(start(client), login, CALLBACK))


def message_on_login(client) -> str:
    return client.get("/login").get_data(as_text=True)


def test_the_button_shows_only_when_configured(app, client, oidc_provider):
    assert "Masuk dengan SSO" in client.get("/login").get_data(as_text=True)
    app.config["OIDC_BUTTON_LABEL"] = "Masuk dengan Akun Daerah"
    assert "Masuk dengan Akun Daerah" in client.get("/login").get_data(as_text=True)
    app.config["OIDC_ISSUER"] = ""
    page = client.get("/login").get_data(as_text=True)
    assert "SSO" not in page and "Akun Daerah" not in page


def test_the_authorization_request_uses_pkce_state_and_nonce(client, oidc_provider):
    url = start(client)
    assert url.startswith(oidc_provider.issuer + "/auth?")
    params = query(url)
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) >= 43
    assert params["state"] and params["nonce"] and params["redirect_uri"] == CALLBACK
    assert set(params["scope"].split()) >= {"openid", "profile"}


def test_a_learner_signs_on_and_is_bound_to_the_provider_identity(
    app, client, make_user, oidc_provider
):
    user = employee(make_user)
    response = sign_on(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/my")
    assert client.get("/my").status_code == 200
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.sso_issuer, user.sso_subject) == (oidc_provider.issuer, "budi")
    assert user.last_login_at is not None
    assert db.session.scalar(select(UserSession.id).where(UserSession.user_id == user.id))
    assert status.statuses()["sso"].healthy is True


def test_an_hr_officer_who_is_an_employee_may_sign_on(client, make_user, oidc_provider, org):
    employee(make_user, NIP_HR, roles=("hr",), scope_unit_id=org["KOTA-A"])
    assert sign_on(client, "sdm").headers["Location"].endswith("/my")


def test_logout_ends_our_session_and_then_the_providers(client, make_user, oidc_provider):
    employee(make_user)
    sign_on(client)
    from tests.helpers import csrf_token

    token = csrf_token(client, "/logout")
    response = client.post("/logout", data={"csrf_token": token})
    location = response.headers["Location"]
    assert location.startswith(oidc_provider.issuer + "/session/end?")
    params = query(location)
    assert params["post_logout_redirect_uri"] == "http://localhost/login"
    assert params["id_token_hint"].count(".") == 2
    assert db.session.scalar(select(UserSession.id)) is None
    assert client.get("/my").status_code == 302


def test_pages_let_the_logout_form_redirect_to_the_provider(client, oidc_provider):
    # Browsers check form-action along a form's redirects: without the provider's origin
    # the logout POST's redirect to end_session_endpoint is blocked (seen in Chromium).
    csp = client.get("/login").headers["Content-Security-Policy"]
    assert f"form-action 'self' {oidc_provider.issuer};" in csp


def test_password_logout_stays_here(client, make_user, oidc_provider):
    employee(make_user)
    from tests.helpers import csrf_token, login

    login(client, NIP_LEARNER)
    token = csrf_token(client, "/logout")
    response = client.post("/logout", data={"csrf_token": token})
    assert response.headers["Location"].endswith("/login")


def test_cancelling_at_the_provider_says_so(client, make_user, oidc_provider):
    employee(make_user)
    response = come_back(client, cancel_at_provider(start(client), CALLBACK))
    assert response.headers["Location"].endswith("/login")
    assert "Masuk dengan SSO dibatalkan" in message_on_login(client)


def test_a_wrong_state_is_refused_with_a_message(client, make_user, oidc_provider):
    employee(make_user)
    url = sign_in_at_provider(start(client), "budi", CALLBACK)
    forged = url.replace("state=", "state=x")
    response = come_back(client, forged)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert "tidak dikenali atau sudah kedaluwarsa" in message_on_login(client)
    assert client.get("/my").status_code == 302


def test_an_issuer_other_than_the_configured_one_is_refused(client, make_user, oidc_provider):
    employee(make_user)
    url = sign_in_at_provider(start(client), "budi", CALLBACK)
    forged = url.replace("iss=", "iss=https%3A%2F%2Fpenyerang.example")
    assert "iss=" in url
    come_back(client, forged)
    assert "tidak dapat diverifikasi" in message_on_login(client)
    assert client.get("/my").status_code == 302
    assert "parameter iss" in status.statuses()["sso"].last_error


def test_a_missing_nip_claim_is_refused(client, make_user, oidc_provider):
    employee(make_user)
    sign_on(client, "tanpa-nip")
    assert "tidak mengirim NIP Anda" in message_on_login(client)


def test_a_nip_that_is_no_employee_is_refused(client, make_user, oidc_provider):
    make_user(NIP_LEARNER)  # an account named like the NIP, but not imported by HR
    sign_on(client)
    assert "tidak terdaftar sebagai pegawai" in message_on_login(client)
    assert db.session.scalar(select(User.id).where(User.sso_subject.is_not(None))) is None


def test_an_admin_account_never_signs_on(client, make_user, oidc_provider):
    employee(make_user, NIP_ADMIN, roles=("learner", "admin"))
    sign_on(client, "kepala")
    assert "Akun admin tidak dapat masuk dengan SSO" in message_on_login(client)
    assert client.get("/my").status_code == 302


def test_an_inactive_account_is_refused(client, make_user, oidc_provider):
    user = employee(make_user)
    user.active = False
    db.session.commit()
    sign_on(client)
    assert "Akun Anda dinonaktifkan" in message_on_login(client)


def test_an_account_bound_to_another_subject_is_refused(client, make_user, oidc_provider):
    user = employee(make_user)
    user.sso_issuer, user.sso_subject = oidc_provider.issuer, "orang-lain"
    db.session.commit()
    sign_on(client)
    assert "sudah terhubung ke identitas SSO lain" in message_on_login(client)
    assert client.get("/my").status_code == 302


def test_the_second_sign_on_of_the_same_identity_works(app, make_user, oidc_provider):
    employee(make_user)
    assert sign_on(app.test_client()).headers["Location"].endswith("/my")
    assert sign_on(app.test_client()).headers["Location"].endswith("/my")


def test_odd_callbacks_end_on_login_with_a_message(client, oidc_provider):
    for query_string in (
        "",
        "?code=x",
        "?state=y",
        "?code=x&state=y&iss=" + oidc_provider.issuer,
        "?error=server_error&error_description=%3Cscript%3E",
        "?error=" + "a" * 3000,
        "?code=%00&state=%FF",
    ):
        response = client.get("/login/sso/callback" + query_string)
        assert response.status_code in (302, 400), query_string
        if response.status_code == 302:
            assert response.headers["Location"].endswith("/login"), query_string
    assert "<script>" not in client.get("/login").get_data(as_text=True)
