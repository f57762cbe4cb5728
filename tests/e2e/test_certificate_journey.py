"""In Chromium: a learner completes a course and downloads the certificate, a stranger
verifies it logged out, HR revokes it, and the verification page says so."""

from playwright.sync_api import expect

from tests.helpers import minimal_course
from tests.helpers.browser import DEMO_PASSWORD, log_in


def test_certificate_is_verifiable_and_revocable(
    live_server, browser, runner, monkeypatch, make_course, tmp_path
):
    monkeypatch.setenv("ELEARN_DEMO_PASSWORD", DEMO_PASSWORD)
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    files = minimal_course("Etika Pelayanan Singkat")
    files["course.md"] = files["course.md"].replace("jp: 2", "jp: 2\nvalid_years: 2")
    del files["02-lanjutan.md"]
    folder = make_course("etika-singkat", files)
    result = runner.invoke(args=["courses", "import", str(folder)])
    assert result.exit_code == 0, result.output

    learner = browser.new_context(viewport={"width": 360, "height": 740}, accept_downloads=True)
    page = learner.new_page()
    log_in(page, live_server, "peserta", DEMO_PASSWORD)
    page.goto(f"{live_server}/courses/etika-singkat")
    page.get_by_role("link", name="Mulai belajar").click()
    page.get_by_role("button", name="Tandai selesai dibaca").click()
    expect(page.get_by_text("Selesai").first).to_be_visible()

    page.get_by_role("link", name="Sertifikat", exact=True).click()
    card = page.locator(".card").filter(has_text="Etika Pelayanan Singkat")
    with page.expect_download() as download_info:
        card.get_by_role("link", name="Unduh PDF").click()
    download = download_info.value
    pdf_path = tmp_path / "sertifikat.pdf"
    download.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    verify_href = card.get_by_role("link", name="Halaman verifikasi").get_attribute("href")

    stranger = browser.new_context(viewport={"width": 360, "height": 740})
    public = stranger.new_page()
    public.goto(f"{live_server}{verify_href}")
    expect(public.locator(".verify-state")).to_contain_text("SAH")
    expect(public.get_by_text("Tanda tangan elektronik cocok")).to_be_visible()
    expect(public.locator("dl.facts")).to_contain_text("Siti Rahmawati")

    office = browser.new_context()
    hr = office.new_page()
    log_in(hr, live_server, "hr", DEMO_PASSWORD)
    hr.get_by_role("link", name="Administrasi").click()
    hr.get_by_role("link", name="Sertifikat").last.click()
    hr.get_by_label("Cari nomor, nama atau NIP").fill("Siti")
    hr.get_by_role("button", name="Cari").click()
    hr.get_by_role("row").filter(has_text="Etika Pelayanan Singkat").get_by_role(
        "link", name="Cabut"
    ).click()
    hr.get_by_label("Alasan pencabutan").fill("Data peserta keliru, diterbitkan ulang.")
    hr.get_by_role("button", name="Cabut sertifikat").click()
    expect(hr.get_by_role("status").first).to_contain_text("dicabut")

    public.reload()
    expect(public.locator(".verify-state")).to_contain_text("DICABUT")
    expect(public.locator(".verify-state")).to_contain_text("Data peserta keliru")
    for context in (learner, stranger, office):
        context.close()
