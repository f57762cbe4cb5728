"""A learner logs in, searches the catalog, opens a course on its overview with the pre-test
offered, skips it, marks a module read (staying on it) and follows "Lanjutkan" to the next
step from /my and the course page."""

import re

from playwright.sync_api import expect

from tests.helpers.browser import DEMO_PASSWORD


def test_learner_reads_a_module_and_sees_progress(live_server, phone, runner, monkeypatch):
    monkeypatch.setenv("ELEARN_DEMO_PASSWORD", DEMO_PASSWORD)
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    page = phone

    # The catalog is public since issue 17; the learner's own page is not.
    page.goto(f"{live_server}/my")
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_label("NIP atau nama pengguna").fill("peserta")
    page.get_by_label("Kata sandi").fill("salah-sekali")
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("#login-error")).to_contain_text("salah")
    expect(page.get_by_label("NIP atau nama pengguna")).to_have_value("peserta")

    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/my$"))
    page.get_by_role("link", name="Katalog Kursus").click()
    expect(page).to_have_url(re.compile(r"/courses$"))

    page.get_by_label("Cari kursus").fill("eisenhower")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_role("status")).to_contain_text("1 kursus cocok")
    page.get_by_role("link", name="Manajemen Waktu dan Produktivitas ASN").click()

    # The course opens on its overview and syllabus, with the pre-test offered, not forced.
    expect(page.locator("h1").first).to_have_text("Manajemen Waktu dan Produktivitas ASN")
    offer = page.locator("section.pretest-offer")
    expect(offer).to_contain_text("tidak memengaruhi kelulusan")
    expect(page.locator("ol.modules")).to_contain_text("Prioritas")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    offer.get_by_role("button", name="Lewati Prates").click()
    expect(page.locator("h1")).to_contain_text("Eisenhower")
    module_url = page.url
    # The quiz answers are not in the page.
    assert "[x]" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Marking it read keeps the learner on the module, at its quiz, the next thing to do.
    page.get_by_role("button", name="Tandai selesai dibaca").click()
    expect(page.get_by_role("status").first).to_contain_text("ditandai selesai dibaca")
    expect(page).to_have_url(module_url + "#kuis-modul")
    expect(page.locator("#kuis-modul")).to_contain_text("Berikutnya: kuis modul ini.")

    page.get_by_role("link", name="Belajar Saya").click()
    card = page.locator(".card").filter(has_text="Manajemen Waktu")
    # Module 1 has a quiz, so reading it alone does not complete it yet.
    expect(card).to_contain_text("0 dari 5 modul")
    expect(card).to_contain_text("6 JP (250 menit)")
    card.get_by_role("link", name="Lanjutkan").click()
    quiz = re.compile(r"/courses/manajemen-waktu/quiz/prioritas-matriks-eisenhower$")
    expect(page).to_have_url(quiz)
    # The course page says the same: the pre-test offer is gone, "Lanjutkan" goes to the quiz.
    page.goto(f"{live_server}/courses/manajemen-waktu")
    expect(page.locator("section.pretest-offer")).to_have_count(0)
    page.get_by_role("link", name="Lanjutkan").click()
    expect(page).to_have_url(quiz)
