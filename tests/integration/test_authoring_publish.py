"""Publishing a draft from the browser: validation, the diff, new versions, learners'
progress kept, history, restoring an old version as the draft."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from elearn.authoring import store
from elearn.extensions import db
from elearn.models import CourseVersion, ModuleProgress, QuizAttempt, VersionFile
from tests.helpers import csrf_token, login, mark_read
from tests.helpers.authoring import (
    NO_CORRECT_ANSWER,
    SLUG,
    course_row,
    edit_url,
    editor_fields,
    page,
    post_form,
    save,
    trainer_with_course,
)
from tests.helpers.quiz import take

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 3000


def publish_page(client) -> str:
    return page(client, f"/author/{SLUG}/publish")


def press_publish(client):
    body = publish_page(client)
    draft_hash = re.search(r'name="draft_hash" value="([0-9a-f]*)"', body)[1]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)[1]
    return client.post(
        f"/author/{SLUG}/publish", data={"draft_hash": draft_hash, "csrf_token": token}
    )


def versions() -> int:
    return db.session.scalar(select(func.count(CourseVersion.id)))


def test_publish_shows_a_diff_per_file_then_creates_a_version(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    fields = editor_fields(client, edit_url("01-pengantar.md"))
    save(client, edit_url("01-pengantar.md"), fields["text"].replace("pelayanan", "layanan"))
    post_form(client, f"/author/{SLUG}", f"/author/{SLUG}/modules", {"title": "Penutup"})
    course = course_row()
    store.save_file(course.id, "media/bagan.png", PNG, None, None)
    db.session.commit()
    body = publish_page(client)
    assert "Tidak ada masalah" in body
    assert "3 berkas berubah." in body
    assert re.search(r"<code>01-pengantar.md</code>: diubah", body)
    assert re.search(r"<code>03-penutup.md</code>: ditambahkan", body)
    assert re.search(r"<code>media/bagan.png</code>: ditambahkan \(3 KB\)", body)
    # A unified diff with the line numbers of both sides.
    removed = r'<tr class="del"><td class="num">10</td><td class="num"></td>.*'
    added = r'<tr class="add"><td class="num"></td><td class="num">10</td>.*'
    assert re.search(removed + r"Materi pengantar tentang pelayanan\.", body)
    assert re.search(added + r"Materi pengantar tentang layanan\.", body)
    assert "disabled" not in body.split("Terbitkan versi baru")[0].rsplit("<button", 1)[1]
    response = press_publish(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/author/{SLUG}/history")
    assert versions() == 2
    course = course_row()
    assert course.live_version.number == 2
    assert course.live_version.modules[-1].slug == "penutup"
    history = page(client, f"/author/{SLUG}/history")
    assert "Versi 2 diterbitkan" in history
    assert "Bu Pengajar" in history and "WIB" in history and "tayang" in history
    # The draft starts over from the new version: nothing left to publish.
    body = publish_page(client)
    assert "Tidak ada perubahan: draf sama persis dengan versi 2" in body
    assert re.search(r"<button type=\"submit\" disabled", body)
    assert "Sama dengan versi tayang" in page(client, "/author/")


def test_a_draft_with_problems_cannot_be_published(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    save(client, edit_url("02-lanjutan.md"), NO_CORRECT_ANSWER)
    body = publish_page(client)
    assert "Draf punya 1 masalah" in body
    assert re.search(r"Baris 11</a>: pertanyaan tidak punya jawaban benar", body)
    assert re.search(r"<button type=\"submit\" disabled", body)
    response = press_publish(client)
    assert response.status_code == 409
    assert "belum diterbitkan" in response.get_data(as_text=True)
    assert versions() == 1


def test_nothing_to_publish_says_so(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    assert "Tidak ada perubahan" in publish_page(client)
    response = press_publish(client)
    assert response.status_code == 302
    assert "Tidak ada perubahan: versi 1 tetap tayang." in page(client, f"/author/{SLUG}")
    assert versions() == 1


def test_publish_refuses_a_draft_changed_after_review(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    fields = editor_fields(client, edit_url("01-pengantar.md"))
    save(client, edit_url("01-pengantar.md"), fields["text"] + "\nPertama.\n")
    body = publish_page(client)
    reviewed = re.search(r'name="draft_hash" value="([0-9a-f]*)"', body)[1]
    save(client, edit_url("01-pengantar.md"), fields["text"] + "\nKedua, tanpa diperiksa.\n")
    token = csrf_token(client, f"/author/{SLUG}/publish")
    response = client.post(
        f"/author/{SLUG}/publish", data={"draft_hash": reviewed, "csrf_token": token}
    )
    assert response.status_code == 409
    assert "Draf berubah sejak halaman ini dibuka" in response.get_data(as_text=True)
    assert versions() == 1


def test_publish_requires_csrf(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    body = publish_page(client)
    draft_hash = re.search(r'name="draft_hash" value="([0-9a-f]*)"', body)[1]
    response = client.post(f"/author/{SLUG}/publish", data={"draft_hash": draft_hash})
    assert response.status_code == 400


def test_learners_progress_survives_a_republish_with_an_added_module(
    app, client, make_user, make_course
):
    trainer_with_course(make_user, make_course, client)
    make_user("peserta")
    learner = app.test_client()
    login(learner, "peserta")
    mark_read(learner, SLUG, "pengantar")
    assert take(learner, True, slug=SLUG, module="lanjutan").passed
    before_progress = db.session.scalar(select(func.count(ModuleProgress.user_id)))
    # The trainer adds a module in the middle and publishes.
    post_form(client, f"/author/{SLUG}", f"/author/{SLUG}/modules", {"title": "Sisipan"})
    post_form(client, f"/author/{SLUG}", f"/author/{SLUG}/move/03-sisipan.md", {"direction": "up"})
    assert press_publish(client).status_code == 302
    assert course_row().live_version.number == 2
    assert [m.slug for m in course_row().live_version.modules] == [
        "pengantar",
        "sisipan",
        "lanjutan",
    ]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(ModuleProgress.user_id))) == before_progress
    assert db.session.scalar(select(func.count(QuizAttempt.id)).where(QuizAttempt.passed))
    course_page = page(learner, f"/courses/{SLUG}")
    assert "2 dari 3 modul" in course_page
    assert "Sisipan" in course_page
    assert "Anda sudah menandai modul ini selesai dibaca" in page(
        learner, f"/courses/{SLUG}/pengantar"
    )
    assert "Anda sudah lulus kuis modul ini" in page(learner, f"/courses/{SLUG}/lanjutan")


def test_history_version_files_and_restore_as_draft(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    fields = editor_fields(client, edit_url("01-pengantar.md"))
    save(
        client,
        edit_url("01-pengantar.md"),
        fields["text"].replace("pengantar tentang", "VERSI DUA"),
    )
    assert press_publish(client).status_code == 302
    history = page(client, f"/author/{SLUG}/history")
    assert history.index(">2 <span") < history.index(">1<")  # newest first, live marked
    assert "(impor baris perintah)" in history  # version 1 came from the command line
    v1 = page(client, f"/author/{SLUG}/versions/1")
    assert "Materi pengantar tentang pelayanan." in v1 and "02-lanjutan.md" in v1
    page(client, f"/author/{SLUG}/versions/9", 404)
    confirm = page(client, f"/author/{SLUG}/versions/1/restore")
    assert "Draf saat ini akan diganti seluruhnya" in confirm
    assert "VERSI DUA" in confirm  # what the restore would change
    response = post_form(
        client, f"/author/{SLUG}/versions/1/restore", f"/author/{SLUG}/versions/1/restore"
    )
    assert response.status_code == 302
    draft = store.draft_source(course_row()).files
    assert b"Materi pengantar tentang pelayanan." in draft["01-pengantar.md"]
    assert course_row().live_version.number == 2  # live is untouched until published
    body = publish_page(client)
    assert "Isi draf sama dengan versi 1" in body
    assert press_publish(client).status_code == 302
    assert course_row().live_version.number == 1
    assert versions() == 2


def test_versions_published_before_sources_were_kept(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    db.session.execute(db.delete(VersionFile))
    db.session.commit()
    body = page(client, f"/author/{SLUG}", 409)
    assert "Berkas sumber belum tersimpan" in body
    assert "tidak tersimpan" in page(client, f"/author/{SLUG}/versions/1")
    confirm = page(client, f"/author/{SLUG}/versions/1/restore")
    assert "tidak bisa dipulihkan" in confirm
    token = csrf_token(client, "/author/")
    response = client.post(f"/author/{SLUG}/versions/1/restore", data={"csrf_token": token})
    assert response.status_code == 409


def test_discard_draft_changes(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    fields = editor_fields(client, edit_url("01-pengantar.md"))
    save(client, edit_url("01-pengantar.md"), fields["text"] + "\nBuang saya.\n")
    assert "Buang perubahan draf" in page(client, f"/author/{SLUG}")
    response = post_form(client, f"/author/{SLUG}/discard", f"/author/{SLUG}/discard")
    assert response.status_code == 302
    assert b"Buang saya." not in store.draft_source(course_row()).files["01-pengantar.md"]


def test_a_course_created_in_the_browser_is_published_as_version_1(app, client, make_user):
    make_user("pengajar", ("trainer",), full_name="Bu Pengajar")
    login(client, "pengajar")
    token = csrf_token(client, "/author/new")
    client.post(
        "/author/new", data={"title": "Kursus Baru", "slug": "kursus-baru", "csrf_token": token}
    )
    body = page(client, "/author/kursus-baru/publish")
    assert "belum pernah diterbitkan" in body
    assert re.search(r"<code>course.md</code>: ditambahkan", body)
    draft_hash = re.search(r'name="draft_hash" value="([0-9a-f]*)"', body)[1]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)[1]
    response = client.post(
        "/author/kursus-baru/publish", data={"draft_hash": draft_hash, "csrf_token": token}
    )
    assert response.status_code == 302
    assert course_row("kursus-baru").live_version.number == 1
    make_user("peserta")
    learner = app.test_client()
    login(learner, "peserta")
    assert "Kursus Baru" in page(learner, "/courses")
    assert "Tulis materi pengantar di sini." in page(learner, "/courses/kursus-baru/pengantar")
