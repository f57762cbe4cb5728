"""Reset codes from HR (issue 17): made from the employee page for an employee in the
officer's scope, shown once or mailed, redeemed once on /activate; never for HR or admin
accounts, never across governments."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import AccountToken, AuditLog, User
from elearn.models.base import utcnow
from tests.helpers import TEST_PASSWORD, csrf_token, logged_in_client, login
from tests.helpers.mailbox import body

NIP = "198609262015051001"
NEW_PASSWORD = "nasi uduk dan teh hangat"
CODE = re.compile(r'<strong id="reset-code">([A-Z0-9]{4}-[A-Z0-9]{4})</strong>')


@pytest.fixture
def people(org, make_user):
    employee = make_user(NIP, unit_id=org["PKM-A1"], employee_type="PNS")
    make_user("hr-anggrek", ("hr",), full_name="Petugas Anggrek", scope_unit_id=org["KOTA-A"])
    make_user("hr-bakung", ("hr",), full_name="Petugas Bakung", scope_unit_id=org["KOTA-B"])
    make_user("admin", ("admin",), full_name="Admin Satu")
    return employee


def make_code(client, user_id):
    token = csrf_token(client, f"/admin/users/{user_id}")
    return client.post(f"/admin/users/{user_id}/reset-code", data={"csrf_token": token})


def redeem(client, code, nip=NIP, password=NEW_PASSWORD):
    data = {
        "username": nip,
        "code": code,
        "password": password,
        "confirm": password,
        "csrf_token": csrf_token(client, "/activate"),
    }
    return client.post("/activate", data=data)


def shown_code(response) -> str:
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    return CODE.search(response.get_data(as_text=True)).group(1)


def test_hr_makes_a_code_the_employee_redeems_once(app, people):
    hr = logged_in_client(app, "hr-anggrek")
    assert "Buat kode atur ulang" in hr.get(f"/admin/users/{people.id}").get_data(as_text=True)
    employee_phone = logged_in_client(app, NIP)
    code = shown_code(make_code(hr, people.id))
    stored = db.session.scalar(select(AccountToken))
    assert stored.purpose == "code" and code.replace("-", "") not in stored.token_hash
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "user.reset_code"))

    employee = app.test_client()
    response = redeem(employee, code.lower().replace("-", " "))  # typed loosely
    assert response.status_code == 302 and response.headers["Location"] == "/my"
    assert employee.get("/account").status_code == 200  # signed in with the new password
    assert employee_phone.get("/account").status_code == 302  # the old session ended
    assert login(app.test_client(), NIP, NEW_PASSWORD).status_code == 302
    assert login(app.test_client(), NIP, TEST_PASSWORD).status_code == 422
    again = redeem(app.test_client(), code, password="mie ayam bakso pedas")
    assert again.status_code == 422 and "kodenya sudah dipakai" in again.get_data(as_text=True)


def test_a_new_code_replaces_the_old_and_codes_expire(app, people, monkeypatch):
    hr = logged_in_client(app, "hr-anggrek")
    first = shown_code(make_code(hr, people.id))
    second = shown_code(make_code(hr, people.id))
    assert redeem(app.test_client(), first).status_code == 422
    later = utcnow() + timedelta(days=8)
    monkeypatch.setattr("elearn.auth.recovery.utcnow", lambda: later)
    assert redeem(app.test_client(), second).status_code == 422


def test_the_code_is_mailed_when_the_employee_has_an_address(app, people, mailbox):
    people.email = "pegawai@uji.id"
    db.session.commit()
    hr = logged_in_client(app, "hr-anggrek")
    response = make_code(hr, people.id)
    assert response.status_code == 302
    text = body(mailbox.wait_for("pegawai@uji.id"))
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", text).group(0)
    assert code not in hr.get(response.headers["Location"]).get_data(as_text=True)
    assert redeem(app.test_client(), code).status_code == 302


def test_an_officer_of_another_government_gets_404(app, people):
    other = logged_in_client(app, "hr-bakung")
    token = csrf_token(other, "/logout")
    response = other.post(f"/admin/users/{people.id}/reset-code", data={"csrf_token": token})
    assert response.status_code == 404
    assert db.session.scalar(select(AccountToken)) is None


@pytest.mark.parametrize("target", ["hr-bakung", "admin", "hr-anggrek"])
def test_hr_cannot_reset_hr_or_admin_accounts(app, people, org, target):
    user = db.session.scalar(select(User).where(User.username == target))
    user.unit_id = org["PKM-A1"]  # inside the officer's scope: the role alone refuses
    db.session.commit()
    hr = logged_in_client(app, "hr-anggrek")
    token = csrf_token(hr, "/logout")
    response = hr.post(f"/admin/users/{user.id}/reset-code", data={"csrf_token": token})
    assert response.status_code == 403
    assert "Buat kode atur ulang" not in hr.get(f"/admin/users/{user.id}").get_data(as_text=True)


def test_learners_may_not_make_codes(app, people, make_user):
    make_user("peserta")
    learner = logged_in_client(app, "peserta")
    token = csrf_token(learner, "/logout")
    response = learner.post(f"/admin/users/{people.id}/reset-code", data={"csrf_token": token})
    assert response.status_code == 403
