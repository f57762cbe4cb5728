"""The authoring pages through the Flask client: course list, new course, editor, saving
with conflict detection, preview with inline problems, and module add/rename/move/delete."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from elearn.authoring import store
from elearn.authoring.access import add_author
from elearn.extensions import db
from elearn.models import AuditLog, CourseAuthor
from tests.helpers import client_at, csrf_token, login, minimal_course, publish
from tests.helpers.authoring import (
    NO_CORRECT_ANSWER,
    SLUG,
    course_row,
    draft_text,
    edit_url,
    editor_fields,
    page,
    post_form,
    save,
    trainer_with_course,
)

# -- the course list --------------------------------------------------------------------


def test_list_shows_own_courses_with_draft_state(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    publish(make_course, "kursus-lain", minimal_course("Kursus Orang Lain"))
    body = page(client, "/author/")
    assert "Kursus Uji" in body and "Versi 1" in body
    assert "Kursus Orang Lain" not in body
    assert "Belum ada draf" in body
    page(client, f"/author/{SLUG}")  # opening the editor starts the draft
    body = page(client, "/author/")
    assert "Sama dengan versi tayang" in body
    save(client, edit_url("01-pengantar.md"), "---\ntitle: Pengantar\n---\n\nBaru.\n")
    body = page(client, "/author/")
    assert "Ada perubahan belum diterbitkan" in body
    assert "oleh Bu Pengajar" in body


def test_admin_sees_every_course(app, client, make_user, make_course):
    publish(make_course)
    publish(make_course, "kursus-lain", minimal_course("Kursus Orang Lain"))
    make_user("admin", ("admin",))
    login(client, "admin")
    body = page(client, "/author/")
    assert "Kursus Uji" in body and "Kursus Orang Lain" in body
    assert "Pemilik & penulis" in page(client, f"/author/{SLUG}")


# -- a new course -----------------------------------------------------------------------


def test_create_course_makes_a_valid_draft_owned_by_its_creator(app, client, make_user):
    user = make_user("pengajar", ("trainer",))
    login(client, "pengajar")
    token = csrf_token(client, "/author/new")
    response = client.post(
        "/author/new",
        data={"title": "Etika Pelayanan: Dasar", "slug": "etika-pelayanan", "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/author/etika-pelayanan")
    course = course_row("etika-pelayanan")
    assert course.live_version_id is None
    assert db.session.get(CourseAuthor, (course.id, user.id)).role == "owner"
    assert set(store.draft_files(course.id)) == {"course.md", "01-pengantar.md"}
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.target_id == course.id))
    body = page(client, "/author/etika-pelayanan")
    assert "Etika Pelayanan: Dasar" in body and "masalah" not in body
    assert "Tidak ada masalah" in page(client, "/author/etika-pelayanan/publish")
    assert "Etika Pelayanan: Dasar" in page(client, "/author/")
    # Learners see nothing of it.
    make_user("peserta")
    learner = app.test_client()
    login(learner, "peserta")
    assert "Etika Pelayanan" not in page(learner, "/courses")
    page(learner, "/courses/etika-pelayanan", 404)


def test_create_course_refuses_bad_or_taken_slugs(app, client, make_user, make_course):
    publish(make_course)
    make_user("pengajar", ("trainer",))
    login(client, "pengajar")
    token = csrf_token(client, "/author/new")
    for slug, message in [
        ("Kursus Uji", "tidak bisa dipakai"),
        (SLUG, "sudah dipakai"),
        ("new", "alamat platform"),
    ]:
        response = client.post(
            "/author/new", data={"title": "Judul", "slug": slug, "csrf_token": token}
        )
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    response = client.post("/author/new", data={"title": "", "slug": "", "csrf_token": token})
    assert response.status_code == 422
    assert "Judul kursus wajib diisi" in response.get_data(as_text=True)
    # No slug given: made from the title.
    response = client.post(
        "/author/new", data={"title": "Literasi Data", "slug": "", "csrf_token": token}
    )
    assert response.headers["Location"].endswith("/author/literasi-data")


# -- the editor ---------------------------------------------------------------------------


def test_editor_lists_files_in_order_with_actions(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    body = page(client, f"/author/{SLUG}")
    assert body.index("01-pengantar.md") < body.index("02-lanjutan.md")
    for label in ("Sunting", "Pratinjau", "Ganti nama", "Naik", "Turun", "Hapus", "Tambah modul"):
        assert label in body
    assert "0 berkas media" in body
    assert "Periksa & terbitkan" in body


def test_edit_and_save_keep_the_draft_apart_from_the_live_version(
    app, client, make_user, make_course
):
    trainer_with_course(make_user, make_course, client)
    fields = editor_fields(client, edit_url("01-pengantar.md"))
    assert "Materi pengantar tentang pelayanan." in fields["text"]
    assert 'src="/static/author.js?v=' in page(client, edit_url("01-pengantar.md"))
    # Browsers send CRLF from a textarea; the file keeps LF.
    text = fields["text"].replace("Materi pengantar", "Materi DRAF").replace("\n", "\r\n")
    response = save(client, edit_url("01-pengantar.md"), text, fields)
    assert response.status_code == 302
    assert "Materi DRAF" in draft_text("01-pengantar.md")
    assert "\r" not in draft_text("01-pengantar.md")
    after = editor_fields(client, edit_url("01-pengantar.md"))
    assert int(after["revision"]) == int(fields["revision"]) + 1
    assert after["text"] == draft_text("01-pengantar.md")  # the textarea shows it exactly
    # Learners still read the live version.
    make_user("peserta")
    learner = app.test_client()
    login(learner, "peserta")
    module = page(learner, f"/courses/{SLUG}/pengantar")
    assert "Materi pengantar" in module and "Materi DRAF" not in module
    assert "Materi DRAF" not in page(learner, "/courses?q=DRAF")
    fields = editor_fields(client, edit_url("course.md"))
    save(client, edit_url("course.md"), fields["text"].replace("Kursus Uji", "Judul DRAF"), fields)
    assert "Judul DRAF" in page(client, f"/author/{SLUG}")
    for path in ("/courses", f"/courses/{SLUG}"):
        shown = page(learner, path)
        assert "Kursus Uji" in shown and "Judul DRAF" not in shown


def test_a_stale_save_is_refused_and_nothing_is_lost(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    other = make_user("rekan", ("trainer",), full_name="Pak Rekan")
    add_author(course_row().id, other.id, "coauthor")
    db.session.commit()
    second = app.test_client()
    login(second, "rekan")
    path = edit_url("01-pengantar.md")
    mine = editor_fields(client, path)
    theirs = editor_fields(second, path)
    assert save(second, path, theirs["text"] + "\nTambahan rekan.\n", theirs).status_code == 302
    response = save(client, path, mine["text"] + "\nTambahan saya.\n", mine)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Berkas ini sudah diubah oleh Pak Rekan pada" in body
    assert "setelah Anda membukanya" in body
    # My text is still in the textarea; the stored one (theirs) is shown with a diff.
    shown = html.unescape(re.search(r'<textarea id="text"[^>]*>\n(.*?)</textarea>', body, re.S)[1])
    assert "Tambahan saya." in shown
    assert "Tambahan rekan." in body
    assert "Timpa dengan teks saya" in body and "Muat ulang versi tersimpan" in body
    stored = draft_text("01-pengantar.md")
    assert "Tambahan rekan." in stored and "Tambahan saya." not in stored
    # Overwriting knowingly: the page now carries the current revision.
    revision = re.search(r'name="revision" value="(\d+)"', body)[1]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)[1]
    response = client.post(path, data={"text": shown, "revision": revision, "csrf_token": token})
    assert response.status_code == 302
    assert "Tambahan saya." in draft_text("01-pengantar.md")


def test_saving_a_file_deleted_meanwhile_offers_to_create_it_again(
    app, client, make_user, make_course
):
    trainer_with_course(make_user, make_course, client)
    path = edit_url("01-pengantar.md")
    mine = editor_fields(client, path)
    course = course_row()
    row = store.draft_files(course.id)["01-pengantar.md"]
    store.delete_file(course.id, "01-pengantar.md", row.revision, None)
    db.session.commit()
    response = save(client, path, "---\ntitle: Pengantar\n---\n\nPunya saya.\n", mine)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "sudah dihapus atau diganti nama" in body
    assert 'name="revision" value=""' in body
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)[1]
    text = "---\ntitle: Pengantar\n---\n\nPunya saya.\n"
    response = client.post(path, data={"text": text, "revision": "", "csrf_token": token})
    assert response.status_code == 302
    assert "Punya saya." in draft_text("01-pengantar.md")


def test_bad_paths_and_revisions(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    page(client, edit_url("tidak-ada.md"), 404)
    page(client, edit_url("media/x.png"), 404)
    page(client, edit_url("../course.md"), 404)
    page(client, f"/author/{SLUG}/preview/tidak-ada.md", 404)
    fields = editor_fields(client, edit_url("course.md"))
    fields["revision"] = "abc"
    assert client.post(edit_url("course.md"), data=fields).status_code == 400


# -- preview -------------------------------------------------------------------------------


def test_preview_shows_the_module_the_quiz_and_the_answer_key(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    body = page(client, f"/author/{SLUG}/preview/02-lanjutan.md")
    assert "Modul 2 dari 2" in body and "20 menit" in body
    assert "Materi lanjutan tentang antrean." in body
    assert "Kuis seperti dilihat peserta" in body
    assert 'type="radio"' in body and "<fieldset disabled" in body
    assert "Kunci jawaban (hanya untuk pengajar)" in body
    assert "Karena 2 + 2 = 4." in body  # the explanation
    assert "Tidak ada masalah di berkas ini." in body
    course_page = page(client, f"/author/{SLUG}/preview/course.md")
    assert "Kursus Uji" in course_page and "Isi ikhtisar." in course_page


def test_live_preview_of_unsaved_text_reports_problems_by_line(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    fields = editor_fields(client, edit_url("02-lanjutan.md"))
    response = client.post(
        f"/author/{SLUG}/preview/02-lanjutan.md",
        data={"text": NO_CORRECT_ANSWER, "csrf_token": fields["csrf_token"]},
    )
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment
    assert "1 masalah di berkas ini" in fragment
    assert re.search(r"Baris 11</a>: pertanyaan tidak punya jawaban benar", fragment)
    assert 'data-line="11"' in fragment
    assert "Materi baru." in fragment  # the rest still renders
    # Nothing was saved.
    assert "Materi baru." not in draft_text("02-lanjutan.md")
    # The live preview needs the CSRF token like every POST.
    response = client.post(
        f"/author/{SLUG}/preview/02-lanjutan.md", data={"text": NO_CORRECT_ANSWER}
    )
    assert response.status_code == 400


def test_live_preview_of_hostile_text_answers_with_a_problem(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    token = editor_fields(client, edit_url("02-lanjutan.md"))["csrf_token"]
    url = f"/author/{SLUG}/preview/02-lanjutan.md"
    hostile = "---\ntitle: Lanjutan\n---\n\n" + "[" * 140_000
    response = client.post(url, data={"text": hostile, "csrf_token": token})
    assert response.status_code == 200
    assert "Baris 5</a>: berkas terlalu rumit untuk diproses" in response.get_data(as_text=True)
    response = client.post(url, data={"text": "x" * 150_000, "csrf_token": token})
    assert response.status_code == 200
    assert "batasnya 140 KB" in response.get_data(as_text=True)


def test_saved_problems_show_inline_in_the_editor_and_with_source_lines(
    app, client, make_user, make_course
):
    trainer_with_course(make_user, make_course, client)
    save(client, edit_url("02-lanjutan.md"), NO_CORRECT_ANSWER)
    body = page(client, edit_url("02-lanjutan.md"))
    assert "Baris 11</a>: pertanyaan tidak punya jawaban benar" in body
    full = page(client, f"/author/{SLUG}/preview/02-lanjutan.md")
    assert 'id="baris-11"' in full
    excerpt = full[full.index('id="baris-11"') :]
    assert "### Mana ibu kota Indonesia?" in excerpt
    # Other pages count it; a problem in another file is mentioned, not listed.
    assert "1 masalah" in page(client, f"/author/{SLUG}")
    assert "Ada 1 masalah di berkas lain." in page(client, f"/author/{SLUG}/preview/course.md")


# -- modules ---------------------------------------------------------------------------------


def test_add_module_with_a_numbered_file_and_a_starting_text(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    response = post_form(
        client, f"/author/{SLUG}", f"/author/{SLUG}/modules", {"title": "Komunikasi Empatik"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(edit_url("03-komunikasi-empatik.md"))
    text = draft_text("03-komunikasi-empatik.md")
    assert "title: Komunikasi Empatik" in text and "## Kuis" in text
    assert "Tidak ada masalah" in page(client, f"/author/{SLUG}/publish")
    # Taken and reserved slugs are refused with a message.
    for data, message in [
        ({"title": "Lagi", "slug": "pengantar"}, "sudah dipakai"),
        ({"title": "Quiz"}, "alamat platform"),
        ({"title": "x", "slug": "Huruf Besar"}, "tidak bisa dipakai"),
        ({"title": ""}, "Judul modul wajib diisi"),
    ]:
        response = post_form(client, f"/author/{SLUG}", f"/author/{SLUG}/modules", data)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)


def test_rename_module_changes_title_and_slug_but_keeps_the_number(
    app, client, make_user, make_course
):
    trainer_with_course(make_user, make_course, client)
    path = f"/author/{SLUG}/rename/01-pengantar.md"
    body = page(client, path)
    assert 'value="Pengantar"' in body and 'value="pengantar"' in body
    revision = re.search(r'name="revision" value="(\d+)"', body)[1]
    response = post_form(
        client, path, path, {"title": "Awal: Mengenal Warga", "slug": "awal", "revision": revision}
    )
    assert response.status_code == 302
    files = store.draft_files(course_row().id)
    assert "01-awal.md" in files and "01-pengantar.md" not in files
    assert 'title: "Awal: Mengenal Warga"' in draft_text("01-awal.md")
    # The old page is stale now: its revision no longer matches.
    response = post_form(
        client, f"/author/{SLUG}/rename/01-awal.md", path,
        {"title": "X", "slug": "x", "revision": revision},
    )  # fmt: skip
    assert response.status_code == 404  # the old path is gone
    response = post_form(
        client, f"/author/{SLUG}/rename/01-awal.md", f"/author/{SLUG}/rename/01-awal.md",
        {"title": "X", "slug": "lanjutan", "revision": str(int(revision) + 2)},
    )  # fmt: skip
    assert response.status_code == 422
    assert "sudah dipakai" in response.get_data(as_text=True)


def test_reorder_modules_renumbers_prefixes(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    post_form(client, f"/author/{SLUG}", f"/author/{SLUG}/modules", {"title": "Penutup"})
    response = post_form(
        client, f"/author/{SLUG}", f"/author/{SLUG}/move/03-penutup.md", {"direction": "up"}
    )
    assert response.status_code == 302
    assert set(store.draft_files(course_row().id)) == {
        "01-pengantar.md",
        "02-penutup.md",
        "03-lanjutan.md",
        "course.md",
    }
    post_form(
        client, f"/author/{SLUG}", f"/author/{SLUG}/move/01-pengantar.md", {"direction": "down"}
    )
    body = page(client, f"/author/{SLUG}")
    assert (
        body.index("01-penutup.md") < body.index("02-pengantar.md") < body.index("03-lanjutan.md")
    )
    response = post_form(
        client, f"/author/{SLUG}", f"/author/{SLUG}/move/01-penutup.md", {"direction": "sideways"}
    )
    assert response.status_code == 400


def test_delete_module_after_a_confirmation(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    path = f"/author/{SLUG}/delete/02-lanjutan.md"
    body = page(client, path)
    assert "Ya, hapus dari draf" in body
    revision = re.search(r'name="revision" value="(\d+)"', body)[1]
    # A stale confirmation page deletes nothing.
    response = post_form(client, path, path, {"revision": str(int(revision) + 5)})
    assert response.status_code == 409
    assert "02-lanjutan.md" in store.draft_files(course_row().id)
    response = post_form(client, path, path, {"revision": revision})
    assert response.status_code == 302
    assert "02-lanjutan.md" not in store.draft_files(course_row().id)
    page(client, f"/author/{SLUG}/delete/course.md", 404)


def test_previews_are_limited_per_author(app, make_app, make_user, make_course):
    limited = make_app(PREVIEW_RATE_LIMIT="3 per minute")
    first, second = client_at(limited, "10.0.0.1"), client_at(limited, "10.0.0.1")
    trainer_with_course(make_user, make_course, first)
    add_author(course_row(SLUG).id, make_user("rekan", ("trainer",)).id, "coauthor")
    db.session.commit()
    assert login(second, "rekan").status_code == 302
    path = f"/author/{SLUG}/preview/02-lanjutan.md"
    token = editor_fields(first, edit_url("02-lanjutan.md"))["csrf_token"]
    for _ in range(2):
        assert first.post(path, data={"text": "# Ubah", "csrf_token": token}).status_code == 200
    assert first.get(path).status_code == 200
    response = first.post(path, data={"text": "# Ubah", "csrf_token": token})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert second.get(path).status_code == 200  # a co-author at the same office is not limited
    # The budget is the author's, not one per device they are logged in on.
    other_device = client_at(limited, "10.0.0.2")
    assert login(other_device, "pengajar").status_code == 302
    assert other_device.get(path).status_code == 429


def test_live_preview_shows_the_reflection_box(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    token = editor_fields(client, edit_url("01-pengantar.md"))["csrf_token"]
    text = "---\ntitle: Pengantar\n---\n\n# Pengantar\n\nIsi.\n\n## Renungkan\n\nKasus Kak Nurul.\n"
    response = client.post(
        f"/author/{SLUG}/preview/01-pengantar.md", data={"text": text, "csrf_token": token}
    )
    fragment = response.get_data(as_text=True)
    assert 'class="reflect"' in fragment and "Kasus Kak Nurul." in fragment
