"""In Chromium on a phone (issue 18): an HR officer prints a service's poster; a citizen
opens the poster's address, answers the nine questions by tapping and is thanked; a second
answer the same day is refused, and a flood from one address meets the 429 page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from elearn.domain import skm
from tests.helpers import skm as rows
from tests.helpers.browser import log_in
from tests.helpers.skm_public import stored

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
FILL_SECONDS = 1  # the minimum fill time, lowered from 5 so the journey stays short


def citizen(browser, **size):
    """A new phone (a new device: no cookie) in Indonesian."""
    context = browser.new_context(locale="id-ID", **{**PHONE, **size})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def answer_by_tapping(page) -> None:
    """Tap the third answer of each of the nine questions, then send after reading a while."""
    for element in skm.ELEMENTS:
        group = page.get_by_role("group", name=f"{element.number}. {element.question}")
        group.get_by_text(element.answers[2], exact=True).tap()
        expect(group.get_by_role("radio", name=element.answers[2], exact=True)).to_be_checked()
    page.wait_for_timeout(FILL_SECONDS * 1000 + 200)
    page.get_by_role("button", name="Kirim jawaban").tap()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth === window.innerWidth")


def poster_address(browser, base: str) -> str:
    """The address an HR officer's printed poster shows, as a citizen would type it."""
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, base, "hr")
    page.goto(f"{base}/hr/skm/layanan")
    page.get_by_role("link", name=re.compile("^Poster QR")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pembuatan KTP-el")
    expect(page.get_by_role("img", name=re.compile("Kode QR menuju survei"))).to_be_visible()
    address = page.locator(".skm-poster-url strong").inner_text()
    context.close()
    return f"http://{address}"


def test_a_citizen_answers_by_tapping_once_a_day_and_a_flood_is_refused(
    app, live_server, browser, make_user, org
):
    app.config.update(SKM_MIN_FILL_SECONDS=FILL_SECONDS, SKM_RATE_LIMIT="4 per hour")
    service = rows.service(org["KEL-A1"], "Pembuatan KTP-el", population=500)
    make_user("hr", ("hr",), "Dewi Lestari", scope_unit_id=org["KOTA-A"])
    address = poster_address(browser, live_server)
    assert address.endswith(f"/skm/{service.public_code}")

    page = citizen(browser)
    page.goto(address)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pembuatan KTP-el")
    expect(page.get_by_text("Kelurahan Melati")).to_be_visible()
    assert fits(page)
    stale = page.context.new_page()  # the same phone had the form open in another tab
    stale.goto(address)
    answer_by_tapping(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih atas penilaian Anda")
    assert fits(page) and stored(service.id) == 1

    page.goto(address)  # a second answer the same day: the form is not offered
    expect(page.get_by_text("Anda sudah mengisi survei layanan ini hari ini.")).to_be_visible()
    expect(page.get_by_role("button", name="Kirim jawaban")).to_have_count(0)
    answer_by_tapping(stale)  # nor taken from a tab opened before
    expect(stale.get_by_text("Anda sudah mengisi survei layanan ini hari ini.")).to_be_visible()
    assert stored(service.id) == 1
    page.context.close()

    # More phones on the same network address: every answer sent counts against it.
    for _ in range(2):
        other = citizen(browser)
        other.goto(address)
        answer_by_tapping(other)
        expect(other.get_by_role("heading", level=1)).to_have_text(
            "Terima kasih atas penilaian Anda"
        )
        other.context.close()
    flood = citizen(browser, viewport={"width": 360, "height": 740})
    flood.goto(address)
    assert fits(flood)
    answer_by_tapping(flood)
    expect(flood.get_by_role("heading", level=1)).to_have_text(
        "Terlalu banyak jawaban dari jaringan ini"
    )
    assert fits(flood)
    assert stored(service.id) == 3
    flood.context.close()
