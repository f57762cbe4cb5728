"""/admin/api-tokens (issue 16): only admins; the token is shown once, right after it is
made, and never again; the list shows name, prefix, scopes, unit, last use and revocation;
revoking makes the API answer 401."""

from __future__ import annotations

import re

from sqlalchemy import select

from elearn.domain.api import token_hash
from elearn.extensions import db
from elearn.models import ApiToken, AuditLog
from tests.helpers import csrf_token, logged_in_client
from tests.helpers.api import bearer

TOKEN = re.compile(r'value="(elapi_[A-Za-z0-9_-]+)"')


def admin(app, make_user):
    make_user("admin", roles=("admin",))
    return logged_in_client(app, "admin")


def create(client, **fields):
    data = {
        "csrf_token": csrf_token(client, "/admin/api-tokens/"),
        "name": "SIMPEG Kota Anggrek",
        "scopes": ["read:catalog", "read:employees"],
        **fields,
    }
    return client.post("/admin/api-tokens/", data=data)


def test_only_admins(app, make_user, org):
    make_user("sdm", roles=("hr",), scope_unit_id=org["KOTA-A"])
    client = logged_in_client(app, "sdm")
    assert client.get("/admin/api-tokens/").status_code == 403
    token = csrf_token(client, "/logout")
    assert client.post("/admin/api-tokens/", data={"csrf_token": token}).status_code == 403
    assert app.test_client().get("/admin/api-tokens/").status_code == 302


def test_a_form_without_its_csrf_token_is_refused(app, make_user, org):
    client = admin(app, make_user)
    response = client.post("/admin/api-tokens/", data={"name": "x", "unit": org["KOTA-A"]})
    assert response.status_code == 400 and db.session.scalar(select(ApiToken.id)) is None


def test_the_token_is_shown_once_and_kept_hashed(app, make_user, org):
    client = admin(app, make_user)
    page = create(client, unit=str(org["KOTA-A"]), expires="2099-12-31")
    assert page.status_code == 201 and page.headers["Cache-Control"] == "no-store"
    token = TOKEN.search(page.get_data(as_text=True))[1]
    row = db.session.scalar(select(ApiToken))
    assert row.token_hash == token_hash(token) and row.scopes == "read:catalog read:employees"
    assert row.expires_at.year == 2099 and row.unit_id == org["KOTA-A"]
    listing = client.get("/admin/api-tokens/").get_data(as_text=True)
    assert token not in listing and token[:12] in listing and "SIMPEG Kota Anggrek" in listing
    assert "Pemerintah Kota Anggrek" in listing and "belum pernah" in listing
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "api_token.create"))
    assert token not in str(audit.details)

    assert app.test_client().get("/api/v1/courses", headers=bearer(token)).status_code == 200
    listing = client.get("/admin/api-tokens/").get_data(as_text=True)
    assert "belum pernah" not in listing  # last used is shown


def test_bad_input_is_explained(app, make_user, org):
    client = admin(app, make_user)
    page = create(client, name="", unit="999999", expires="kemarin", scopes=["admin:semua"])
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "Isi nama token" in html and "Pilih unit kerja" in html
    assert "TTTT-BB-HH" in html and "Pilih sedikitnya satu cakupan" in html
    past = create(client, unit=str(org["KOTA-A"]), expires="2000-01-01")
    assert past.status_code == 422 and "setelah hari ini" in past.get_data(as_text=True)
    assert db.session.scalar(select(ApiToken.id)) is None


def test_revoking_makes_the_api_refuse_the_token(app, make_user, org):
    client = admin(app, make_user)
    token = TOKEN.search(create(client, unit=str(org["PKM-A1"])).get_data(as_text=True))[1]
    row_id = db.session.scalar(select(ApiToken.id))
    page = client.post(
        f"/admin/api-tokens/{row_id}/cabut",
        data={"csrf_token": csrf_token(client, "/admin/api-tokens/")},
        follow_redirects=True,
    )
    assert "Token dicabut" in page.get_data(as_text=True)
    assert "dicabut" in client.get("/admin/api-tokens/").get_data(as_text=True)
    assert app.test_client().get("/api/v1/courses", headers=bearer(token)).status_code == 401
    again = client.post(
        f"/admin/api-tokens/{row_id}/cabut",
        data={"csrf_token": csrf_token(client, "/admin/api-tokens/")},
        follow_redirects=True,
    )
    assert "sudah dicabut" in again.get_data(as_text=True)
