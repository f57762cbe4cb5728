"""In Chromium: an admin enables recognition certificates, an HR officer opens last year's
recognition page from the HR menu, issues a certificate to the ASN at the top of the list,
opens its verification page (valid, signed, a recognition), and the print version names
only the one employee who agreed."""

import re

from playwright.sync_api import expect

from tests.helpers.browser import log_in
from tests.helpers.recognition import build
from tests.helpers.reports import LAST_YEAR


def test_hr_issues_a_recognition_certificate_and_verifies_it(live_server, browser, org, make_user):
    build(org)
    make_user("admin", ("admin",), "Admin Daerah")
    make_user("bkpsdm", ("hr",), "Dewi Lestari", scope_unit_id=org["DINKES-A"])

    office = browser.new_context(locale="id-ID")
    admin = office.new_page()
    admin.set_default_timeout(15_000)
    log_in(admin, live_server, "admin")
    admin.get_by_role("link", name="Administrasi").click()
    admin.get_by_role("link", name="Sertifikat penghargaan").click()
    admin.get_by_label(re.compile("Izinkan pengelola kepegawaian")).check()
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.get_by_role("status").first).to_contain_text("diaktifkan")
    office.close()

    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    hr = phone.new_page()
    hr.set_default_timeout(15_000)
    log_in(hr, live_server, "bkpsdm")
    hr.get_by_role("link", name="SDM", exact=True).click()
    hr.get_by_role("link", name="Penghargaan", exact=True).click()
    expect(hr.get_by_role("heading", level=1)).to_have_text(f"Penghargaan tahun {LAST_YEAR}")
    first = hr.locator("table").first.locator("tbody tr").first
    expect(first).to_contain_text("Ani Lestari")
    first.get_by_role("button", name="Terbitkan").click()
    expect(hr.get_by_role("status").first).to_contain_text("diterbitkan untuk Ani Lestari")

    first = hr.locator("table").first.locator("tbody tr").first
    first.get_by_role("link", name="Terbit: lihat verifikasi").click()
    expect(hr.locator(".verify-state")).to_contain_text("SAH")
    expect(hr.get_by_text("Tanda tangan elektronik cocok")).to_be_visible()
    facts = hr.locator("dl.facts")
    expect(facts).to_contain_text("Ani Lestari")
    expect(facts).to_contain_text(f"Sertifikat penghargaan tahun {LAST_YEAR}")
    expect(facts).to_contain_text("Mencapai target 20 JP dan menyelesaikan semua pelatihan wajib")

    hr.go_back()
    hr.get_by_role("link", name="Versi cetak untuk kepala daerah").click()
    expect(hr.get_by_role("heading", level=1)).to_have_text(f"Daftar penghargaan tahun {LAST_YEAR}")
    asn = hr.locator("table").first
    expect(asn).to_contain_text("Dewi Kartika")
    expect(asn).not_to_contain_text("Ani Lestari")
    expect(asn.get_by_text("(nama tidak ditampilkan)")).to_have_count(4)
    expect(hr.locator("header.site")).to_have_count(0)  # no navigation on paper
    phone.close()
