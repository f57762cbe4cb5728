"""In Chromium (issue 17): a visitor who is not logged in lands on the front page, opens a
featured course, reads its syllabus, follows "Masuk untuk mulai belajar", logs in and lands
back on that course, now as a learner."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import Course
from tests.helpers.browser import DEMO_PASSWORD
from tests.helpers.reports import YEAR, add_learner, when
from tests.helpers.rows import insert_completion

TITLE = "Manajemen Waktu dan Produktivitas ASN"


def test_a_visitor_opens_a_featured_course_and_logs_in_to_start(
    live_server, phone, runner, monkeypatch
):
    monkeypatch.setenv("ELEARN_DEMO_PASSWORD", DEMO_PASSWORD)
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    # Someone finished the course this year: that makes it featured.
    course = db.session.scalar(select(Course).where(Course.slug == "manajemen-waktu"))
    insert_completion(add_learner("Lulusan Tahun Ini", None), course.live_version, when(YEAR))
    db.session.commit()
    page = phone

    page.goto(f"{live_server}/")
    expect(page).to_have_url(f"{live_server}/")
    expect(page.locator("h1")).to_have_text("BKPSDM Pemerintah Daerah")
    expect(page.locator('dd[data-figure="courses"]')).to_have_text("4")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert "Lulusan Tahun Ini" not in page.content()
    featured = page.locator("section").filter(
        has=page.get_by_role("heading", name="Kursus unggulan")
    )
    featured.get_by_role("link", name=TITLE).click()

    expect(page).to_have_url(re.compile(r"/courses/manajemen-waktu$"))
    expect(page.locator("h1").first).to_have_text(TITLE)
    expect(page.get_by_role("heading", name="Silabus")).to_be_visible()
    expect(page.locator("ol.modules")).to_contain_text("Prioritas")
    expect(page.get_by_role("button", name="Keluar")).to_have_count(0)

    page.get_by_role("link", name="Masuk untuk mulai belajar").first.click()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_label("NIP atau nama pengguna").fill("peserta")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    expect(page).to_have_url(f"{live_server}/courses/manajemen-waktu")
    expect(page.locator("h1").first).to_have_text(TITLE)
    # Now the learner's own page: the pre-test offer and the way to start, and the menu.
    expect(page.locator("section.pretest-offer")).to_contain_text("Prates")
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
