"""In Chromium: an HR officer opens "Did it help?" (/hr/skm/dampak), opens a kelurahan, sees
its chart over periods, adds an element to it, reads the before/after comparison with its
caution, and downloads the unit's table as XLSX."""

from __future__ import annotations

import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.helpers.browser import log_in
from tests.helpers.skm_impact import PAGE, build_world


def test_hr_sees_the_impact_of_training_on_a_unit(live_server, browser, org, make_user, tmp_path):
    build_world(org, make_user)
    office = browser.new_context(accept_downloads=True, locale="id-ID")
    hr = office.new_page()
    hr.set_default_timeout(15_000)
    log_in(hr, live_server, "hr-a")
    hr.goto(f"{live_server}{PAGE}")
    expect(hr.get_by_role("heading", level=1)).to_have_text(
        "Dampak pelatihan pada kepuasan masyarakat"
    )
    row = hr.get_by_role("row").filter(has_text="Kelurahan Melati")
    expect(row).to_contain_text("2026-S1")
    expect(row).to_contain_text("75%")
    expect(hr.get_by_role("row").filter(has_text="Puskesmas Bakung Satu")).to_have_count(0)

    row.get_by_role("link", name="Kelurahan Melati").click()
    expect(hr.get_by_role("heading", level=1)).to_contain_text("Kelurahan Melati")
    chart = hr.get_by_role("img", name=re.compile("IKM per periode"))
    expect(chart).to_be_visible()
    expect(hr.get_by_role("img", name=re.compile("Petugas garis depan"))).to_be_visible()
    expect(chart.locator("circle")).to_have_count(3)  # one point per period

    hr.get_by_text("Tampilkan unsur di grafik").click()
    hr.get_by_label("U7 Perilaku pelaksana").check()
    hr.get_by_role("button", name="Tampilkan").click()
    expect(chart.locator("circle")).to_have_count(6)  # the IKM and U7
    expect(hr.locator(".legend").first).to_contain_text("U7 Perilaku pelaksana")

    compare = hr.locator("section").filter(
        has=hr.get_by_role("heading", name="Sebelum dan sesudah pelatihan")
    )
    expect(compare).to_contain_text("31 Desember 2025")
    expect(compare.get_by_role("columnheader", name="Sebelum: 2025-S2")).to_be_visible()
    expect(compare.get_by_role("columnheader", name="Sesudah: 2026-S1")).to_be_visible()
    expect(compare).to_contain_text("bukan bukti bahwa pelatihan menyebabkan perubahan itu")
    expect(compare).to_contain_text("(pegawai, prosedur, musim)")

    compare.get_by_label("Tanggal pelatihan").fill("2025-06-30")
    compare.get_by_role("button", name="Bandingkan").click()
    expect(hr.get_by_role("columnheader", name="Sebelum: 2025-S1")).to_be_visible()
    expect(hr.locator(".legend").first).to_contain_text("U7 Perilaku pelaksana")  # still drawn

    with hr.expect_download() as download_info:
        hr.get_by_role("link", name="Unduh XLSX").click()
    path = tmp_path / "dampak.xlsx"
    download_info.value.save_as(path)
    assert download_info.value.suggested_filename == f"dampak-skm-{'KEL-A1'}.xlsx"
    values = list(load_workbook(path).active.values)
    assert [row[0] for row in values[1:]] == ["2025-S1", "2025-S2", "2026-S1"]
    office.close()


# Serious and critical WCAG 2.1 A/AA violations fail, as in tests/e2e/test_a11y_pages.py,
# which walks these pages on the demo (where they have no SKM data, so no chart to check).
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_the_impact_pages_with_a_chart_fit_a_phone_and_pass_axe(
    live_server, browser, org, make_user
):
    from axe_playwright_python.sync_playwright import Axe

    build_world(org, make_user)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, live_server, "hr-a")
    axe = Axe()
    found = {}
    unit = org["KEL-A1"]
    for path in (PAGE, f"{PAGE}?unit={unit}&element=1&element=7&courses=pengaduan"):
        page.goto(f"{live_server}{path}")
        page.wait_for_load_state("load")
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}}
        violations = axe.run(page, options=options).response["violations"]
        found[path] = [f"scrollWidth {width}"] if width[0] > width[1] else []
        found[path] += [
            f"{v['impact']} {v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
    context.close()
    assert {path: problems for path, problems in found.items() if problems} == {}
