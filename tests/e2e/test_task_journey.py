"""The journey of issue 13 in Chromium: a learner takes the pre-test offered on the course
page (its own questions, not the exam's), reads the module, passes the final exam and sends
the workplace task with a PDF; the unit head returns it with feedback; the learner revises;
the unit head accepts; the certificate states who verified the task and when; 60 days later
the follow-up questionnaire waits for the learner."""

from datetime import timedelta

from playwright.sync_api import expect

from elearn import clock
from tests.helpers.browser import DEMO_PASSWORD, answer_current_attempt, log_in
from tests.helpers.followup import created, send
from tests.helpers.tasks import PDF, with_task

SLUG = "tugas-singkat"
FILES = {
    "course.md": "---\ntitle: Layanan Daring Singkat\njp: 2\ncategory: uji-coba\n---\n\n"
    "# Tentang\n\nIsi ikhtisar.\n\n## Ujian Akhir\n\n### Ibu kota Indonesia? {#ibu-kota}\n"
    "- [x] Jakarta\n- [ ] Bandung\n\n"
    "## Pre-test\n\n### Ibu kota Jawa Barat? {#ibu-kota-jabar}\n- [x] Bandung\n- [ ] Bogor\n",
    "01-a.md": "---\ntitle: Bacaan\nminutes: 10\n---\n\n# Bacaan\n\nIsi bacaan singkat.\n",
}


def test_task_returned_revised_accepted_then_certified(
    app, live_server, browser, runner, monkeypatch, make_course
):
    monkeypatch.setenv("ELEARN_DEMO_PASSWORD", DEMO_PASSWORD)
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    result = runner.invoke(args=["courses", "import", str(make_course(SLUG, with_task(FILES)))])
    assert result.exit_code == 0, result.output

    learner = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    log_in(learner, live_server, "peserta", DEMO_PASSWORD)
    learner.goto(f"{live_server}/courses/{SLUG}")
    learner.get_by_role("button", name="Mulai Prates").click()
    expect(learner.get_by_text("Ibu kota Jawa Barat?")).to_be_visible()
    expect(learner.get_by_text("Ibu kota Indonesia?")).to_have_count(0)  # not the exam
    answer_current_attempt(learner, right=False)
    expect(learner.get_by_text("Bogor")).to_have_count(0)  # the pre-test shows the score only
    learner.goto(f"{live_server}/courses/{SLUG}")
    learner.get_by_role("link", name="Mulai belajar").click()
    learner.get_by_role("button", name="Tandai selesai dibaca").click()
    learner.goto(f"{live_server}/courses/{SLUG}/exam")
    learner.get_by_role("button", name="Mulai").click()
    answer_current_attempt(learner, right=True)
    learner.goto(f"{live_server}/courses/{SLUG}")
    learner.get_by_role("link", name="Buka Tugas Penerapan").click()
    expect(learner.locator(".task-state")).to_have_text("Belum dikirim")
    # A file over the limit is caught before sending: the text typed stays.
    monkeypatch.setitem(app.config, "TASK_FILE_MAX_BYTES", 10)
    learner.reload()
    learner.get_by_label("Uraian pekerjaan Anda").fill("Tiga layanan kelurahan kini daring.")
    learner.get_by_label("Berkas pendukung (opsional)").set_input_files(
        [{"name": "besar.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    learner.get_by_role("button", name="Kirim untuk diperiksa").click()
    expect(learner.get_by_role("alert")).to_contain_text("Berkas besar.pdf lebih dari")
    expect(learner.get_by_label("Uraian pekerjaan Anda")).to_have_value(
        "Tiga layanan kelurahan kini daring."
    )
    monkeypatch.setitem(app.config, "TASK_FILE_MAX_BYTES", 5 * 1024 * 1024)
    learner.reload()
    learner.get_by_label("Uraian pekerjaan Anda").fill("Tiga layanan kelurahan kini daring.")
    learner.get_by_label("Berkas pendukung (opsional)").set_input_files(
        [{"name": "laporan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    learner.get_by_role("button", name="Kirim untuk diperiksa").click()
    expect(learner.locator(".task-state")).to_have_text("Menunggu pemeriksaan")

    head = browser.new_context().new_page()
    log_in(head, live_server, "kepala", DEMO_PASSWORD)
    head.get_by_role("link", name="Tugas", exact=True).click()
    head.get_by_role("link", name="Siti Rahmawati").click()
    expect(head.get_by_role("link", name="laporan.pdf")).to_be_visible()
    head.get_by_label("2: Sedikit salah").check()
    head.get_by_label("3: Terkait layanan").check()
    head.get_by_label("Umpan balik untuk peserta").fill("Tambahkan data jumlah pemohon.")
    head.get_by_label("Kembalikan untuk diperbaiki").check()
    head.get_by_role("button", name="Simpan keputusan").click()
    expect(head.get_by_text("Tidak ada tugas yang menunggu pemeriksaan.")).to_be_visible()

    learner.reload()
    expect(learner.locator(".task-state")).to_have_text("Dikembalikan untuk diperbaiki")
    expect(learner.get_by_text("Tambahkan data jumlah pemohon.")).to_be_visible()
    learner.get_by_label("Uraian pekerjaan Anda").fill("Tiga layanan daring, 120 pemohon/bulan.")
    learner.get_by_role("button", name="Kirim untuk diperiksa").click()
    expect(learner.locator(".task-state")).to_have_text("Menunggu pemeriksaan")

    head.goto(f"{live_server}/tugas")
    head.get_by_role("link", name="Siti Rahmawati").click()
    expect(head.get_by_text("Versi sebelumnya")).to_be_visible()
    head.get_by_label("4: Lengkap").check()
    head.get_by_label("4: Didukung data").check()
    head.get_by_label("Terima", exact=True).check()
    head.get_by_role("button", name="Simpan keputusan").click()

    learner.reload()
    expect(learner.locator(".task-state")).to_have_text("Diterima")
    learner.get_by_role("link", name="Lihat sertifikat").click()
    card = learner.locator(".card").filter(has_text="Layanan Daring Singkat")
    expect(card).to_contain_text("Tugas penerapan diverifikasi oleh Lurah pada")
    card.get_by_role("link", name="Halaman verifikasi").click()
    expect(learner.locator("dl.facts")).to_contain_text("diverifikasi oleh Lurah")

    later = clock.today() + timedelta(days=60)
    assert created(send(runner, later.isoformat())) == (1, 1)
    learner.goto(f"{live_server}/my")
    expect(learner.get_by_text("Evaluasi pasca-pelatihan menunggu jawaban Anda")).to_be_visible()
    learner.get_by_role("link", name="Layanan Daring Singkat").first.click()
    learner.get_by_label("Ya", exact=True).check()
    learner.get_by_label("Sering (setiap minggu)").check()
    learner.get_by_role("button", name="Kirim jawaban").click()
    expect(learner.get_by_text("Terima kasih, jawaban Anda sudah disimpan.")).to_be_visible()
