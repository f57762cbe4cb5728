"""Questions to the trainer in Chromium (issue 17): a learner asks under a module, the
trainer finds it on /author and answers, the learner marks the answer helpful, the trainer
pins it, and another learner reads the pinned Tanya-jawab on the module page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.helpers.browser import log_in
from tests.helpers.questions import MODULE_PAGE, THREAD, setup_course


def _page(browser, base: str, username: str):
    page = browser.new_page(locale="id-ID")  # a context of its own: one user's cookies
    page.set_default_timeout(15_000)
    log_in(page, base, username)
    return page


def test_ask_answer_helpful_pin_and_a_later_learner_reads_it(
    live_server, browser, make_course, make_user, org
):
    setup_course(make_course, make_user, org)

    learner = _page(browser, live_server, "peserta")
    learner.goto(f"{live_server}{MODULE_PAGE}")
    learner.get_by_role("link", name="Tanya pengajar").click()
    expect(learner).to_have_url(re.compile(r"/tanya$"))
    learner.get_by_label("Pertanyaan Anda (Markdown)").fill(
        "Apakah antrean **prioritas** boleh didahulukan?"
    )
    learner.get_by_role("button", name="Kirim pertanyaan").click()
    expect(learner.get_by_text("Pertanyaan Anda terkirim")).to_be_visible()
    expect(learner.locator("li.card strong", has_text="prioritas")).to_be_visible()

    trainer = _page(browser, live_server, "pengajar")
    trainer.goto(f"{live_server}/author/")
    waiting = trainer.get_by_role("region", name="Pertanyaan peserta yang belum dijawab")
    expect(waiting).to_contain_text("1 pertanyaan belum dijawab")
    waiting.get_by_role("link").first.click()
    expect(trainer).to_have_url(re.compile(r"/tanya$"))
    trainer.get_by_label("Jawaban (Markdown)").fill("Boleh, untuk lansia dan **ibu hamil**.")
    trainer.get_by_role("button", name="Kirim jawaban").click()
    expect(trainer.get_by_text("Jawaban terkirim ke penanya")).to_be_visible()

    learner.goto(f"{live_server}/notices")
    learner.get_by_role("link", name="Lihat pertanyaan").click()
    expect(learner.get_by_text("ibu hamil")).to_be_visible()
    learner.get_by_role("button", name="Jawaban ini membantu").click()
    expect(learner.get_by_text("Anda menandai jawaban ini membantu")).to_be_visible()

    trainer.goto(f"{live_server}{THREAD}")
    expect(trainer.get_by_text("1 peserta merasa jawaban ini membantu")).to_be_visible()
    trainer.get_by_role("button", name="Sematkan sebagai Tanya-jawab").click()
    expect(trainer.get_by_text("Disematkan sebagai Tanya-jawab modul")).to_be_visible()

    later = _page(browser, live_server, "peserta-bakung")
    later.goto(f"{live_server}{MODULE_PAGE}")
    section = later.get_by_role("region", name="Tanya pengajar")
    expect(section).to_contain_text("Tanya-jawab")
    expect(section.locator("strong", has_text="prioritas")).to_be_visible()
    expect(section).to_contain_text("ibu hamil")
    for page in (learner, trainer, later):
        page.close()
