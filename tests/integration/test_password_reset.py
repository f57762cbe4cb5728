"""'Lupa kata sandi?' (issue 17): a single-use, expiring link by e-mail through a real local
SMTP server (aiosmtpd), the same answer whether or not an account exists, a rate limit, and
every session of the account ended by the reset."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from elearn import site_settings
from elearn.extensions import db
from elearn.models import AccountToken, AuditLog
from elearn.models.base import utcnow
from tests.helpers import TEST_PASSWORD, csrf_token, logged_in_client, login
from tests.helpers.mailbox import body, link_in

EMAIL = "siti@uji.id"
NEW_PASSWORD = "kopi tubruk pagi hari"
SAME = "Jika akun terdaftar dan memiliki e-mail, tautan telah dikirim"
INVALID = "Tautan tidak berlaku"


@pytest.fixture
def siti(make_user):
    return make_user(email=EMAIL)


def ask(client, name: str):
    token = csrf_token(client, "/password/forgot")
    return client.post("/password/forgot", data={"username": name, "csrf_token": token})


def path_of(link: str) -> str:
    return urlsplit(link).path


def reset_path(client, mailbox, name="peserta", count=1) -> str:
    assert ask(client, name).status_code == 302
    return path_of(link_in(mailbox.wait_for(EMAIL, count)))


def set_password(client, path, password=NEW_PASSWORD, confirm=None):
    token = csrf_token(client, path)
    data = {"password": password, "confirm": confirm or password, "csrf_token": token}
    return client.post(path, data=data)


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_the_login_page_links_to_the_forgot_page(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/password/forgot"' in page and "Lupa kata sandi?" in page
    form = client.get("/password/forgot").get_data(as_text=True)
    assert '<label for="username">NIP, nama pengguna atau e-mail</label>' in form


@pytest.mark.parametrize("name", ["tidak-ada", "199001012020121009", "orang@lain.id"])
def test_an_unknown_account_gets_the_same_answer_and_no_mail(app, siti, make_user, mailbox, name):
    make_user("tanpa-email", full_name="Budi Santoso")  # exists, but has no address
    answers = []
    for asked in ("peserta", name, "tanpa-email"):
        client = app.test_client()
        response = ask(client, asked)
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        answers.append((response.status_code, response.headers["Location"], SAME in page))
    assert answers[0] == answers[1] == answers[2] == (302, "/password/forgot", True)
    mailbox.wait_for(EMAIL)  # sent in the background: the answer does not wait for SMTP
    assert len(mailbox.received) == 1


def test_the_link_sets_a_new_password_once(client, siti, mailbox):
    path = reset_path(client, mailbox, name=EMAIL.upper())  # the address, any case
    message = mailbox.to(EMAIL)[0]
    assert "Atur ulang kata sandi" in message["Subject"] and "45 menit" in body(message)
    assert db.session.scalar(select(AccountToken.token_hash)) not in body(message)
    # GET shows the form and uses nothing up (a mail scanner may open the link first).
    for _ in range(2):
        page = client.get(path)
        assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    response = set_password(client, path)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "Kata sandi baru tersimpan" in client.get("/login").get_data(as_text=True)
    assert login(client, "peserta", TEST_PASSWORD).status_code == 422
    assert login(client, "peserta", NEW_PASSWORD).status_code == 302
    again = client.get(path)
    assert again.status_code == 404 and INVALID in again.get_data(as_text=True)
    assert set_password(client, path, "teh manis di sore hari").status_code == 404
    assert db.session.scalar(
        select(func.count()).select_from(AuditLog).where(AuditLog.action == "user.password_reset")
    )


def test_the_password_rules_apply_with_messages_under_the_field(client, siti, mailbox):
    path = reset_path(client, mailbox)
    short = set_password(client, path, "pendek")
    assert short.status_code == 422
    assert '<p class="field-error">Kata sandi minimal 10 karakter.' in short.get_data(as_text=True)
    common = set_password(client, path, "password123")
    assert "terlalu umum" in common.get_data(as_text=True)
    mismatch = set_password(client, path, NEW_PASSWORD, "lain sekali ya")
    assert "Kedua kata sandi tidak sama." in mismatch.get_data(as_text=True)
    assert set_password(client, path).status_code == 302  # refusals used nothing up


def test_the_reset_ends_every_session_of_the_account(app, siti, mailbox):
    phone = logged_in_client(app, "peserta")
    laptop = logged_in_client(app, "peserta")
    path = reset_path(app.test_client(), mailbox)
    assert set_password(laptop, path).status_code == 302  # opened where they were signed in
    assert not signed_in(phone) and not signed_in(laptop)


def test_the_link_expires(client, siti, mailbox, monkeypatch):
    path = reset_path(client, mailbox)
    later = utcnow() + timedelta(minutes=46)
    monkeypatch.setattr("elearn.auth.recovery.utcnow", lambda: later)
    page = client.get(path)
    assert page.status_code == 404 and INVALID in page.get_data(as_text=True)


def test_a_newer_link_or_a_password_change_ends_the_older_links(app, client, siti, mailbox):
    first = reset_path(client, mailbox)
    second = reset_path(client, mailbox, count=2)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    signed = logged_in_client(app, "peserta")
    data = {
        "current": TEST_PASSWORD,
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
        "csrf_token": csrf_token(signed, "/account"),
    }
    assert signed.post("/account/password", data=data).status_code == 302
    assert client.get(second).status_code == 404


def test_requests_are_rate_limited_per_account_and_address(make_app, make_user):
    from tests.helpers.mailbox import running_mailbox

    app = make_app(
        PASSWORD_RESETS_PER_ACCOUNT="2 per hour", PASSWORD_RESETS_PER_ADDRESS="4 per hour"
    )
    with app.app_context(), running_mailbox() as box:
        box.configure(app)
        make_user(email=EMAIL)
        client = app.test_client()
        assert [ask(client, "peserta").status_code for _ in range(3)] == [302, 302, 429]
        refused = ask(client, "peserta")
        assert "Terlalu banyak permintaan" in refused.get_data(as_text=True)
        assert refused.headers["Retry-After"]
        box.wait_for(EMAIL, 2)
        assert len(box.to(EMAIL)) == 2
        # The account's own budget holds however it is named; refused quietly (same answer).
        assert ask(client, EMAIL).status_code == 302
        assert len(box.to(EMAIL)) == 2
        # Unknown names count alike (refusing them says nothing), up to the address ceiling.
        assert [ask(client, f"orang-{n}").status_code for n in range(2)] == [302, 429]


def test_garbage_tokens_get_the_friendly_page(client):
    for token in ("x", "x" * 20, "a" * 300, "%00" * 10, "..%2f..%2fetc"):
        response = client.get(f"/password/reset/{token}")
        assert response.status_code == 404, token
        assert response.status_code < 500


def test_a_learner_whose_password_is_off_is_told_to_use_sso(client, siti, mailbox):
    site_settings.set_learner_passwords_off(True, None)
    db.session.commit()
    assert ask(client, "peserta").status_code == 302
    message = mailbox.wait_for(EMAIL)
    assert "SSO" in message["Subject"] and "Masuk dengan SSO" in body(message)
    assert "/password/reset/" not in body(message)
    assert db.session.scalar(select(func.count()).select_from(AccountToken)) == 0


def test_a_signed_in_visitor_is_sent_to_the_account_page(client, learner):
    response = client.get("/password/forgot")
    assert response.status_code == 302 and response.headers["Location"] == "/account"
