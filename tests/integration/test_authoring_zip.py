"""Course folders as zips through the web and the CLI: export, import, hostile zips, round trips."""

from __future__ import annotations

import io
import random
import re
import zipfile

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from elearn.authoring import store
from elearn.authoring.access import add_author
from elearn.content.budget import budget, limit_for
from elearn.content.source import CourseSource, load_course_dir
from elearn.content.zipfolder import read_zip, write_zip
from elearn.extensions import db
from elearn.models import Course, CourseAuthor, User, VersionFile
from elearn.publishing.folders import import_paths
from tests.helpers import COURSES, csrf_token, login, minimal_course

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def course_files() -> dict[str, bytes]:
    files = {k: v.encode() for k, v in minimal_course().items()}
    files["01-pengantar.md"] += b"\n![titik](media/titik.png)\n"
    files["media/titik.png"] = PNG
    return files


def make_zip(files: dict[str, bytes], top="kursus-uji/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(top + name, data)
    return buffer.getvalue()


def course_by(slug: str) -> Course | None:
    db.session.expire_all()
    return db.session.scalar(select(Course).where(Course.slug == slug))


@pytest.fixture
def people(app, make_user):
    make_user("pelatih", ("trainer",), full_name="Pelatih Satu")
    make_user("pelatih2", ("trainer",), full_name="Pelatih Dua")
    make_user("peserta", ("learner",))


@pytest.fixture
def course(people, make_course):
    """kursus-uji published once from a folder, owned by `pelatih`."""
    assert import_paths([str(make_course("kursus-uji", course_files()))], echo=lambda *_: None)
    course = course_by("kursus-uji")
    owner = db.session.scalar(select(User).where(User.username == "pelatih"))
    add_author(course.id, owner.id, "owner")
    db.session.commit()
    return course


@pytest.fixture
def owner(client, people):
    login(client, "pelatih")
    return client


def post_zip(client, data: bytes, filename="kursus-uji.zip", slug=""):
    token = csrf_token(client, "/author/import")
    # Encoded in memory: the test client would spool a big body to a temporary file.
    boundary, body = encode_multipart(
        {"csrf_token": token, "slug": slug, "file": FileStorage(io.BytesIO(data), filename)}
    )
    return client.post(
        "/author/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def confirm(client, page: str):
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client.post("/author/import/confirm", data={"csrf_token": csrf, "token": token})


def text(response) -> str:
    return response.get_data(as_text=True)


# -- permissions -------------------------------------------------------------------------


def test_learners_get_403_on_every_route(app, client, course):
    login(client, "peserta")
    token = csrf_token(client, "/courses")
    assert client.get("/author/kursus-uji/export.zip").status_code == 403
    assert client.get("/author/import").status_code == 403
    assert client.post("/author/import", data={"csrf_token": token}).status_code == 403
    assert client.post("/author/import/confirm", data={"csrf_token": token}).status_code == 403
    anonymous = app.test_client()
    assert anonymous.get("/author/kursus-uji/export.zip").status_code == 302
    assert anonymous.get("/author/import").status_code == 302


def test_other_trainers_get_404_on_export(app, course):
    other = app.test_client()
    login(other, "pelatih2")
    assert other.get("/author/kursus-uji/export.zip").status_code == 404
    assert other.get("/author/kursus-uji/export.zip?version=1").status_code == 404
    assert other.get("/author/tidak-ada/export.zip").status_code == 404


def test_import_page_shows_the_form(owner):
    page = text(owner.get("/author/import"))
    assert "Impor kursus dari zip" in page
    assert 'enctype="multipart/form-data"' in page
    assert "Paling besar 20,0 MB" in page


# -- export ------------------------------------------------------------------------------


def test_export_gives_the_live_version_in_the_courses_format(owner, course):
    response = owner.get("/author/kursus-uji/export.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="kursus-uji-v1.zip"'
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
    assert names == sorted(f"kursus-uji/{p}" for p in course_files())
    assert read_zip(response.data).files == course_files()
    # Deterministic: the same content gives the same bytes.
    assert owner.get("/author/kursus-uji/export.zip").data == response.data


def test_export_prefers_the_draft_and_takes_a_version_on_request(owner, course):
    store.start_draft(course, None)
    store.save_file(course.id, "03-baru.md", b"# Baru\n", None, None)
    db.session.commit()
    draft = owner.get("/author/kursus-uji/export.zip")
    assert draft.headers["Content-Disposition"].endswith('filename="kursus-uji-draf.zip"')
    assert "03-baru.md" in read_zip(draft.data).files
    live = owner.get("/author/kursus-uji/export.zip?version=1")
    assert "03-baru.md" not in read_zip(live.data).files
    missing = owner.get("/author/kursus-uji/export.zip?version=7")
    assert missing.status_code == 404 and "tidak punya versi 7" in text(missing)
    assert owner.get("/author/kursus-uji/export.zip?version=abc").status_code == 404


def test_export_of_a_version_without_sources_says_to_reimport(owner, course):
    db.session.execute(db.delete(VersionFile))
    db.session.commit()
    response = owner.get("/author/kursus-uji/export.zip")
    assert response.status_code == 404
    assert "impor ulang folder kursusnya" in text(response)


# -- import of a new course --------------------------------------------------------------


def test_import_creates_a_course_owned_by_the_importer_with_the_zip_as_draft(owner, course):
    response = post_zip(owner, make_zip(course_files(), top="kursus-baru/"), "apa-saja.zip")
    assert response.status_code == 200
    page = text(response)
    assert "Kursus kursus-baru dibuat" in page
    assert "Tidak ada masalah" in page
    course = course_by("kursus-baru")
    assert course.live_version_id is None  # nothing published
    assert store.draft_source(course).files == course_files()
    author = db.session.scalar(select(CourseAuthor).where(CourseAuthor.course_id == course.id))
    assert (author.user.username, author.role) == ("pelatih", "owner")


def test_files_at_the_root_take_the_slug_from_the_field_or_the_file_name(owner, people):
    post_zip(owner, make_zip(course_files(), top=""), "Kursus Dari Akar.zip")
    assert course_by("kursus-dari-akar") is not None
    post_zip(owner, make_zip(course_files(), top=""), "x.zip", slug="pilihan-sendiri")
    assert course_by("pilihan-sendiri") is not None
    response = post_zip(owner, make_zip(course_files(), top=""), "x.zip", slug="Bukan Slug")
    assert response.status_code == 422
    assert "slug kursus `Bukan Slug` (yang diisi) tidak sah" in text(response)
    response = post_zip(owner, make_zip(course_files(), top="import/"))
    assert response.status_code == 422
    assert "dipakai alamat halaman penulisan" in text(response)


def test_an_invalid_course_is_still_stored_and_its_problems_shown(owner, people):
    files = course_files()
    files["02-lanjutan.md"] = files["02-lanjutan.md"].replace(b"- [x] Empat", b"- [ ] Empat")
    response = post_zip(owner, make_zip(files, top="kursus-salah/"))
    assert response.status_code == 200
    page = text(response)
    assert "Draf tetap tersimpan" in page
    assert "02-lanjutan.md:" in page
    assert store.draft_source(course_by("kursus-salah")).files == files


# -- import over an existing course ------------------------------------------------------


def test_reimport_of_own_course_asks_first_and_lists_the_changes(owner, course):
    files = course_files()
    files["01-pengantar.md"] += b"\nTambahan.\n"
    files["03-tambahan.md"] = b"# Tambahan\n"
    del files["media/titik.png"]
    response = post_zip(owner, make_zip(files))
    assert response.status_code == 200
    page = text(response)
    assert "Ganti draf kursus-uji dengan isi zip?" in page
    added, rest = page.split("Diubah (1)")
    changed, removed = rest.split("Dihapus (1)")
    assert "Ditambahkan (1)" in added and "03-tambahan.md" in added
    assert "01-pengantar.md" in changed
    assert "media/titik.png" in removed
    assert "2 berkas tidak berubah" in page
    assert store.draft_of(course.id) is None  # nothing replaced before confirming
    response = confirm(owner, page)
    assert response.status_code == 200
    assert "Draf kursus kursus-uji sekarang berisi isi zip" in text(response)
    assert store.draft_source(course_by("kursus-uji")).files == files
    assert course_by("kursus-uji").live_version.number == 1  # the live version is untouched


def test_a_draft_changed_after_the_preview_is_shown_again(owner, course):
    page = text(post_zip(owner, make_zip(course_files())))
    store.start_draft(course, None)
    store.save_file(course.id, "04-lain.md", b"# Lain\n", None, None)
    db.session.commit()
    response = confirm(owner, page)
    assert "Draf diubah orang lain sejak pratinjau" in text(response)
    assert "04-lain.md" in text(response)
    assert "04-lain.md" in store.draft_source(course_by("kursus-uji")).files
    confirm(owner, text(response))
    assert store.draft_source(course_by("kursus-uji")).files == course_files()


def test_a_confirmation_token_is_bound_to_its_user(app, owner, course):
    page = text(post_zip(owner, make_zip(course_files())))
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    other = app.test_client()
    login(other, "pelatih2")
    csrf = csrf_token(other, "/author/import")
    response = other.post("/author/import/confirm", data={"csrf_token": csrf, "token": token})
    assert response.status_code == 302
    assert "tidak sah" in text(other.get("/author/import"))
    csrf = csrf_token(owner, "/author/import")
    owner.post("/author/import/confirm", data={"csrf_token": csrf, "token": "palsu"})
    assert "tidak sah" in text(owner.get("/author/import"))
    assert store.draft_of(course.id) is None


def test_someone_elses_course_cannot_be_replaced(app, course):
    other = app.test_client()
    login(other, "pelatih2")
    response = post_zip(other, make_zip(course_files()))
    assert response.status_code == 403
    assert "Anda bukan penulisnya" in text(response)
    assert store.draft_of(course.id) is None


# -- hostile zips through the page -------------------------------------------------------


def hostile(name: str, data: bytes = b"x", attr: int | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in course_files().items():
            archive.writestr("kursus-jahat/" + path, content)
        info = zipfile.ZipInfo(name)
        if attr is not None:
            info.create_system, info.external_attr = 3, attr << 16
        archive.writestr(info, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, message",
    [
        (hostile("kursus-jahat/../../evil.md"), "keluar dari folder (../)"),
        (hostile("/etc/cron.d/evil"), "path absolut"),
        (hostile("C:/evil.md"), "huruf drive"),
        (hostile("kursus-jahat\\evil.md"), "garis miring terbalik"),
        (hostile("kursus-jahat/media/tautan.png", b"/etc/passwd", 0o120777), "tautan simbolik"),
        (hostile("kursus-jahat/media/bom.png", b"\0" * (20 * 1024 * 1024)), "bom.png"),
        (b"PK\x03\x04 bukan zip sungguhan", "bukan zip"),
        (b"", "berkas kosong"),
    ],
)
def test_hostile_zips_are_refused_with_a_message(owner, people, data, message):
    response = post_zip(owner, data, "jahat.zip")
    assert response.status_code == 422
    page = text(response)
    assert "Zip tidak diimpor" in page
    assert message in page
    assert course_by("kursus-jahat") is None


def test_a_small_zip_of_hostile_markdown_is_checked_in_bounded_work(owner, people):
    # Brackets in a random order deflate about ten-fold: under the ratio limit, so the file
    # reaches the checker, whose work budget stops it with a problem at its line.
    rng = random.Random(12)  # noqa: S311 (test data)
    files = course_files()
    files["02-lanjutan.md"] = b"---\ntitle: Lanjutan\n---\n\n" + bytes(
        rng.choice(b"[[[![^") for _ in range(130_000)
    )
    data = make_zip(files)
    assert len(data) < 40_000
    with budget(10**12) as spent:
        response = post_zip(owner, data)
    assert response.status_code == 200
    assert "02-lanjutan.md:5</code>: berkas terlalu rumit untuk diproses" in text(response)
    assert spent.spent < 3 * limit_for("x" * 130_000)


def test_too_many_entries_are_refused(app, owner, people):
    app.config["AUTHOR_ZIP_MAX_ENTRIES"] = 5
    response = post_zip(owner, make_zip(course_files() | {"03-a.md": b"", "04-b.md": b""}))
    assert response.status_code == 422
    assert "paling banyak 5" in text(response)


def test_an_upload_over_the_limit_gets_a_friendly_413(app, owner, people):
    app.config["AUTHOR_ZIP_MAX_BYTES"] = 1024 * 1024
    noise = random.Random(7).randbytes(1200 * 1024)  # noqa: S311 - test noise that does not compress
    response = post_zip(owner, make_zip(course_files() | {"media/x.png": noise}))
    assert response.status_code == 413
    assert "Zip terlalu besar: batasnya 1,0 MB" in text(response)


# -- round trips -------------------------------------------------------------------------


def test_export_then_import_keeps_the_content_hash(owner, course):
    live_hash = course.live_version.content_hash
    exported = owner.get("/author/kursus-uji/export.zip").data
    assert CourseSource("kursus-uji", read_zip(exported).files, "").content_hash() == live_hash
    page = text(post_zip(owner, exported))
    assert "Isi zip sama persis dengan draf sekarang" in page
    confirm(owner, page)
    assert store.draft_source(course_by("kursus-uji")).content_hash() == live_hash


def test_shipped_courses_survive_export_and_reimport(app, owner, publish_shipped, runner, tmp_path):
    publish_shipped()
    admin_id = db.session.scalar(select(User.id).where(User.username == "pelatih"))
    slugs = sorted(p.name for p in COURSES.iterdir() if (p / "course.md").exists())
    assert slugs
    for slug in slugs:
        course = course_by(slug)
        add_author(course.id, admin_id, "owner")
        db.session.commit()
        live_hash = course.live_version.content_hash
        # Through the web.
        exported = owner.get(f"/author/{slug}/export.zip").data
        assert CourseSource(slug, read_zip(exported).files, "").content_hash() == live_hash
        confirm(owner, text(post_zip(owner, exported, f"{slug}.zip")))
        assert store.draft_source(course_by(slug)).content_hash() == live_hash
        # Through the command line, as a zip and as a folder.
        result = runner.invoke(args=["courses", "export", slug, str(tmp_path / f"{slug}.zip")])
        assert result.exit_code == 0, result.output
        files = read_zip((tmp_path / f"{slug}.zip").read_bytes()).files
        assert CourseSource(slug, files, "").content_hash() == live_hash
        assert (tmp_path / f"{slug}.zip").read_bytes() == write_zip(slug, files)
        result = runner.invoke(args=["courses", "export", slug, str(tmp_path / "folder")])
        assert result.exit_code == 0, result.output
        assert load_course_dir(tmp_path / "folder" / slug).content_hash() == live_hash
    # Publishing the exported folders again changes nothing.
    lines: list[str] = []
    assert import_paths([str(tmp_path / "folder")], echo=lines.append)
    assert all("tidak berubah" in line for line in lines if line.split(":")[0] in slugs), lines


# -- CLI errors --------------------------------------------------------------------------


def test_cli_export_errors_are_clear(runner, course, tmp_path):
    result = runner.invoke(args=["courses", "export", "tidak-ada", str(tmp_path / "a.zip")])
    assert result.exit_code == 1
    assert "kursus `tidak-ada` tidak ditemukan" in result.output
    result = runner.invoke(
        args=["courses", "export", "kursus-uji", str(tmp_path / "a.zip"), "--version", "9"]
    )
    assert result.exit_code == 1
    assert "tidak punya versi 9" in result.output
    result = runner.invoke(args=["courses", "export", "kursus-uji", str(tmp_path / "no/a.zip")])
    assert result.exit_code == 1
    assert "tidak ada" in result.output
    (tmp_path / "out" / "kursus-uji").mkdir(parents=True)
    result = runner.invoke(args=["courses", "export", "kursus-uji", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "sudah ada" in result.output
    db.session.execute(db.delete(VersionFile))
    db.session.commit()
    result = runner.invoke(args=["courses", "export", "kursus-uji", str(tmp_path / "b.zip")])
    assert result.exit_code == 1
    assert "impor ulang folder kursusnya" in result.output
    assert not (tmp_path / "b.zip").exists()


def test_cli_export_of_a_course_never_published(runner, owner, people, tmp_path):
    post_zip(owner, make_zip(course_files(), top="belum-terbit/"))
    result = runner.invoke(args=["courses", "export", "belum-terbit", str(tmp_path / "a.zip")])
    assert result.exit_code == 1
    assert "belum punya versi yang tayang" in result.output


def test_cli_export_of_an_older_version(runner, course, make_course, tmp_path):
    files = course_files()
    files["01-pengantar.md"] += b"\nVersi dua.\n"
    assert import_paths([str(make_course("kursus-uji", files))], echo=lambda *_: None)
    result = runner.invoke(
        args=["courses", "export", "kursus-uji", str(tmp_path / "v1.zip"), "--version", "1"]
    )
    assert result.exit_code == 0, result.output
    assert read_zip((tmp_path / "v1.zip").read_bytes()).files == course_files()
    runner.invoke(args=["courses", "export", "kursus-uji", str(tmp_path / "live.zip")])
    assert read_zip((tmp_path / "live.zip").read_bytes()).files == files
