"""In Chromium, on a phone: an HR officer opens the SKM page, sees a weak unit with the course
recommended for its weak elements, makes it mandatory for the unit's front-line staff in one
step (after a confirmation), and finds the assignment with the staff it reaches."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from elearn import clock
from tests.helpers.browser import log_in
from tests.helpers.skm_weak import build


def test_hr_assigns_the_recommended_course_to_a_weak_units_front_line(
    live_server, phone, org, make_user
):
    build(org)
    make_user("bkpsdm", ("hr",), "Dewi Lestari", scope_unit_id=org["KOTA-A"])
    log_in(phone, live_server, "bkpsdm")
    phone.goto(f"{live_server}/hr/")
    phone.get_by_role("link", name="Survei kepuasan").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Survei Kepuasan Masyarakat (SKM)")

    melati = phone.get_by_role("region", name="Kelurahan Melati")
    expect(melati).to_contain_text("U7 Perilaku pelaksana")
    expect(melati).to_contain_text("Pelayanan Prima")
    expect(phone.get_by_role("region", name="Puskesmas Anggrek Dua")).to_contain_text(
        "belum punya petugas layanan"
    )
    course = re.compile("^Wajibkan untuk petugas layanan.*Pelayanan Prima")
    melati.get_by_role("link", name=course).click()

    # The confirmation: what will be created, with a due date 90 days ahead to change.
    expect(phone.get_by_role("heading", level=1)).to_have_text("Wajibkan untuk petugas layanan")
    plan = phone.get_by_role("table")
    expect(plan).to_contain_text("Petugas Loket")
    expect(plan).to_contain_text("Akan dibuat")
    expect(plan).not_to_contain_text("Staf Arsip")
    due = phone.get_by_label("Batas waktu")
    expect(due).to_have_value((clock.today() + timedelta(days=90)).isoformat())
    due.fill((clock.today() + timedelta(days=30)).isoformat())
    phone.get_by_role("button", name="Buat pelatihan wajib").click()

    expect(phone.get_by_role("status").first).to_contain_text(
        "1 pelatihan wajib dibuat untuk petugas layanan: Petugas Loket."
    )
    expect(phone.get_by_role("heading", level=1)).to_have_text("Kelurahan Melati")
    phone.get_by_role("link", name=re.compile(r"^penugasan #\d+$")).first.click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Pelayanan Prima")
    expect(phone.locator("dl.facts")).to_contain_text("Kelurahan Melati")
    expect(phone.locator("dl.facts")).to_contain_text("Petugas Loket")
    expect(phone.locator("dl.facts")).to_contain_text("Rekomendasi SKM 2026-S1")
    expect(phone.get_by_role("table")).to_contain_text("Ani Loket")
    expect(phone.get_by_role("table")).to_contain_text("Budi Loket")
