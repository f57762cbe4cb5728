"""Steps of the Chromium journeys (tests/e2e) shared by more than one journey."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from elearn.extensions import db
from elearn.models import QuizAttempt
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


def answer_current_attempt(page, right: bool) -> None:
    """Fill the open attempt shown on the page with right (or wrong) answers, then submit."""
    attempt_id = int(re.search(r"/attempts/(\d+)", page.url).group(1))
    db.session.expire_all()
    attempt = db.session.get(QuizAttempt, attempt_id)
    for question in attempt.questions:
        qid = question["qid"]
        if question["kind"] == "short":
            page.locator(f"#q-{qid}").fill(question["answers"][0] if right else "tidak tahu")
            continue
        keys = [c["key"] for c in question["choices"]]
        wrong = [k for k in keys if k not in question["correct"]][:1]
        wanted = question["correct"] if right else wrong
        for key in wanted:
            page.locator(f"#q-{qid}-{key}").check()
    page.get_by_role("button", name="Kirim jawaban").click()
