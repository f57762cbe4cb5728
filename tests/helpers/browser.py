"""Steps of the Chromium journeys (tests/e2e) shared by more than one journey."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.helpers import TEST_PASSWORD

# The password `elearn demo` gives its users in the journeys (ELEARN_DEMO_PASSWORD).
DEMO_PASSWORD = "demo-sandi-e2e"


def log_in(page, base: str, username: str, password: str = TEST_PASSWORD) -> None:
    """Log in through the form of the login page; the user lands on /my."""
    page.goto(f"{base}/login")
    page.get_by_label("NIP atau nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/my$"))
