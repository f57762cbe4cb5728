"""Single sign-on (issue 16): the provider down, the admin's switch that turns learners'
local passwords off, and SSO on /admin/integrasi; against the real oidc-provider
(tests/oidc) started on loopback."""

from __future__ import annotations

import socket

from elearn import site_settings
from elearn.auth import oidc
from elearn.integrations import status
from tests.helpers import TEST_PASSWORD, csrf_token, logged_in_client, login
from tests.helpers.oidc import (
    CLIENT_SECRET,
    NIP_HR,
    NIP_LEARNER,
    configure,
    path_and_query,
    sign_in_at_provider,
)

CALLBACK = "http://localhost/login/sso/callback"
DOWN = "Layanan SSO sedang tidak dapat dihubungi"


def unused_address() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def employee(make_user, nip=NIP_LEARNER, roles=("learner",), **kw):
    return make_user(nip, roles=roles, full_name="Budi Santoso", employee_type="PNS", **kw)


def test_a_provider_that_cannot_be_reached_is_said_so(app, client):
    configure(app, unused_address())
    response = client.get("/login/sso")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert DOWN in client.get("/login").get_data(as_text=True)
    assert "tidak dapat dihubungi" in status.statuses()["sso"].last_error


def test_a_token_endpoint_gone_down_is_said_so(client, make_user, oidc_provider):
    employee(make_user)
    url = sign_in_at_provider(client.get("/login/sso").headers["Location"], "budi", CALLBACK)
    oidc_provider.process.terminate()
    oidc_provider.process.wait(timeout=10)
    response = client.get(path_and_query(url))
    assert response.headers["Location"].endswith("/login")
    assert DOWN in client.get("/login").get_data(as_text=True)
    assert client.get("/my").status_code == 302
    assert status.statuses()["sso"].healthy is False


def test_discovery_naming_another_issuer_is_refused(app, client, oidc_provider):
    # The same provider reached under another name: its document names 127.0.0.1.
    configure(app, oidc_provider.issuer.replace("127.0.0.1", "localhost"))
    client.get("/login/sso")
    assert DOWN in client.get("/login").get_data(as_text=True)
    assert "bukan" in status.statuses()["sso"].last_error


def test_sso_routes_without_configuration_send_back_to_login(client):
    for path in ("/login/sso", "/login/sso/callback?code=x&state=y"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert "belum diaktifkan" in client.get("/login").get_data(as_text=True)


# --- learners' local passwords -----------------------------------------------------------


def switch(client, off: bool):
    token = csrf_token(client, "/admin/integrasi/sso/kata-sandi")
    data = {"csrf_token": token, **({"passwords_off": "y"} if off else {})}
    return client.post("/admin/integrasi/sso/kata-sandi", data=data, follow_redirects=True)


def test_only_an_admin_reaches_the_switch(app, make_user, org):
    make_user("admin", roles=("admin",))
    make_user("sdm", roles=("hr",), scope_unit_id=org["KOTA-A"])
    make_user("peserta")
    assert app.test_client().get("/admin/integrasi/sso/kata-sandi").status_code == 302
    for username in ("sdm", "peserta"):
        client = logged_in_client(app, username)
        assert client.get("/admin/integrasi/sso/kata-sandi").status_code == 403
    admin = logged_in_client(app, "admin")
    assert admin.get("/admin/integrasi/sso/kata-sandi").status_code == 200
    refused = admin.post("/admin/integrasi/sso/kata-sandi", data={"passwords_off": "y"})
    assert refused.status_code == 400 and not site_settings.learner_passwords_off()


def test_passwords_stay_while_sso_is_not_configured(app, make_user):
    make_user("admin", roles=("admin",))
    page = switch(logged_in_client(app, "admin"), off=True).get_data(as_text=True)
    assert "Atur SSO dulu" in page and not site_settings.learner_passwords_off()


def test_learners_lose_their_passwords_and_staff_keep_theirs(app, make_user, oidc_provider, org):
    make_user("admin", roles=("admin",))
    employee(make_user)
    employee(make_user, NIP_HR, roles=("hr",), scope_unit_id=org["KOTA-A"])
    admin = logged_in_client(app, "admin")
    page = switch(admin, off=True).get_data(as_text=True)
    assert "Kata sandi lokal peserta dinonaktifkan" in page
    assert site_settings.learner_passwords_off()

    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    assert 'id="password-login"' in html and "Masuk dengan kata sandi (admin, HR" in html
    refused = login(client, NIP_LEARNER)
    assert refused.status_code == 403
    assert "admin telah menonaktifkan kata sandi lokal" in refused.get_data(as_text=True)
    assert client.get("/my").status_code == 302
    wrong = login(client, NIP_LEARNER, "salah-sekali-ini")
    assert wrong.status_code == 422 and "kata sandi salah" in wrong.get_data(as_text=True)

    assert login(app.test_client(), NIP_HR).status_code == 302
    assert login(app.test_client(), "admin").status_code == 302
    url = sign_in_at_provider(client.get("/login/sso").headers["Location"], "budi", CALLBACK)
    assert client.get(path_and_query(url)).headers["Location"].endswith("/my")

    switch(admin, off=False)
    assert login(app.test_client(), NIP_LEARNER, TEST_PASSWORD).status_code == 302


def test_the_switch_is_ignored_once_sso_is_unconfigured(app, make_user):
    employee(make_user)
    site_settings.set_learner_passwords_off(True, None)
    assert login(app.test_client(), NIP_LEARNER).status_code == 302


# --- /admin/integrasi ----------------------------------------------------------------------


def test_the_integration_page_shows_sso_with_its_secret_masked(app, make_user, oidc_provider):
    make_user("admin", roles=("admin",))
    html = logged_in_client(app, "admin").get("/admin/integrasi/").get_data(as_text=True)
    assert "Single sign-on (OpenID Connect)" in html
    assert oidc_provider.issuer in html and "elearn-uji" in html
    assert CLIENT_SECRET not in html and "tersimpan (tidak ditampilkan)" in html
    assert CALLBACK in html and "/admin/integrasi/sso/kata-sandi" in html


def test_the_connection_test_reads_discovery_and_keys(app, make_user, oidc_provider):
    make_user("admin", roles=("admin",))
    admin = logged_in_client(app, "admin")
    token = csrf_token(admin, "/admin/integrasi/")
    page = admin.post("/admin/integrasi/sso/uji", data={"csrf_token": token}, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Uji koneksi Single sign-on (OpenID Connect) berhasil" in html
    assert f"penerbit {oidc_provider.issuer}" in html and "kunci di JWKS" in html

    configure(app, unused_address())
    page = admin.post("/admin/integrasi/sso/uji", data={"csrf_token": token}, follow_redirects=True)
    assert "gagal" in page.get_data(as_text=True)
    assert status.statuses()["sso"].failures == 1
    oidc.forget_metadata()
