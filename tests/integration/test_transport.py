"""Cookies and transport (issue 12, finding 13): on an https site (PUBLIC_URL) the cookies
are Secure with the __Host- prefix and responses carry HSTS; on plain http neither."""

from __future__ import annotations

from datetime import timedelta

from tests.helpers import CSRF_INPUT, TEST_PASSWORD, login

SITE = "https://elearn.example.go.id"


def set_cookies(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}


def test_https_site_gets_secure_host_cookies_and_hsts(make_app, make_user):
    app = make_app(PUBLIC_URL=SITE)
    make_user()
    client = app.test_client()
    page = client.get("/login", base_url=SITE)
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
    token = CSRF_INPUT.search(page.get_data(as_text=True)).group(1)
    response = client.post(
        "/login",
        data={"username": "peserta", "password": TEST_PASSWORD, "csrf_token": token},
        base_url=SITE,
        headers={"Referer": f"{SITE}/login"},  # Flask-WTF checks it on https
    )
    assert response.status_code == 302
    cookie = set_cookies(response)["__Host-session"]
    assert "; Secure" in cookie and "; Path=/" in cookie and "HttpOnly" in cookie
    assert "Domain=" not in cookie
    assert "session" not in set_cookies(response)
    assert client.get("/account", base_url=SITE).status_code == 200  # the cookie works


def test_remember_cookie_settings_follow_https(make_app):
    app = make_app(PUBLIC_URL=SITE)
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_NAME"] == "__Host-remember_token"
    assert (
        app.config["REMEMBER_COOKIE_DOMAIN"] is None and app.config["REMEMBER_COOKIE_PATH"] == "/"
    )


def test_http_site_keeps_plain_cookies_and_no_hsts(app, make_user, client):
    make_user()
    response = login(client)
    cookie = set_cookies(response)["session"]
    assert "Secure" not in cookie
    assert "Strict-Transport-Security" not in client.get("/login").headers
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_cookie_lifetimes_follow_the_absolute_session_lifetime(make_app):
    app = make_app(SESSION_MAX_HOURS=8)
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=8)
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(hours=8)


def test_settings_come_from_the_environment(make_app, monkeypatch):
    monkeypatch.setenv("ELEARN_PUBLIC_URL", SITE)
    monkeypatch.setenv("ELEARN_SESSION_IDLE_MINUTES", "15")
    monkeypatch.setenv("ELEARN_HSTS_MAX_AGE", "600")
    app = make_app()
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["SESSION_IDLE_MINUTES"] == 15
    assert app.test_client().get("/login").headers["Strict-Transport-Security"] == "max-age=600"
