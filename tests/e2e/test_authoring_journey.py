"""In Chromium: a trainer writes a new module whose question has no correct answer, sees the
error inline with its line number, fixes it, previews and publishes; a learner sees the new
module with their earlier progress intact."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from elearn.authoring.access import add_author
from elearn.extensions import db
from elearn.models import Course
from tests.helpers import login, mark_read, publish
from tests.helpers.browser import log_in

MODULE = """---
title: Antrean Digital
minutes: 10
---

# Antrean Digital

Antrean digital mengurangi waktu tunggu di loket pelayanan.

## Kuis

### Apa manfaat utama antrean digital? {#manfaat}
- [ ] Menambah jumlah loket
- [ ] Mengurangi waktu tunggu warga

> Warga tidak perlu berdiri lama di depan loket.
"""


def test_trainer_fixes_publishes_and_learner_keeps_progress(
    app, live_server, browser, make_user, make_course
):
    publish(make_course)  # "Kursus Uji", version 1: pengantar, lanjutan
    trainer = make_user("pengajar", ("trainer",), "Budi Santoso")
    add_author(db.session.scalar(select(Course.id).where(Course.slug == "kursus-uji")), trainer.id)
    db.session.commit()
    make_user("peserta")
    learner_client = app.test_client()
    assert login(learner_client).status_code == 302
    mark_read(learner_client, "kursus-uji", "pengantar")  # progress made on version 1

    office = browser.new_context(locale="id-ID")
    page = office.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "pengajar")
    page.get_by_role("link", name="Penulisan").click()
    page.get_by_role("link", name=re.compile("Kursus Uji")).first.click()
    page.get_by_label("Judul modul").fill("Antrean Digital")
    page.get_by_role("button", name="Tambah modul").click()
    expect(page).to_have_url(re.compile(r"/edit/03-antrean-digital\.md$"))

    # A question without a correct answer: the problem is shown with its line number.
    editor = page.get_by_label("Isi berkas (Markdown)")
    editor.fill(MODULE)
    page.get_by_role("button", name="Simpan draf").click()
    problem = page.locator(".problems-box")
    expect(problem).to_contain_text("Baris")
    expect(problem).to_contain_text("jawaban benar")
    number = int(re.search(r"Baris (\d+)", problem.inner_text()).group(1))
    question_line = MODULE.splitlines().index("### Apa manfaat utama antrean digital? {#manfaat}")
    assert number in (question_line + 1, question_line + 2, question_line + 3)

    # Fix it, save, preview with the answer key, publish.
    editor.fill(MODULE.replace("- [ ] Mengurangi", "- [x] Mengurangi"))
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_role("status").first).to_contain_text("Tersimpan di draf")
    expect(page.locator(".problems-box")).to_have_count(0)
    page.get_by_role("link", name="Pratinjau", exact=True).first.click()
    expect(page.locator("main")).to_contain_text("Antrean digital mengurangi waktu tunggu")
    expect(page.locator("main")).to_contain_text("Mengurangi waktu tunggu warga")
    page.goto(f"{live_server}/author/kursus-uji")
    page.get_by_role("link", name="Periksa & terbitkan").click()
    expect(page.locator("main")).to_contain_text("03-antrean-digital.md")
    page.get_by_role("button", name="Terbitkan versi baru").click()
    expect(page.get_by_role("status").first).to_contain_text("Versi 2 diterbitkan")

    # The learner sees the new module and keeps the module read on version 1.
    phone_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    phone = phone_context.new_page()
    phone.set_default_timeout(15_000)
    log_in(phone, live_server, "peserta")
    phone.goto(f"{live_server}/courses/kursus-uji")
    expect(phone.locator("main")).to_contain_text("Antrean Digital")
    expect(phone.locator("main")).to_contain_text("1 dari 3 modul")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    for context in (office, phone_context):
        context.close()
