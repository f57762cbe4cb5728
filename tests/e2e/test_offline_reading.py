"""Reading a course offline in Chromium (issue 19): save a course, go offline, read two
modules, come back online and find the progress on the server; no answer key in any cache;
a version published while offline is saved on return."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import ModuleProgress
from tests.helpers import minimal_course, publish
from tests.helpers.browser import log_in
from tests.helpers.offline import CACHE_TEXT, SAVED_VERSION, waiting

ANSWER_FEEDBACK = "Karena 2 + 2 = 4."  # the quiz's feedback in minimal_course()
WAITING = waiting("read")


def test_read_offline_then_sync(live_server, phone, make_user, make_course):
    user = make_user()
    publish(make_course)
    page = phone
    log_in(page, live_server, "peserta")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(f"{live_server}/courses/kursus-uji")
    save = page.get_by_role("button", name=re.compile(r"Simpan untuk dibaca offline \(.+ MB\)"))
    save.click()
    expect(page.locator("[data-offline-state]")).to_have_text("Tersimpan di perangkat (versi 1).")
    cached = page.evaluate(CACHE_TEXT)
    assert "/courses/kursus-uji/lanjutan" in cached
    assert ANSWER_FEEDBACK not in cached and '"correct"' not in cached

    page.context.set_offline(True)
    for module in ("pengantar", "lanjutan"):
        page.goto(f"{live_server}/courses/kursus-uji/{module}")
        expect(page.locator("#offline-banner")).to_be_visible()
        page.get_by_role("button", name="Tandai selesai dibaca").click()
        expect(page.get_by_text("dikirim ke server saat koneksi kembali")).to_be_visible()
    assert page.evaluate(WAITING) == 2
    files = minimal_course()
    files["01-pengantar.md"] += "\nParagraf yang terbit saat peserta luring.\n"
    publish(make_course, files=files)  # a new version while the device is offline

    page.context.set_offline(False)
    page.goto(f"{live_server}/tersimpan")
    news = page.locator("#offline-news")
    expect(news).to_contain_text("sudah dicatat di server")
    expect(news).to_contain_text("Versi baru kursus")
    db.session.expire_all()
    read = db.session.scalars(
        select(ModuleProgress.module_slug).where(ModuleProgress.user_id == user.id)
    ).all()
    assert set(read) == {"pengantar", "lanjutan"}
    assert page.evaluate(SAVED_VERSION) == 2
    assert page.evaluate(WAITING) == 0
    page.context.set_offline(True)
    page.goto(f"{live_server}/courses/kursus-uji/pengantar")
    expect(page.get_by_text("Paragraf yang terbit saat peserta luring.")).to_be_visible()

    # Logging out on a shared computer removes the saved course.
    page.context.set_offline(False)
    page.goto(f"{live_server}/my")
    with page.expect_navigation():
        page.evaluate("document.querySelector(\"form[action$='/logout']\").requestSubmit()")
    names = page.evaluate("caches.keys()")
    assert not [name for name in names if name.startswith("elearn-course-")]


def test_a_phone_without_room_is_told_how_much_is_missing(
    live_server, phone, make_user, make_course
):
    make_user()
    publish(make_course)
    phone.add_init_script(
        "Object.defineProperty(navigator.storage, 'estimate', "
        "{value: () => Promise.resolve({quota: 1000, usage: 900})});"
    )
    log_in(phone, live_server, "peserta")
    phone.goto(f"{live_server}/courses/kursus-uji")
    phone.get_by_role("button", name=re.compile(r"Simpan untuk dibaca offline")).click()
    expect(phone.locator("[data-offline-state]")).to_contain_text(
        "Ruang penyimpanan perangkat tidak cukup (kurang 0,"
    )
    names = phone.evaluate("caches.keys()")
    assert not [name for name in names if name.startswith("elearn-course-")]
