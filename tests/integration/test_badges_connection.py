"""The Open Badges entry of /admin/integrasi (issue 16): its connection test fetches the
issuer's did:web document over HTTP from the public address, as a verifier would, and
checks that it holds the key the platform signs with now."""

from __future__ import annotations

from elearn.certificates import keyring, signing
from elearn.integrations import status
from tests.helpers import csrf_token, logged_in_client
from tests.helpers.servers import free_port


def connection_test(app, make_user):
    make_user("admin", roles=("admin",))
    client = logged_in_client(app, "admin")
    token = csrf_token(client, "/admin/integrasi/")
    page = client.post(
        "/admin/integrasi/badges/uji", data={"csrf_token": token}, follow_redirects=True
    )
    return page.get_data(as_text=True)


def test_without_a_public_address_it_is_not_configured(app, make_user):
    app.config["PUBLIC_URL"] = ""
    html = connection_test(app, make_user)
    assert "Open Badges 3.0 belum dikonfigurasi" in html and "badges" not in status.statuses()


def test_the_document_served_holds_the_current_key(app, make_user, live_server):
    app.config["PUBLIC_URL"] = live_server
    html = connection_test(app, make_user)
    assert "Uji koneksi Open Badges 3.0 berhasil" in html
    assert "memuat kunci saat ini; 1 kunci diterbitkan" in html
    assert status.statuses()["badges"].healthy is True


def test_a_rotated_key_is_found_too(app, make_user, live_server):
    app.config["PUBLIC_URL"] = live_server
    signing.signing_key(app.instance_path)  # the first key, then its successor
    keyring.rotate(app.instance_path)
    assert "2 kunci diterbitkan" in connection_test(app, make_user)


def test_nobody_answering_is_an_error_on_the_status_line(app, make_user):
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{free_port()}"
    html = connection_test(app, make_user)
    assert "Uji koneksi Open Badges 3.0 gagal" in html and "tidak dapat dihubungi" in html
    assert status.statuses()["badges"].healthy is False


def test_a_plain_http_public_address_is_refused(app, make_user):
    app.config["PUBLIC_URL"] = "http://elearn.contoh.go.id"
    html = connection_test(app, make_user)
    assert "ELEARN_PUBLIC_URL harus https" in html
