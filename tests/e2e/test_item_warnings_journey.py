"""In Chromium: a trainer types a question with a "semua benar" choice and no explanation;
the live preview shows both warnings by line in amber, apart from the problems, and the
course still publishes."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from elearn.authoring.access import add_author
from elearn.extensions import db
from elearn.models import Course
from tests.helpers import publish
from tests.helpers.browser import log_in

MODULE = """---
title: Lanjutan
---

# Lanjutan

Materi lanjutan tentang antrean.

## Kuis

### Dua tambah dua? {#dua}
- [x] Empat
- [ ] Lima
- [ ] Semua benar
"""


def test_trainer_sees_item_writing_warnings_and_still_publishes(
    live_server, browser, make_user, make_course
):
    publish(make_course)
    trainer = make_user("pengajar", ("trainer",), "Budi Santoso")
    add_author(db.session.scalar(select(Course.id).where(Course.slug == "kursus-uji")), trainer.id)
    db.session.commit()
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "pengajar")
    page.goto(f"{live_server}/author/kursus-uji/edit/02-lanjutan.md")

    page.get_by_label("Isi berkas (Markdown)").fill(MODULE)  # the live preview follows
    box = page.locator("#preview-body .warnings-box")
    expect(box).to_contain_text("2 peringatan penulisan soal")
    expect(box).to_contain_text("Baris 11")  # the question: no explanation
    expect(box).to_contain_text("Baris 14")  # the choice "Semua benar"
    expect(box).to_contain_text("pilihan `Semua benar` mudah ditebak")
    expect(page.locator("#preview-body .problems-box")).to_have_count(0)
    assert box.evaluate("e => getComputedStyle(e).borderLeftColor") != "rgb(164, 22, 26)"

    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_role("status").first).to_contain_text("Tersimpan di draf")
    page.goto(f"{live_server}/author/kursus-uji")
    page.get_by_role("link", name="Periksa & terbitkan").click()
    page.get_by_role("button", name="Terbitkan versi baru").click()
    expect(page.get_by_role("status").first).to_contain_text(re.compile("Versi 2 diterbitkan"))
    context.close()
