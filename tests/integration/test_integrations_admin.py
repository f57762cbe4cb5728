"""/admin/integrasi (issue 16): every integration's settings with secrets masked, its status
line, and a "test connection" that records what happened, so none fails silently.

The page's mechanics are checked here with a stand-in list entry whose check is a plain
function; each real integration's own test drives its check against the real system."""

from __future__ import annotations

import pytest

from elearn.admin import integration_list
from elearn.admin.integration_list import Integration, secret, shown
from elearn.integrations import status
from tests.helpers import csrf_token, logged_in_client

SECRET = "rahasia-yang-tidak-boleh-tampil"


@pytest.fixture
def outcomes(monkeypatch):
    """A stand-in integration whose check succeeds or fails as the test says."""
    said: list[str] = []

    def check() -> str:
        answer = said.pop(0)
        if answer.startswith("gagal"):
            raise status.ConnectionFailed(answer)
        return answer

    entry = Integration(
        name="contoh",
        label="Sistem Contoh",
        description="Integrasi untuk uji halaman.",
        settings=lambda config: [
            ("Alamat", shown(config.get("CONTOH_URL"))),
            ("Rahasia", secret(config.get("CONTOH_SECRET"))),
        ],
        configured=lambda config: bool(config.get("CONTOH_URL")),
        check=check,
    )
    monkeypatch.setattr(integration_list, "integrations", lambda: [entry])
    return said


def admin_client(app, make_user):
    make_user("admin", roles=("admin",))
    return logged_in_client(app, "admin")


def test_only_admins_reach_the_page(app, make_user, org):
    make_user("sdm", roles=("hr",), scope_unit_id=org["KOTA-A"])
    make_user("peserta")
    for username in ("sdm", "peserta"):
        client = logged_in_client(app, username)
        assert client.get("/admin/integrasi/").status_code == 403
        token = csrf_token(client, "/logout")
        assert client.post("/admin/integrasi/xapi/uji", data={"csrf_token": token}).status_code in (
            403,
            404,
        )
    assert app.test_client().get("/admin/integrasi/").status_code == 302


def test_settings_show_without_their_secrets(app, make_user, outcomes):
    app.config.update(CONTOH_URL="https://lrs.contoh.go.id/xapi", CONTOH_SECRET=SECRET)
    client = admin_client(app, make_user)
    html = client.get("/admin/integrasi/").get_data(as_text=True)
    assert "Sistem Contoh" in html and "https://lrs.contoh.go.id/xapi" in html
    assert "tersimpan (tidak ditampilkan)" in html and SECRET not in html
    assert "belum pernah dicoba" in html


def test_a_test_records_success_then_failure_and_counts_failures(app, make_user, outcomes):
    app.config.update(CONTOH_URL="https://lrs.contoh.go.id/xapi")
    client = admin_client(app, make_user)
    token = csrf_token(client, "/admin/integrasi/")
    outcomes += ["LRS menjawab 200", "gagal: LRS tidak menjawab dalam 5 detik", "gagal: lagi"]

    page = client.post(
        "/admin/integrasi/contoh/uji", data={"csrf_token": token}, follow_redirects=True
    )
    html = page.get_data(as_text=True)
    assert "Uji koneksi Sistem Contoh berhasil: LRS menjawab 200" in html
    assert "Terakhir berhasil" in html and status.statuses()["contoh"].healthy is True

    for _ in range(2):
        page = client.post(
            "/admin/integrasi/contoh/uji", data={"csrf_token": token}, follow_redirects=True
        )
    html = page.get_data(as_text=True)
    assert "Uji koneksi Sistem Contoh gagal: gagal: lagi" in html
    assert "2 kali gagal sejak berhasil terakhir" in html
    recorded = status.statuses()["contoh"]
    assert recorded.healthy is False and recorded.failures == 2
    assert recorded.last_success == "LRS menjawab 200"


def test_an_unconfigured_integration_is_not_tried(app, make_user, outcomes):
    client = admin_client(app, make_user)
    token = csrf_token(client, "/admin/integrasi/")
    page = client.post(
        "/admin/integrasi/contoh/uji", data={"csrf_token": token}, follow_redirects=True
    )
    assert "Sistem Contoh belum dikonfigurasi" in page.get_data(as_text=True)
    assert "contoh" not in status.statuses()


def test_unknown_integration_and_missing_csrf_are_refused(app, make_user, outcomes):
    app.config.update(CONTOH_URL="https://lrs.contoh.go.id/xapi")
    client = admin_client(app, make_user)
    token = csrf_token(client, "/admin/integrasi/")
    assert (
        client.post("/admin/integrasi/tidak-ada/uji", data={"csrf_token": token}).status_code == 404
    )
    assert client.post("/admin/integrasi/contoh/uji").status_code == 400
    assert "contoh" not in status.statuses()


def test_long_errors_are_clipped_and_flattened(app):
    with app.app_context():
        status.record_failure("contoh", "baris satu\n" + "x" * 1000)
        recorded = status.statuses()["contoh"]
    assert len(recorded.last_error) == status.MESSAGE_LIMIT and "\n" not in recorded.last_error
