"""Logging in and out through the Flask client."""

import pytest
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import User
from tests.helpers import TEST_PASSWORD, csrf_token, login, speed

CALM = "NIP/nama pengguna atau kata sandi salah"


def test_login_page_has_labelled_fields_and_csrf(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    assert '<label for="username">NIP atau nama pengguna</label>' in page
    assert '<label for="password">Kata sandi</label>' in page
    assert 'lang="id"' in page


def test_login_success_redirects_to_my(client, make_user):
    make_user()
    response = login(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/my")
    assert "Siti Rahmawati" in client.get("/my").get_data(as_text=True)
    with client.application.app_context():
        user = db.session.scalar(select(User).where(User.username == "peserta"))
        assert user.last_login_at is not None


@pytest.mark.parametrize(
    "username,password", [("peserta", "salah-sekali"), ("tidakada", TEST_PASSWORD)]
)
def test_wrong_credentials_get_one_calm_message(client, make_user, username, password):
    make_user()
    response = login(client, username, password)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert CALM in page
    assert "tidak terdaftar" not in page
    assert f'value="{username}"' in page  # what the user typed is kept
    assert "/my" not in response.headers.get("Location", "")


def test_empty_fields_get_messages_next_to_fields(client):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"username": "", "password": "", "csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Isi NIP atau nama pengguna." in page
    assert "Isi kata sandi." in page


def test_login_without_csrf_token_is_refused_kindly(client, make_user):
    make_user()
    response = client.post("/login", data={"username": "peserta", "password": TEST_PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Formulir sudah kedaluwarsa" in page
    assert "Traceback" not in page
    assert client.get("/my").status_code == 302  # still logged out


def test_nip_typed_with_spaces_logs_in(client, make_user):
    make_user("198609262015051001", full_name="Andi Pratama")
    response = login(client, "19860926 201505 1 001")
    assert response.status_code == 302


def test_inactive_user_cannot_log_in(app, client, make_user):
    user = make_user()
    user.active = False
    db.session.commit()
    response = login(client)
    assert response.status_code == 422
    assert CALM in response.get_data(as_text=True)


def test_password_is_stored_hashed(app, make_user):
    user = make_user()
    assert TEST_PASSWORD not in user.password_hash
    assert user.password_hash.startswith(f"{speed.FAST_PASSWORD_HASH_METHOD}$")


def test_passwords_are_hashed_with_scrypt_outside_the_suite(app, make_user, monkeypatch):
    """The suite hashes with one round of PBKDF2 (tests/helpers/speed.py); what ships is
    Werkzeug's scrypt, and a password set that way still logs in."""
    from elearn.models import people

    assert speed.SHIPPED_PASSWORD_HASH_METHOD == "scrypt"
    monkeypatch.setattr(people, "PASSWORD_HASH_METHOD", speed.SHIPPED_PASSWORD_HASH_METHOD)
    user = make_user()
    assert user.password_hash.startswith("scrypt:")
    assert user.check_password(TEST_PASSWORD)


def test_next_parameter_only_returns_to_this_site(client, make_user):
    make_user()
    token = csrf_token(client, "/login?next=/courses")
    data = {"username": "peserta", "password": TEST_PASSWORD, "csrf_token": token}
    response = client.post("/login?next=/courses", data=data)
    assert response.headers["Location"].endswith("/courses")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    token = csrf_token(client, "/login")
    data["csrf_token"] = token
    response = client.post("/login?next=https://jahat.example/", data=data)
    assert response.headers["Location"].endswith("/my")


def test_protected_page_sends_visitor_to_login_and_back(client, make_user):
    response = client.get("/my")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_logout_needs_post_with_csrf(client, learner):
    page = client.get("/logout").get_data(as_text=True)
    assert "Anda yakin ingin keluar" in page
    assert client.get("/my").status_code == 200  # GET did not log out
    assert client.post("/logout").status_code == 400  # no token
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    assert response.status_code == 302
    assert client.get("/my").status_code == 302


def test_login_is_rate_limited(make_app, make_user):
    app = make_app(LOGIN_FAILURES_PER_ACCOUNT="3 per minute")
    client = app.test_client()
    with app.app_context():
        from elearn.auth.services import create_user

        create_user("peserta", "Siti", ["learner"], TEST_PASSWORD)
    for _ in range(3):
        assert login(client, "peserta", "salah-sekali").status_code == 422
    response = login(client, "peserta", TEST_PASSWORD)
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)
