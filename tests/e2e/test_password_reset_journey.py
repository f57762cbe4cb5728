"""A learner who forgot their password: 'Lupa kata sandi?' on the login page, the link from
the mail (a real local SMTP server), a new password in Chromium, and a login with it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.helpers.browser import log_in
from tests.helpers.mailbox import link_in

EMAIL = "siti@uji.id"
NEW_PASSWORD = "gudeg jogja manis sekali"


def test_a_learner_resets_a_forgotten_password(live_server, browser, make_user, mailbox):
    make_user(email=EMAIL)
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server}/login")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    page.get_by_label("NIP, nama pengguna atau e-mail").fill("peserta")
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.locator("body")).to_contain_text("Jika akun terdaftar dan memiliki e-mail")

    link = link_in(mailbox.wait_for(EMAIL))
    assert link.startswith(f"{live_server}/password/reset/")
    page.goto(link)
    page.get_by_label("Kata sandi baru", exact=True).fill("pendek")
    page.get_by_label("Ulangi kata sandi baru").fill("pendek")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.locator(".field-error")).to_contain_text("Kata sandi minimal 10 karakter")
    page.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("body")).to_contain_text("Kata sandi baru tersimpan")

    log_in(page, live_server, "peserta", NEW_PASSWORD)
    expect(page.locator("body")).to_contain_text("Siti Rahmawati")
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Tautan tidak berlaku")
    context.close()
