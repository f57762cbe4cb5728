"""Single sign-on in headless Chromium against a real OpenID Provider (panva's
oidc-provider, tests/oidc): a learner presses "Masuk dengan SSO", logs in on the provider's
own page, consents, lands on /my; logging out ends the session at the provider too
(RP-initiated logout). And a NIP that is no employee's comes back to /login with a clear
message."""

import re

from playwright.sync_api import expect

from tests.helpers.oidc import NIP_LEARNER, NIP_UNKNOWN


def at_provider_log_in(page, issuer: str, login: str) -> None:
    """The provider's development login page: any login name, any password; then its
    consent page when it asks."""
    expect(page).to_have_url(re.compile("^" + re.escape(issuer) + "/interaction/"))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("sandi-di-penyedia")
    page.get_by_role("button", name="Sign-in").click()
    consent = page.get_by_role("button", name="Continue")
    if page.url.startswith(issuer) and consent.count():
        consent.click()


def test_a_learner_signs_on_and_signs_out_at_the_provider(
    live_server, live_oidc_provider, browser, make_user
):
    make_user(NIP_LEARNER, full_name="Budi Santoso", employee_type="PNS")
    context = browser.new_context(locale="id-ID", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{live_server}/login")
    page.get_by_role("link", name="Masuk dengan SSO").click()
    at_provider_log_in(page, live_oidc_provider.issuer, "budi")
    expect(page).to_have_url(re.compile(re.escape(live_server) + "/my$"))
    expect(page.locator("body")).to_contain_text("Budi Santoso")

    page.get_by_role("button", name="Keluar").click()
    # The provider asks whether to end its session too.
    expect(page).to_have_url(re.compile("^" + re.escape(live_oidc_provider.issuer)))
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page).to_have_url(re.compile(re.escape(live_server) + "/login"))
    page.goto(f"{live_server}/my")
    expect(page).to_have_url(re.compile(re.escape(live_server) + "/login"))

    # The provider forgot the person too: the next sign-on asks for the login again.
    page.goto(f"{live_server}/login")
    page.get_by_role("link", name="Masuk dengan SSO").click()
    expect(page.locator("input[name=login]")).to_be_visible()
    context.close()


def test_a_nip_that_is_no_employee_gets_a_clear_message(
    live_server, live_oidc_provider, browser, make_user
):
    make_user(NIP_LEARNER, full_name="Budi Santoso", employee_type="PNS")
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server}/login")
    page.get_by_role("link", name="Masuk dengan SSO").click()
    at_provider_log_in(page, live_oidc_provider.issuer, "tamu")
    expect(page).to_have_url(re.compile(re.escape(live_server) + "/login$"))
    expect(page.locator(".notice.error")).to_contain_text(
        f"NIP {NIP_UNKNOWN} tidak terdaftar sebagai pegawai di platform ini"
    )
    context.close()
