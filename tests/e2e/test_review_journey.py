"""Review policy in Chromium (issue 13): a learner fails the final exam and sees which
modules to revisit but no key; the module quiz, practice, shows its explanations."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.helpers import publish
from tests.helpers.browser import answer_current_attempt, log_in
from tests.helpers.quiz import EXAM, SLUG, course_files

# The quiz course's exam, each question tagged with the module it tests.
TAGGED_EXAM = EXAM.replace("{#ujian-satu}", "{#ujian-satu .kuis}").replace(
    "{#ujian-langit}", "{#ujian-langit .pengantar}"
)


def test_failed_exam_shows_modules_to_revisit_and_no_key(
    live_server, browser, make_user, make_course
):
    files = course_files(exam=False, exam_settings="  attempts: 3\n")
    files["course.md"] += TAGGED_EXAM
    publish(make_course, SLUG, files)
    make_user()
    page = browser.new_page(locale="id-ID")
    page.set_default_timeout(15_000)
    log_in(page, live_server, "peserta")

    page.goto(f"{live_server}/courses/{SLUG}/pengantar")
    page.get_by_role("button", name="Tandai selesai dibaca").click()
    # The module quiz is practice: a failed attempt explains every question.
    page.goto(f"{live_server}/courses/{SLUG}/quiz/kuis")
    page.get_by_role("button", name="Mulai").click()
    answer_current_attempt(page, right=False)
    expect(page.locator(".score")).to_contain_text("Belum lulus")
    expect(page.locator(".explanation").first).to_contain_text("Penjelasan-dua")
    expect(page.get_by_text("Jawaban yang benar").first).to_be_visible()
    page.get_by_role("button", name="Coba lagi").click()
    answer_current_attempt(page, right=True)
    expect(page.locator(".score")).to_contain_text("Lulus")

    # The final exam, failed with attempts left: modules to revisit, nothing more.
    page.goto(f"{live_server}/courses/{SLUG}/exam")
    page.get_by_role("button", name="Mulai").click()
    answer_current_attempt(page, right=False)
    expect(page.locator("h1")).to_have_text("Hasil Ujian Akhir")
    expect(page.locator(".score")).to_contain_text("Belum lulus")
    table = page.locator("ul.by-module")
    expect(table).to_contain_text("Kuis Lengkap")
    expect(table).to_contain_text("0 dari 1 benar")
    html = page.content()
    for secret in ("Penjelasan-ujian", "Satu tambah satu?", "Biru", "Jawaban yang benar"):
        assert secret not in html, secret
    expect(page.get_by_role("button", name="Coba lagi")).to_be_visible()

    # Revisiting a weak module leads back to its page, whose quiz history keeps the
    # explanations of the practice attempts.
    table.get_by_role("link", name="Pelajari lagi").first.click()
    expect(page).to_have_url(re.compile(rf"/courses/{SLUG}/(kuis|pengantar)$"))
    page.goto(f"{live_server}/courses/{SLUG}/quiz/kuis")
    page.get_by_role("link", name="1", exact=True).click()
    expect(page.locator(".explanation").first).to_be_visible()
    page.close()
