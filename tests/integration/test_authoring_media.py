"""Media of a draft: upload checks, names, replace and delete, usage, and who may see them."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from elearn.authoring import store
from elearn.authoring.access import add_author
from elearn.authoring.media import (
    MediaRefused,
    check_image,
    media_usage,
    normalise_name,
    thumbnail_size,
)
from elearn.extensions import db
from elearn.models import Course
from elearn.publishing.folders import import_paths
from tests.helpers import csrf_token, login, minimal_course


def image_bytes(fmt: str, size=(20, 10), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")


def course_files() -> dict:
    files = minimal_course()
    files["01-pengantar.md"] += "\n![Peta layanan](media/peta.png)\n"
    files["media/peta.png"] = PNG
    files["media/lama.png"] = image_bytes("PNG", color=(0, 0, 200))
    return files


@pytest.fixture
def course(app, make_course, make_user):
    """A published course with one used and one unused image, owned by `pelatih`."""
    assert import_paths([str(make_course("kursus-uji", course_files()))], echo=lambda *_: None)
    course = db.session.scalar(select(Course).where(Course.slug == "kursus-uji"))
    owner = make_user("pelatih", ("trainer",), full_name="Pelatih Satu")
    make_user("pelatih2", ("trainer",), full_name="Pelatih Dua")
    make_user("peserta", ("learner",))
    add_author(course.id, owner.id, "owner")
    db.session.commit()
    return course


@pytest.fixture
def owner(client, course):
    login(client, "pelatih")
    return client


def upload(client, data: bytes, filename: str, slug="kursus-uji"):
    token = csrf_token(client, f"/author/{slug}/media")
    return client.post(
        f"/author/{slug}/media",
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def draft_media(course) -> dict[str, bytes]:
    db.session.expire_all()
    files = store.draft_source(course).files
    return {p[len("media/") :]: d for p, d in files.items() if p.startswith("media/")}


def text(response) -> str:
    return response.get_data(as_text=True)


# -- pure checks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Foto Loket.PNG", "foto-loket.png"),
        ("peta_layanan (1).jpg", "peta-layanan-1.jpg"),
        ("Ürün.Çizim.webp", "urun-cizim.webp"),
        ("  spasi.gif  ", "spasi.gif"),
    ],
)
def test_names_are_normalised(raw, expected):
    assert normalise_name(raw) == expected


@pytest.mark.parametrize("raw", ["../evil.png", "a/b.png", "a\\b.png", "....png", ".png", "", "x."])
def test_bad_names_are_refused(raw):
    with pytest.raises(MediaRefused):
        normalise_name(raw)


def test_every_allowed_format_passes_with_its_real_size():
    for fmt, name in (("PNG", "a.png"), ("JPEG", "a.jpg"), ("GIF", "a.gif"), ("WEBP", "a.webp")):
        checked = check_image(name, image_bytes(fmt, size=(30, 12)), 2 * 1024 * 1024)
        assert (checked.width, checked.height) == (30, 12)
        assert checked.mime == f"image/{fmt.lower()}"
    assert check_image("a.jpeg", JPEG, 10**6).name == "a.jpeg"


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("palsu.png", b"ini teks, bukan gambar", "bukan gambar PNG, JPEG, WebP atau GIF"),
        ("foto.png", JPEG, "sebenarnya JPEG, bukan PNG"),
        ("foto.jpg", PNG, "sebenarnya PNG, bukan JPEG"),
        ("terpotong.png", PNG[:40], "rusak"),
        ("kepala.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "rusak"),
        ("gambar.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
        ("gambar.png", b"<?xml version='1.0'?><svg><script>alert(1)</script></svg>", "SVG"),
        ("dokumen.pdf", b"%PDF-1.4", "tidak diizinkan"),
        ("kosong.png", b"", "kosong"),
    ],
)
def test_content_is_checked_not_just_the_name(filename, data, message):
    with pytest.raises(MediaRefused) as caught:
        check_image(filename, data, 2 * 1024 * 1024)
    assert message in str(caught.value)


def test_a_small_file_with_huge_dimensions_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, format="PNG")  # 100 megapixels, a few KB
    with pytest.raises(MediaRefused) as caught:
        check_image("raksasa.png", buffer.getvalue(), 2 * 1024 * 1024)
    assert "terlalu banyak piksel" in str(caught.value)


def test_size_limit_is_named_in_the_message():
    with pytest.raises(MediaRefused) as caught:
        check_image("besar.png", PNG + b"\0" * 2048, 1024)
    assert "batasnya 1 KB" in str(caught.value)


def test_thumbnails_keep_proportions_and_never_enlarge():
    assert thumbnail_size((400, 200)) == (96, 48)
    assert thumbnail_size((50, 500)) == (10, 96)
    assert thumbnail_size((20, 10)) == (20, 10)
    assert thumbnail_size(None) == (96, 96)


def test_usage_follows_the_renderer():
    files = {
        "course.md": b"---\ntitle: x\n---\n![a](./media/sampul.png)\n",
        "01-a.md": b'# A\n\n[unduh](media/lampiran.pdf)\n\n<img src="media/html.png" alt="">\n',
        "02-b.md": b"# B\n\n```\n![kode](media/dalam-kode.png)\n```\n\n## Kuis\n\n"
        b"### Apa ini?\n![soal](media/sampul.png)\n- [x] Ya\n- [ ] Tidak\n",
        "media/sampul.png": b"",
        "media/lampiran.pdf": b"",
        "media/html.png": b"",
        "media/dalam-kode.png": b"",
    }
    assert media_usage(files) == {
        "dalam-kode.png": [],
        "html.png": ["01-a.md"],
        "lampiran.pdf": ["01-a.md"],
        "sampul.png": ["02-b.md", "course.md"],
    }


# -- who may reach the routes ------------------------------------------------------------


ROUTES = [
    ("get", "/author/kursus-uji/media"),
    ("post", "/author/kursus-uji/media"),
    ("post", "/author/kursus-uji/media/replace"),
    ("post", "/author/kursus-uji/media/delete"),
    ("get", "/author/kursus-uji/media/peta.png"),
]


@pytest.mark.parametrize("method, path", ROUTES)
def test_learners_get_403_and_other_trainers_404(app, client, course, method, path):
    login(client, "peserta")
    token = csrf_token(client, "/courses")
    data = {"csrf_token": token} if method == "post" else None
    assert getattr(client, method)(path, data=data).status_code == 403
    other = app.test_client()
    login(other, "pelatih2")
    token = csrf_token(other, "/courses")
    data = {"csrf_token": token} if method == "post" else None
    assert getattr(other, method)(path, data=data).status_code == 404
    anonymous = app.test_client()
    assert getattr(anonymous, method)(path).status_code in (302, 400)


def test_admins_may_open_every_course(app, course, make_user):
    make_user("admin1", ("admin",))
    admin = app.test_client()
    login(admin, "admin1")
    assert admin.get("/author/kursus-uji/media").status_code == 200
    assert admin.get("/author/kursus-uji/media/peta.png").status_code == 200


# -- the page and the file route ---------------------------------------------------------


def test_page_lists_used_and_unused_media(owner, course):
    response = owner.get("/author/kursus-uji/media")
    assert response.status_code == 200
    page = text(response)
    used, unused = page.split("Tidak dipakai (1)")
    assert "Dipakai di kursus (1)" in used
    assert "media/peta.png" in used and "01-pengantar.md" in used
    assert "media/lama.png" in unused and "media/peta.png" not in unused
    assert 'src="/author/kursus-uji/media/peta.png"' in page
    assert 'width="20" height="10"' in page  # small images are not enlarged
    assert "Paling besar 2,0 MB" in page
    assert "Belum ada draf" in page


def test_file_route_serves_the_right_type_to_authors_only(owner, course):
    response = owner.get("/author/kursus-uji/media/peta.png")
    assert response.status_code == 200
    assert response.data == PNG
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "private" in response.headers["Cache-Control"]
    etag = response.headers["ETag"]
    assert (
        owner.get("/author/kursus-uji/media/peta.png", headers={"If-None-Match": etag}).status_code
        == 304
    )
    assert owner.get("/author/kursus-uji/media/tidak-ada.png").status_code == 404
    assert owner.get("/author/kursus-uji/media/../course.md").status_code == 404


def test_file_route_offers_mislabelled_content_only_as_a_download(owner, course):
    store.start_draft(course, None)
    store.save_file(course.id, "media/palsu.png", b"<html><script>x</script>", None, None)
    db.session.commit()
    response = owner.get("/author/kursus-uji/media/palsu.png")
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"] == "attachment"


# -- upload ------------------------------------------------------------------------------


def test_upload_saves_into_the_draft_under_a_normalised_name(owner, course):
    live_hash = course.live_version.content_hash
    gif = image_bytes("GIF")
    response = upload(owner, gif, "Alur Layanan.GIF")
    assert response.status_code == 302
    assert draft_media(course)["alur-layanan.gif"] == gif
    page = text(owner.get("/author/kursus-uji/media"))
    assert "media/alur-layanan.gif tersimpan di draf" in page
    assert "Tidak dipakai (2)" in page
    db.session.expire_all()
    assert course.live_version.content_hash == live_hash  # learners see nothing yet
    row = store.draft_files(course.id)["media/alur-layanan.gif"]
    assert row.revision == 1 and row.updated_by_id is not None


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"ini teks biasa", "palsu.png", "bukan gambar PNG"),
        (JPEG, "foto.png", "sebenarnya JPEG, bukan PNG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "ikon.svg", "SVG tidak bisa diunggah"),
        (PNG, "../../etc/evil.png", "garis miring"),
        (PNG, "....png", "huruf atau angka"),
        (PNG, "gambar.bmp", "tidak diizinkan"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(owner, course, data, filename, message):
    response = upload(owner, data, filename)
    assert response.status_code == 422
    assert message in text(response)
    assert "Gambar tidak disimpan" in text(response)
    assert store.draft_of(course.id) is None  # nothing stored, not even a draft


def test_upload_needs_a_file_and_a_csrf_token(owner, course):
    response = owner.post(
        "/author/kursus-uji/media",
        data={"file": (io.BytesIO(PNG), "a.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "kedaluwarsa" in text(response)
    token = csrf_token(owner, "/author/kursus-uji/media")
    response = owner.post("/author/kursus-uji/media", data={"csrf_token": token})
    assert response.status_code == 422
    assert "Pilih berkas gambar" in text(response)
    assert store.draft_of(course.id) is None


def test_an_image_over_the_limit_is_refused_with_the_limit(app, owner, course):
    app.config["AUTHOR_MEDIA_MAX_BYTES"] = 1024
    response = upload(owner, PNG + b"\0" * 2048, "besar.png")
    assert response.status_code == 422
    assert "batasnya 1 KB" in text(response)


def test_a_body_over_the_limit_gets_a_friendly_413(app, owner, course):
    app.config["AUTHOR_MEDIA_MAX_BYTES"] = 1024 * 1024
    big = image_bytes("PNG") + b"\0" * (1024 * 1024 + 100 * 1024)
    token = csrf_token(owner, "/author/kursus-uji/media")
    # Encoded here in memory: the test client would spool a body this big to a file.
    boundary, body = encode_multipart(
        {"csrf_token": token, "file": FileStorage(io.BytesIO(big), "besar.png")}
    )
    response = owner.post(
        "/author/kursus-uji/media",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    page = text(response)
    assert "Berkas terlalu besar: batas ukuran gambar 1,0 MB" in page
    assert store.draft_of(course.id) is None


def test_default_limit_is_two_megabytes(app):
    assert app.config["AUTHOR_MEDIA_MAX_BYTES"] == 2 * 1024 * 1024


def test_replacing_asks_for_confirmation_first(owner, course):
    new = image_bytes("PNG", size=(40, 40), color=(0, 160, 0))
    response = upload(owner, new, "Peta.png")
    assert response.status_code == 200
    page = text(response)
    assert "Ganti media/peta.png?" in page
    assert "40 × 40 piksel" in page and "20 × 10 piksel" in page
    assert store.draft_of(course.id) is None  # nothing changed yet
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = owner.post(
        "/author/kursus-uji/media/replace", data={"csrf_token": csrf, "token": token}
    )
    assert response.status_code == 302
    assert draft_media(course)["peta.png"] == new
    assert store.draft_files(course.id)["media/peta.png"].revision == 2
    assert "diganti dengan gambar baru" in text(owner.get("/author/kursus-uji/media"))
    # The same confirmation again is now stale: the file moved on to revision 2.
    owner.post("/author/kursus-uji/media/replace", data={"csrf_token": csrf, "token": token})
    assert "diubah atau dihapus orang lain" in text(owner.get("/author/kursus-uji/media"))


def test_uploading_identical_bytes_changes_nothing(owner, course):
    assert upload(owner, PNG, "peta.png").status_code == 302
    assert "tidak ada yang berubah" in text(owner.get("/author/kursus-uji/media"))
    assert store.draft_of(course.id) is None


def test_a_replace_token_is_bound_to_its_user_and_course(app, owner, course):
    page = text(upload(owner, image_bytes("PNG", color=(1, 2, 3)), "peta.png"))
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    # Another author of the same course cannot use it.
    other = app.test_client()
    login(other, "pelatih2")
    pelatih2 = db.session.scalar(select(Course.id).where(Course.slug == "kursus-uji"))
    from elearn.models import User

    add_author(pelatih2, db.session.scalar(select(User.id).where(User.username == "pelatih2")))
    db.session.commit()
    csrf = csrf_token(other, "/author/kursus-uji/media")
    other.post("/author/kursus-uji/media/replace", data={"csrf_token": csrf, "token": token})
    assert "tidak sah" in text(other.get("/author/kursus-uji/media"))
    csrf = csrf_token(owner, "/author/kursus-uji/media")
    owner.post("/author/kursus-uji/media/replace", data={"csrf_token": csrf, "token": token + "x"})
    assert "tidak sah" in text(owner.get("/author/kursus-uji/media"))
    assert store.draft_of(course.id) is None  # nothing replaced


def test_delete_removes_from_the_draft_and_detects_conflicts(owner, course):
    csrf = csrf_token(owner, "/author/kursus-uji/media")
    response = owner.post(
        "/author/kursus-uji/media/delete",
        data={"csrf_token": csrf, "name": "lama.png", "revision": "1"},
    )
    assert response.status_code == 302
    assert "lama.png" not in draft_media(course)
    assert "media/lama.png dihapus dari draf." in text(owner.get("/author/kursus-uji/media"))
    # A stale revision (someone saved meanwhile) deletes nothing.
    store.save_file(course.id, "media/peta.png", image_bytes("PNG", color=(9, 9, 9)), 1, None)
    db.session.commit()
    owner.post(
        "/author/kursus-uji/media/delete",
        data={"csrf_token": csrf, "name": "peta.png", "revision": "1"},
    )
    assert "peta.png" in draft_media(course)
    assert "diubah atau sudah dihapus" in text(owner.get("/author/kursus-uji/media"))
    # Deleting a used image warns where it is still linked.
    owner.post(
        "/author/kursus-uji/media/delete",
        data={"csrf_token": csrf, "name": "peta.png", "revision": "2"},
    )
    assert "peta.png" not in draft_media(course)
    assert "masih dirujuk di 01-pengantar.md" in text(owner.get("/author/kursus-uji/media"))


def test_delete_needs_csrf(owner, course):
    response = owner.post(
        "/author/kursus-uji/media/delete", data={"name": "lama.png", "revision": "1"}
    )
    assert response.status_code == 400
    assert store.draft_of(course.id) is None
