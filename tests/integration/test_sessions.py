"""Login sessions end on the server (issue 12, finding 4): a copied session or remember
cookie stops working after logout, logout everywhere, a password change, deactivation and a
change of roles, and by itself after the idle timeout and the absolute lifetime."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_login.utils import encode_cookie
from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import AuditLog, User, UserSession
from elearn.models.base import utcnow
from tests.helpers import TEST_PASSWORD, count_queries, csrf_token, logged_in_client, login
from tests.helpers.certificates import certified_holder, only_certificate
from tests.helpers.certificates import publish as publish_certificate_course

NEW_PASSWORD = "teh manis di sore hari"


def copy_of(app, client):
    """A second browser holding a copy of `client`'s session cookie (what a thief has)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def signed_in(client) -> bool:
    response = client.get("/account")
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    return False


def post(client, path, data=None, page="/account"):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **(data or {})})


def user_id(username="peserta") -> int:
    return db.session.scalar(select(User.id).where(User.username == username))


def live_sessions(username="peserta") -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(func.count())
        .select_from(UserSession)
        .where(UserSession.user_id == user_id(username))
    )


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock, moved forward by `clock.advance(...)`."""

    class Clock:
        offset = timedelta()

        def advance(self, **kw):
            self.offset += timedelta(**kw)

    moved = Clock()
    monkeypatch.setattr("elearn.auth.sessions.utcnow", lambda: utcnow() + moved.offset)
    return moved


def test_a_copied_cookie_stops_working_after_logout(app, learner, client):
    thief = copy_of(app, client)
    assert signed_in(thief)
    post(client, "/logout", page="/logout")
    assert not signed_in(client)
    assert not signed_in(thief)
    assert live_sessions() == 0


def test_a_copied_cookie_no_longer_opens_a_certificate_pdf(app, make_user, make_course):
    publish_certificate_course(make_course)
    user, client = certified_holder(app, make_user)
    path = f"/my/certificates/{only_certificate(user.id).id}.pdf"
    thief = copy_of(app, client)
    assert thief.get(path).status_code == 200
    post(client, "/logout", page="/logout")
    response = thief.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logging_out_on_one_device_keeps_the_others(app, learner, client):
    phone = logged_in_client(app, "peserta")
    post(client, "/logout", page="/logout")
    assert signed_in(phone)


def test_logout_everywhere_ends_every_device_and_every_copy(app, learner, client):
    phone = logged_in_client(app, "peserta")
    thief = copy_of(app, phone)
    page = client.get("/account").get_data(as_text=True)
    assert "Keluar dari semua perangkat" in page
    response = post(client, "/account/logout-everywhere")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert [signed_in(c) for c in (client, phone, thief)] == [False, False, False]
    assert live_sessions() == 0
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.target_id == learner.id)) == (
        "user.logout_all"
    )


def test_password_change_ends_every_other_session_and_the_copy_of_this_one(app, learner, client):
    phone = logged_in_client(app, "peserta")
    thief = copy_of(app, client)
    response = post(
        client,
        "/account/password",
        {"current": TEST_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert signed_in(client)  # the person who changed it stays in, with a new session
    assert not signed_in(phone)
    assert not signed_in(thief)
    assert live_sessions() == 1
    assert login(app.test_client(), password=TEST_PASSWORD).status_code == 422
    assert login(app.test_client(), password=NEW_PASSWORD).status_code == 302


def test_deactivation_on_the_admin_page_ends_the_sessions_at_once(app, make_user, learner, client):
    make_user("admin", ("admin",), "Admin Utama")
    admin = logged_in_client(app, "admin")
    thief = copy_of(app, client)
    page = f"/admin/users/{learner.id}"
    response = post(admin, f"{page}/status", {"active": "0"}, page=page)
    assert response.status_code == 302
    assert not signed_in(client) and not signed_in(thief)
    assert live_sessions() == 0
    assert login(app.test_client()).status_code == 422


def test_deactivation_from_the_command_line_ends_the_sessions(app, runner, learner, client):
    result = runner.invoke(args=["users", "deactivate", "peserta"])
    assert result.exit_code == 0, result.output
    assert not signed_in(client)


def test_a_change_of_roles_ends_the_sessions(app, make_user, learner, client):
    make_user("admin", ("admin",), "Admin Utama")
    admin = logged_in_client(app, "admin")
    page = f"/admin/users/{learner.id}"
    response = post(admin, page, {"roles": ["learner", "trainer"]}, page=page)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert not signed_in(client)
    # Saving placement alone (same roles) keeps the person signed in.
    client = logged_in_client(app, "peserta")
    post(admin, page, {"roles": ["learner", "trainer"], "rank": "III/a"}, page=page)
    assert signed_in(client)


def test_an_idle_session_ends_after_the_idle_timeout(app, learner, client, clock):
    clock.advance(minutes=59)
    assert signed_in(client)  # a request: the session was seen now
    clock.advance(minutes=59)
    assert signed_in(client)
    clock.advance(minutes=61)
    assert not signed_in(client)


def test_a_busy_session_ends_after_its_absolute_lifetime(app, learner, client, clock):
    for _step in range(14):
        clock.advance(minutes=50)
        assert signed_in(client)  # 11 h 40 min after login
    clock.advance(minutes=50)
    assert not signed_in(client)


def test_the_limits_are_settings(make_app, make_user, clock):
    app = make_app(SESSION_IDLE_MINUTES=5)
    make_user()
    client = logged_in_client(app, "peserta")
    clock.advance(minutes=6)
    assert not signed_in(client)


def test_ended_sessions_are_purged_by_the_daily_command(app, runner, make_user, clock):
    make_user()
    make_user("rekan", full_name="Rekan Kerja")
    logged_in_client(app, "peserta")  # logs in, then never comes back
    clock.advance(minutes=61)
    fresh = logged_in_client(app, "rekan")
    result = runner.invoke(args=["users", "purge-sessions"])
    assert result.exit_code == 0, result.output
    assert "1 sesi yang sudah berakhir dihapus." in result.output
    assert live_sessions("peserta") == 0
    assert live_sessions("rekan") == 1 and signed_in(fresh)


def test_reading_pages_writes_last_seen_at_most_once_a_minute(app, learner, client, clock):
    with count_queries() as statements:
        for _ in range(3):
            assert signed_in(client)
    writes = [
        s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]
    assert writes == []
    clock.advance(minutes=2)
    with count_queries() as statements:
        for _ in range(3):
            assert signed_in(client)
    writes = [
        s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]
    assert len(writes) == 1 and "user_sessions" in writes[0]


def test_a_cookie_from_before_server_side_sessions_opens_nothing(app, learner, client):
    """Signed cookies from the previous release carry the bare user id."""
    old = app.test_client()
    with old.session_transaction() as session:
        session["_user_id"] = str(learner.id)
        session["_fresh"] = True
    assert not signed_in(old)


def test_a_remember_cookie_is_tied_to_the_session_too(app, learner, client):
    with client.session_transaction() as session:
        remembered = session["_user_id"]
    assert remembered.startswith(f"{learner.id}:")
    with app.test_request_context():
        value = encode_cookie(remembered)
    browser = app.test_client()
    browser.set_cookie("remember_token", value)
    assert signed_in(browser)
    post(client, "/account/logout-everywhere")
    fresh = app.test_client()
    fresh.set_cookie("remember_token", value)
    assert not signed_in(fresh)
