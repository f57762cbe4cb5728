"""A learner changes their password on the account page, then logs out of every device: the
other browser that was signed in (say, an office computer) is logged out too."""

import re

from playwright.sync_api import expect

from tests.helpers import TEST_PASSWORD
from tests.helpers.browser import log_in

NEW_PASSWORD = "nasi uduk di pagi hari"


def test_change_password_then_log_out_of_every_device(live_server, browser, phone, make_user):
    make_user()
    office = browser.new_context().new_page()
    log_in(office, live_server, "peserta")
    page = phone
    log_in(page, live_server, "peserta")

    page.get_by_role("link", name="Akun").click()
    expect(page.locator("h1")).to_have_text("Akun saya")
    page.get_by_label("Kata sandi saat ini").fill(TEST_PASSWORD)
    page.get_by_label("Kata sandi baru", exact=True).fill("1234567890")
    page.get_by_label("Ulangi kata sandi baru").fill("1234567890")
    page.get_by_role("button", name="Ganti kata sandi").click()
    expect(page.locator(".field-error")).to_contain_text("terlalu umum")

    page.get_by_label("Kata sandi saat ini").fill(TEST_PASSWORD)
    page.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Ganti kata sandi").click()
    expect(page.get_by_text("Kata sandi diganti")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The office computer was logged out by the change; this phone stays in.
    office.goto(f"{live_server}/my")
    expect(office).to_have_url(re.compile(r"/login"))
    log_in(office, live_server, "peserta", NEW_PASSWORD)

    page.get_by_role("button", name="Keluar dari semua perangkat").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_text("Anda sudah keluar dari semua perangkat")).to_be_visible()
    office.goto(f"{live_server}/my")
    expect(office).to_have_url(re.compile(r"/login"))
    page.goto(f"{live_server}/my")
    expect(page).to_have_url(re.compile(r"/login"))
    office.context.close()
