"""Follow-up evaluation in Chromium: a learner completes a course; 60 days later (the daily
job run with the clock moved on) the questionnaire waits on /my and is answered there."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from elearn import clock
from tests.helpers import publish
from tests.helpers.browser import log_in
from tests.helpers.followup import created, send

COURSE = {
    "course.md": "---\ntitle: Pelayanan Prima\nsummary: Melayani warga.\njp: 2\n"
    "category: uji-coba\ncompetencies:\n  integritas: 1\n---\n\n# Tentang\n\nIkhtisar.\n",
    "01-pengantar.md": "---\ntitle: Pengantar\nminutes: 15\n---\n\n# Pengantar\n\n"
    "## Bagian satu\n\nMateri pengantar tentang pelayanan.\n",
}


def test_learner_answers_the_follow_up_sixty_days_after_completion(
    live_server, phone, runner, make_course, make_user, org
):
    publish(make_course, "pelayanan", COURSE)
    make_user("peserta", unit_id=org["PKM-A1"], full_name="Budi Santoso")
    make_user("kapus", roles=("supervisor",), unit_id=org["PKM-A1"], full_name="Kepala")
    page = phone
    log_in(page, live_server, "peserta")
    page.goto(f"{live_server}/courses/pelayanan/pengantar")
    page.get_by_role("button", name="Tandai selesai dibaca").click()
    page.goto(f"{live_server}/my")
    expect(page.get_by_text("Evaluasi pasca-pelatihan menunggu jawaban Anda")).to_have_count(0)

    later = clock.today() + timedelta(days=60)
    assert created(send(runner, later.isoformat())) == (1, 1)

    page.goto(f"{live_server}/my")
    expect(page.get_by_text("Evaluasi pasca-pelatihan menunggu jawaban Anda")).to_be_visible()
    page.get_by_role("link", name="Pelayanan Prima").first.click()
    expect(page.locator("h1")).to_contain_text("Evaluasi pasca-pelatihan: Pelayanan Prima")
    page.get_by_role("button", name="Kirim jawaban").click()  # nothing chosen yet
    expect(page.get_by_text("Pilih salah satu: ya, sebagian, atau belum.")).to_be_visible()
    page.get_by_label("Sebagian").check()
    page.get_by_label("Sering (setiap minggu)").check()
    page.get_by_label("Sarana, aplikasi, atau data tidak tersedia").check()
    page.get_by_label("Keterangan hambatan (tidak wajib)").fill("Formulir daring belum ada.")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_text("Terima kasih, jawaban Anda sudah disimpan.")).to_be_visible()
    expect(page.get_by_text("Formulir daring belum ada.")).to_be_visible()
    expect(page.get_by_role("button", name="Kirim jawaban")).to_have_count(0)
    page.goto(f"{live_server}/my")
    expect(page.get_by_text("Evaluasi pasca-pelatihan menunggu jawaban Anda")).to_have_count(0)
