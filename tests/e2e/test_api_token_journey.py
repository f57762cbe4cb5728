"""An admin makes an API token for the BKPSDM's personnel system on /admin/api-tokens,
copies it from the page, and the system reads the catalog with it from the running server;
then the admin revokes it and the server answers 401."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from playwright.sync_api import expect

from tests.helpers import publish
from tests.helpers.browser import log_in


def call(base: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 (the test's own loopback server)
        f"{base}/api/v1/courses", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_admin_creates_uses_and_revokes_a_token(live_server, browser, make_user, make_course, org):
    publish(make_course)
    make_user("admin", roles=("admin",))
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "admin")

    page.goto(f"{live_server}/admin/integrasi/")
    expect(page.locator("#integrasi-api")).to_contain_text("/api/v1/openapi.json")
    page.goto(f"{live_server}/admin/api-tokens/")
    page.get_by_label("Nama token").fill("SIMPEG Kota Anggrek")
    page.get_by_label("read:catalog").check()
    page.get_by_label("Unit kerja").select_option(label="Pemerintah Kota Anggrek")
    page.get_by_role("button", name="Buat token").click()

    expect(page.get_by_text("Token hanya ditampilkan sekali")).to_be_visible()
    token = page.get_by_test_id("new-token").input_value()
    assert token.startswith("elapi_")
    status, body = call(live_server, token)
    assert status == 200 and [c["slug"] for c in body["data"]] == ["kursus-uji"]

    page.goto(f"{live_server}/admin/api-tokens/")
    assert token not in page.content()  # shown once only
    row = page.locator("tr", has_text="SIMPEG Kota Anggrek")
    expect(row).not_to_contain_text("belum pernah")  # its use is listed
    row.get_by_role("button", name="Cabut").click()
    expect(page.get_by_text("Token dicabut")).to_be_visible()

    status, body = call(live_server, token)
    assert status == 401 and body["status"] == 401 and body["title"]
    context.close()
