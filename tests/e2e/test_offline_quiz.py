"""A module quiz answered without signal, in Chromium (issue 19): save a course, go offline,
read two modules, answer the quiz started online, come back online; the answers reach the
server once, in order, and are scored there; no key or explanation is in any cache; a
version published meanwhile is saved on return; a quiz cannot be started offline."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import ModuleProgress, QuizAttempt
from tests.helpers import minimal_course, publish
from tests.helpers.browser import log_in
from tests.helpers.offline import CACHE_TEXT, SAVED_VERSION, waiting

QUIZ = (
    "---\ntitle: Lanjutan\nminutes: 20\nquiz:\n  attempts: 2\n---\n\n"
    "# Lanjutan\n\nMateri lanjutan tentang antrean.\n\n## Kuis\n\n"
    "### Dua tambah dua? {#dua}\n- [x] Empat\n- [ ] Lima\n\n> Karena dua tambah dua empat.\n\n"
    "### Mana yang salam pembuka? {#salam}\n- [x] Selamat pagi\n- [x] Selamat siang\n"
    "- [ ] Antre di belakang\n\n> Keduanya salam sesuai waktu.\n\n"
    "### Satuan jam pelajaran disingkat? {#satuan}\n\n= JP\n\n> Jam pelajaran ditulis JP.\n"
)
EXPLANATIONS = ("Karena dua tambah dua empat.", "Keduanya salam sesuai waktu.", "ditulis JP")

ATTEMPT_PAGES = """async () => {
  const cache = await caches.open("elearn-attempts");
  return (await cache.keys()).map((request) => request.url);
}"""
WAITING_ANSWERS = waiting("answers")


def _course() -> dict[str, str]:
    return {**minimal_course(), "02-lanjutan.md": QUIZ}


def _attempts(user_id: int) -> list[QuizAttempt]:
    db.session.expire_all()
    return list(db.session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == user_id)))


def test_answer_a_quiz_offline_then_send_it(live_server, phone, make_user, make_course):
    user = make_user()
    publish(make_course, files=_course())
    page = phone
    log_in(page, live_server, "peserta")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(f"{live_server}/courses/kursus-uji")
    page.get_by_role("button", name=re.compile(r"Simpan untuk dibaca offline")).click()
    expect(page.locator("[data-offline-state]")).to_have_text("Tersimpan di perangkat (versi 1).")

    # A quiz cannot be started without signal: the page says so and nothing is created.
    page.goto(f"{live_server}/courses/kursus-uji/quiz/lanjutan")
    page.context.set_offline(True)
    page.get_by_role("button", name="Mulai").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "hanya bisa dimulai saat perangkat tersambung"
    )
    assert _attempts(user.id) == []
    page.context.set_offline(False)
    page.get_by_role("button", name="Mulai").click()
    expect(page.get_by_role("button", name="Kirim jawaban")).to_be_visible()
    attempt_url = page.url

    page.context.set_offline(True)
    for module in ("pengantar", "lanjutan"):
        page.goto(f"{live_server}/courses/kursus-uji/{module}")
        page.get_by_role("button", name="Tandai selesai dibaca").click()
        expect(page.get_by_text("dikirim ke server saat koneksi kembali")).to_be_visible()
    # The module's link to its quiz opens the attempt kept on the device.
    page.goto(f"{live_server}/courses/kursus-uji/quiz/lanjutan")
    page.get_by_label("Empat").check()
    page.get_by_label("Selamat pagi").check()
    page.get_by_label("Selamat siang").check()
    page.get_by_label("Jawaban Anda").fill("jp")
    page.get_by_label("Jawaban Anda").blur()
    queue = page.locator("#offline-queue")
    expect(queue).to_have_text("Menunggu sinyal: 3 jawaban belum terkirim.")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator("#autosave-status")).to_contain_text("dinilai otomatis saat sinyal kembali")
    expect(page.get_by_label("Empat")).to_be_disabled()
    assert page.evaluate(WAITING_ANSWERS) == 4  # three answers and "Kirim jawaban"
    (open_attempt,) = _attempts(user.id)
    assert open_attempt.submitted_at is None and open_attempt.responses == {}

    # Reopened offline, the page shows what waits on the device.
    page.goto(attempt_url)
    expect(page.get_by_label("Selamat siang")).to_be_checked()
    expect(queue).to_have_text("Menunggu sinyal: 3 jawaban belum terkirim.")

    cached = page.evaluate(CACHE_TEXT)
    assert "/attempts/" in cached and "Dua tambah dua?" in cached
    for explanation in EXPLANATIONS:
        assert explanation not in cached
    assert '"correct"' not in cached and "Selamat siang</label>" in cached

    files = _course()
    files["01-pengantar.md"] += "\nParagraf yang terbit saat peserta luring.\n"
    publish(make_course, files=files)  # a new version while the device is offline

    page.context.set_offline(False)
    page.goto(f"{live_server}/tersimpan")
    news = page.locator("#offline-news")
    expect(news).to_contain_text("Jawaban Kuis terkirim. Nilai Anda 100: lulus.")
    expect(news).to_contain_text("sudah dicatat di server")
    expect(news).to_contain_text("Versi baru kursus")
    expect(queue).to_be_hidden()
    assert page.evaluate(WAITING_ANSWERS) == 0
    (sent,) = _attempts(user.id)
    assert (sent.score, sent.passed, sent.late) == (100, True, False)
    assert sent.responses["satuan"] == "jp" and len(sent.responses["salam"]) == 2
    assert sent.offline_seq is not None and sent.submitted_at is not None
    read = db.session.scalars(
        select(ModuleProgress.module_slug).where(ModuleProgress.user_id == user.id)
    ).all()
    assert set(read) == {"pengantar", "lanjutan"}
    assert page.evaluate(SAVED_VERSION) == 2
    news.get_by_role("link", name="Lihat hasil").click()
    expect(page.get_by_text("lulus", exact=False).first).to_be_visible()
    # The result page (which may show explanations) is never kept; the attempt's page is gone.
    assert page.evaluate(ATTEMPT_PAGES) == []

    # Sending again changes nothing: the server took that batch once.
    page.goto(f"{live_server}/my")
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1


# An answer another tab queued for the same attempt after this page opened.
OTHER_TAB = """(attempt) => new Promise((resolve) => {
  const open = indexedDB.open("elearn-offline");
  open.onsuccess = () => {
    const tx = open.result.transaction("answers", "readwrite");
    tx.objectStore("answers").put({attempt: attempt, url: "/attempts/" + attempt + "/offline",
      qid: "satuan", value: "jp", at: Date.now(), page: "tab-lain"}, Date.now());
    tx.oncomplete = () => { open.result.close(); resolve(true); };
  };
})"""

WAITING_PAGES = """() => new Promise((resolve) => {
  const open = indexedDB.open("elearn-offline");
  open.onsuccess = () => {
    const all = open.result.transaction("answers").objectStore("answers").getAll();
    all.onsuccess = () => { open.result.close(); resolve(all.result.map((e) => e.page)); };
  };
})"""


def test_a_save_that_failed_waits_and_a_later_save_forgets_only_what_it_carried(
    live_server, phone, make_user, make_course
):
    make_user()
    publish(make_course, files=_course())
    page = phone
    log_in(page, live_server, "peserta")
    page.goto(f"{live_server}/courses/kursus-uji/quiz/lanjutan")
    page.get_by_role("button", name="Mulai").click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    page.wait_for_load_state("load")  # quiz.js listens before the first answer
    attempt = page.url.rsplit("/", 1)[1]
    # The signal drops while the phone still says it is online: the autosave fails.
    page.route("**/save", lambda route: route.abort())
    page.get_by_label("Empat").check()
    expect(page.locator("#offline-queue")).to_have_text(
        re.compile("Menunggu sinyal"), timeout=15_000
    )
    page.evaluate(OTHER_TAB, attempt)
    page.unroute("**/save")
    page.get_by_label("Selamat pagi").check()
    expect(page.locator("#autosave-status")).to_have_text("Jawaban tersimpan otomatis.")
    # This page's answers reached the server with its form; the other tab's answer waits.
    expect(page.locator("#offline-queue")).to_have_text(
        "Menunggu sinyal: 1 jawaban belum terkirim."
    )
    assert page.evaluate(WAITING_PAGES) == ["tab-lain"]
