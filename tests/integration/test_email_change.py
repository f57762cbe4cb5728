"""/account (issue 17): a password change ends the other sessions; a new e-mail address
becomes the account's only once confirmed from it, and the old address is told."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import User
from tests.helpers import TEST_PASSWORD, csrf_token, logged_in_client
from tests.helpers.mailbox import body, link_in

OLD = "lama@uji.id"
NEW = "baru@uji.id"


@pytest.fixture
def signed(app, make_user):
    make_user(email=OLD)
    return logged_in_client(app, "peserta")


def email_now() -> str | None:
    db.session.expire_all()
    return db.session.scalar(select(User.email).where(User.username == "peserta"))


def ask(client, email=NEW, password=TEST_PASSWORD):
    token = csrf_token(client, "/account")
    data = {"email": email, "email_password": password, "csrf_token": token}
    return client.post("/account/email", data=data)


def test_a_password_change_ends_the_other_sessions_only(app, signed):
    other = logged_in_client(app, "peserta")
    data = {
        "current": TEST_PASSWORD,
        "password": "bubur ayam tanpa kacang",
        "confirm": "bubur ayam tanpa kacang",
        "csrf_token": csrf_token(signed, "/account"),
    }
    assert signed.post("/account/password", data=data).status_code == 302
    assert signed.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_the_new_address_is_confirmed_before_it_counts(app, signed, mailbox):
    page = signed.get("/account").get_data(as_text=True)
    assert '<label for="email">E-mail baru</label>' in page
    response = ask(signed)
    assert response.status_code == 302
    assert NEW in signed.get("/account").get_data(as_text=True)  # the flash says where
    assert email_now() == OLD
    path = urlsplit(link_in(mailbox.wait_for(NEW))).path
    # Opened in another browser (a phone's mail app): GET shows, changes nothing.
    phone = app.test_client()
    shown = phone.get(path)
    assert shown.status_code == 200 and NEW in shown.get_data(as_text=True)
    assert email_now() == OLD
    done = phone.post(path, data={"csrf_token": csrf_token(phone, path)})
    assert done.status_code == 302 and email_now() == NEW
    notice = mailbox.wait_for(OLD)
    assert "diganti" in notice["Subject"] and "baru@uji.id" not in body(notice)
    assert phone.get(path).status_code == 404  # used


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        (NEW, "bukan kata sandinya", "Kata sandi salah."),
        ("bukan-alamat", TEST_PASSWORD, "Tulis alamat e-mail lengkap"),
        ("", TEST_PASSWORD, "Isi alamat e-mail baru."),
        (NEW, "", "Isi kata sandi Anda saat ini."),
    ],
)
def test_refusals_are_shown_under_their_field(signed, mailbox, email, password, message):
    response = ask(signed, email, password)
    assert response.status_code == 422
    assert f'<p class="field-error">{message}' in response.get_data(as_text=True)
    assert email_now() == OLD and not mailbox.received


def test_without_a_mail_server_the_change_is_refused_plainly(signed):
    response = ask(signed)
    assert response.status_code == 422
    assert "Server e-mail belum diatur" in response.get_data(as_text=True)


def test_the_change_needs_a_login(client):
    token = csrf_token(client, "/login")
    response = client.post("/account/email", data={"email": NEW, "csrf_token": token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
