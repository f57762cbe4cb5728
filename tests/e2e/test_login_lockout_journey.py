"""An account locked after ten wrong passwords, while a colleague at the same office (the same
address) logs in as usual."""

from playwright.sync_api import expect

from tests.helpers.browser import log_in


def test_locked_account_waits_while_a_colleague_logs_in(live_server, browser, make_user):
    make_user("peserta")
    make_user("rekan", full_name="Rekan Kerja")
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server}/login")
    for _ in range(10):
        page.get_by_label("NIP atau nama pengguna").fill("peserta")
        page.get_by_label("Kata sandi").fill("salah-sekali")
        page.get_by_role("button", name="Masuk").click()
        expect(page.locator("#login-error")).to_contain_text("kata sandi salah")
    page.get_by_label("Kata sandi").fill("salah-lagi")
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("#login-error")).to_contain_text(
        "Terlalu banyak percobaan yang gagal. Demi keamanan akun, coba lagi dalam 15 menit."
    )
    expect(page.get_by_label("NIP atau nama pengguna")).to_have_value("peserta")
    expect(page.get_by_label("Kata sandi")).to_have_value("")
    context.close()

    colleague = browser.new_context(locale="id-ID").new_page()
    log_in(colleague, live_server, "rekan")
    expect(colleague.locator("body")).to_contain_text("Rekan Kerja")
    colleague.context.close()
