"""Accounts (issue 12, finding 12): password rules at activation, creation and change; the
account page for every role; deactivation from the employee page and the command line."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import AuditLog, User
from tests.helpers import TEST_PASSWORD, csrf_token, logged_in_client, login

NEW_PASSWORD = "teh manis di sore hari"


def change(client, current=TEST_PASSWORD, password=NEW_PASSWORD, confirm=None):
    return client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(client, "/account"),
            "current": current,
            "password": password,
            "confirm": password if confirm is None else confirm,
        },
    )


def stored(username="peserta") -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def actions(target_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditLog.action).where(AuditLog.target_id == target_id).order_by(AuditLog.id)
        )
    )


@pytest.mark.parametrize(
    "roles", [("learner",), ("trainer",), ("supervisor",), ("hr",), ("admin",)]
)
def test_every_role_has_an_account_page(app, make_user, roles):
    make_user("orang", roles, "Orang Uji")
    client = logged_in_client(app, "orang")
    page = client.get("/account").get_data(as_text=True)
    assert "Ganti kata sandi" in page and "Keluar dari semua perangkat" in page
    assert 'href="/account"' in client.get("/my").get_data(as_text=True)


def test_visitors_are_sent_to_login(client):
    for response in (
        client.get("/account"),
        client.post("/account/password", data={"csrf_token": csrf_token(client, "/login")}),
        client.post(
            "/account/logout-everywhere", data={"csrf_token": csrf_token(client, "/login")}
        ),
    ):
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_forms_without_a_csrf_token_are_refused(learner, client):
    assert client.post("/account/logout-everywhere").status_code == 400
    assert client.post("/account/password", data={"current": TEST_PASSWORD}).status_code == 400
    assert stored().check_password(TEST_PASSWORD)


def test_a_password_change_needs_the_current_password(learner, client):
    response = change(client, current="bukan-sandi-saya")
    assert response.status_code == 422
    assert '<p class="field-error">Kata sandi saat ini salah.</p>' in response.get_data(
        as_text=True
    )
    assert stored().check_password(TEST_PASSWORD)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", "Kata sandi minimal 10 karakter."),
        ("1234567890", "Kata sandi ini terlalu umum"),
        ("Siti Rahmawati", "Kata sandi tidak boleh sama dengan NIP, nama pengguna atau nama Anda."),
    ],
)
def test_a_new_password_follows_the_rules(learner, client, password, message):
    response = change(client, password=password)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="field-error">{message}' in page
    assert f'value="{password}"' not in page  # passwords are never shown back
    assert stored().check_password(TEST_PASSWORD)


def test_a_password_change_is_audited_and_works(learner, client):
    response = change(client)
    assert response.status_code == 302
    assert stored().check_password(NEW_PASSWORD)
    assert actions(learner.id) == ["user.password"]


def test_unicode_passwords_are_normalised(app, learner, client):
    assert change(client, password="ｋｏｐｉ ｔｕｂｒｕｋ ｐａｇｉ").status_code == 302
    assert login(app.test_client(), password="kopi tubruk pagi").status_code == 302


def test_create_user_refuses_common_passwords(runner):
    result = runner.invoke(
        args=["users", "create", "budi", "--name", "Budi", "--password-stdin"],
        input="1234567890\n",
    )
    assert result.exit_code != 0
    assert "Kata sandi ini terlalu umum" in result.output


def test_users_deactivate_and_reactivate_from_the_command_line(runner, learner):
    result = runner.invoke(args=["users", "deactivate", "peserta"])
    assert result.exit_code == 0, result.output
    assert "Akun peserta dinonaktifkan" in result.output
    assert not stored().active
    again = runner.invoke(args=["users", "deactivate", "peserta"])
    assert "sudah nonaktif" in again.output
    result = runner.invoke(args=["users", "reactivate", "peserta"])
    assert result.exit_code == 0 and stored().active
    assert actions(learner.id) == ["user.deactivate", "user.reactivate"]
    unknown = runner.invoke(args=["users", "deactivate", "tidakada"])
    assert unknown.exit_code != 0 and "Pengguna tidakada tidak ditemukan." in unknown.output


def set_status(client, user_id: int, active: str):
    page = f"/admin/users/{user_id}"
    return client.post(
        f"{page}/status", data={"csrf_token": csrf_token(client, "/account"), "active": active}
    )


@pytest.fixture
def people(app, make_user, org):
    """A learner and an HR officer in Kota Anggrek, an HR officer of Kota Bakung, an admin."""
    ids = {
        "learner": make_user("peserta", unit_id=org["PKM-A1"]).id,
        "hr": make_user(
            "hr-a", ("hr",), "Dewi", scope_unit_id=org["KOTA-A"], unit_id=org["KOTA-A"]
        ).id,
        "hr_b": make_user("hr-b", ("hr",), "Bayu", scope_unit_id=org["KOTA-B"]).id,
        "admin": make_user("admin", ("admin",), "Admin Utama").id,
    }
    return ids


def test_hr_of_the_unit_deactivates_and_reactivates_an_employee(app, people):
    hr = logged_in_client(app, "hr-a")
    page = hr.get(f"/admin/users/{people['learner']}").get_data(as_text=True)
    assert "Nonaktifkan akun" in page
    response = set_status(hr, people["learner"], "0")
    assert response.status_code == 302
    assert not stored().active
    page = hr.get(response.headers["Location"]).get_data(as_text=True)
    assert "Akun nonaktif" in page and "Aktifkan kembali" in page
    assert set_status(hr, people["learner"], "1").status_code == 302
    assert stored().active
    assert actions(people["learner"]) == ["user.deactivate", "user.reactivate"]


def test_who_may_not_deactivate(app, people):
    learner = logged_in_client(app, "peserta")
    assert set_status(learner, people["admin"], "0").status_code == 403
    hr_b = logged_in_client(app, "hr-b")
    assert set_status(hr_b, people["learner"], "0").status_code == 404  # out of scope
    hr = logged_in_client(app, "hr-a")
    assert set_status(hr, people["hr"], "0").status_code == 403  # not oneself
    admin = logged_in_client(app, "admin")
    assert set_status(admin, people["admin"], "0").status_code == 403
    assert "Nonaktifkan akun" not in admin.get(f"/admin/users/{people['admin']}").get_data(
        as_text=True
    )
    assert set_status(admin, people["learner"], "ya").status_code == 400
    assert all(stored(name).active for name in ("peserta", "hr-a", "hr-b", "admin"))


def test_hr_may_not_deactivate_another_officer_but_an_admin_may(app, make_user, people, org):
    make_user("hr-dinkes", ("hr",), "Rudi", scope_unit_id=org["DINKES-A"], unit_id=org["DINKES-A"])
    other = stored("hr-dinkes").id
    hr = logged_in_client(app, "hr-a")
    assert set_status(hr, other, "0").status_code == 403
    admin = logged_in_client(app, "admin")
    assert set_status(admin, other, "0").status_code == 302
    assert not stored("hr-dinkes").active
