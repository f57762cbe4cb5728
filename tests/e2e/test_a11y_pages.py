"""The accessibility gate: every page a learner, a trainer, an HR officer and an admin open on
the demo, in Chromium at 360x740, must fit the phone's width (no horizontal scroll of the
page) and pass axe-core (WCAG 2.1 A and AA rules) with no violation of impact serious or
critical. See docs/accessibility.md."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.helpers.a11y_pages import JOURNEYS, journey_urls
from tests.helpers.browser import DEMO_PASSWORD, answer_current_attempt, log_in

# The deepest elements that reach past the right edge: where a too-wide page comes from.
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.querySelector('*'))
  .slice(0, 3)
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))"""

# axe-core's tags for the WCAG 2.0 and 2.1 success criteria of levels A and AA.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
GATING_IMPACTS = {"serious", "critical"}


def problems_on(page, axe: Axe) -> list[str]:
    """What is wrong with the page open in `page`: too wide, or axe's serious violations."""
    found = []
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1]:
        found.append(f"scrollWidth {width[0]} > {width[1]}: {page.evaluate(TOO_WIDE)}")
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    for rule in axe.run(page, options=options).response["violations"]:
        if rule["impact"] in GATING_IMPACTS:
            targets = [", ".join(map(str, node["target"])) for node in rule["nodes"][:3]]
            found.append(f"{rule['impact']} {rule['id']}: {rule['help']} @ {targets}")
    return found


def test_journey_pages_fit_a_phone_and_pass_axe(app, live_server, browser, runner, monkeypatch):
    monkeypatch.setenv("ELEARN_DEMO_PASSWORD", DEMO_PASSWORD)
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    axe = Axe()
    report: dict[str, list[str]] = {}
    for username in JOURNEYS:
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server, username, DEMO_PASSWORD)
        urls = journey_urls(username)
        if username == "peserta":
            page.goto(f"{live_server}/courses/manajemen-waktu/quiz/prioritas-matriks-eisenhower")
            report.update({f"{username} quiz start": problems_on(page, axe)})
            page.get_by_role("button", name=re.compile("^Mulai")).first.click()
            report.update({f"{username} quiz attempt": problems_on(page, axe)})
            answer_current_attempt(page, right=True)
            report.update({f"{username} quiz result": problems_on(page, axe)})
        for path in urls:
            response = page.goto(f"{live_server}{path}")
            status = response.status if response else None
            found = [] if status == 200 else [f"HTTP {status}"]
            report[f"{username} {path}"] = found + problems_on(page, axe)
        context.close()
    failing = {where: found for where, found in report.items() if found}
    listing = "\n".join(f"{where}\n  " + "\n  ".join(found) for where, found in failing.items())
    assert not failing, f"{len(failing)} of {len(report)} pages fail:\n{listing}"
