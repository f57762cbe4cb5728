"""Catalog, course, module and "my learning" pages through the Flask client."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import CourseVersion, Enrollment, ModuleProgress
from elearn.publishing.folders import import_paths
from tests.helpers import (
    count_queries,
    login,
    mark_read,
    minimal_course,
    publish,
    query_counts,
)


def test_catalog_shows_cards_with_jp_minutes_category_competencies(client, learner, make_course):
    publish(make_course)
    page = client.get("/courses").get_data(as_text=True)
    assert "Kursus Uji" in page
    assert "Ringkasan kursus uji." in page
    assert "2 JP" in page
    assert "35 menit" in page
    assert "Uji coba" in page  # category label
    assert "Integritas" in page or "integritas" in page


def test_catalog_search_in_titles_and_content(client, learner, make_course):
    publish(make_course, "kursus-a", minimal_course("Pelayanan Loket"))
    publish(make_course, "kursus-b", minimal_course("Arsip Digital"))
    page = client.get("/courses?q=loket").get_data(as_text=True)
    assert "Pelayanan Loket" in page and "Arsip Digital" not in page
    # "antrean" appears only inside a module of both courses
    page = client.get("/courses?q=ANTREAN").get_data(as_text=True)
    assert "Pelayanan Loket" in page and "Arsip Digital" in page
    page = client.get("/courses?q=tidakadasamasekali").get_data(as_text=True)
    assert "Tidak ada kursus yang cocok" in page
    # LIKE wildcards typed by a user are literal
    assert "0 kursus cocok" in client.get("/courses?q=%25").get_data(as_text=True)


def test_catalog_filters_by_category_and_competency(client, learner, make_course):
    other = minimal_course("Kursus Lain")
    other["course.md"] = other["course.md"].replace("category: uji-coba", "category: teknologi")
    other["course.md"] = other["course.md"].replace("integritas: 1", "komunikasi: 2")
    publish(make_course)
    publish(make_course, "kursus-lain", other)
    page = client.get("/courses?category=teknologi").get_data(as_text=True)
    assert "Kursus Lain" in page and "Kursus Uji" not in page
    page = client.get("/courses?competency=integritas").get_data(as_text=True)
    assert "Kursus Uji" in page and "Kursus Lain" not in page
    assert '<option value="teknologi"' in page


def test_catalog_paginates(make_app, make_course, make_user):
    app = make_app(CATALOG_PAGE_SIZE=2)
    client = app.test_client()
    with app.app_context():
        for n in range(5):
            publish(make_course, f"kursus-{n}", minimal_course(f"Kursus {n}"))
        make_user()
        login(client)
        first = client.get("/courses").get_data(as_text=True)
        assert "Halaman 1 dari 3" in first and "Kursus 0" in first and "Kursus 2" not in first
        last = client.get("/courses?page=3").get_data(as_text=True)
        assert "Kursus 4" in last
        assert client.get("/courses?page=99").status_code == 200
        assert client.get("/courses?page=abc").status_code == 200


def test_catalog_query_count_does_not_grow_with_courses(client, learner, make_course):
    # Each worker reads a version once, on its first showing (live_versions); after that
    # the catalog's statements are the same for one course or six.
    publish(make_course, "kursus-1", minimal_course("Kursus 1"))
    client.get("/courses")
    with count_queries() as few:
        client.get("/courses")
    for n in range(2, 7):
        publish(make_course, f"kursus-{n}", minimal_course(f"Kursus {n}"))
    with count_queries() as first:
        client.get("/courses")
    with count_queries() as many:
        page = client.get("/courses").get_data(as_text=True)
    assert "Kursus 6" in page
    assert few and len(many) == len(few)
    assert len(first) <= len(few) + 5 * 4  # the five new versions, four statements each


def test_course_page_lists_modules_and_enrols(app, client, learner, make_course):
    publish(make_course)
    page = client.get("/courses/kursus-uji").get_data(as_text=True)
    assert page.index("Pengantar") < page.index("Lanjutan")
    assert "Isi ikhtisar." in page
    assert "Mulai belajar" in page
    assert "Kuis 1 soal" in page
    assert db.session.scalar(select(func.count(Enrollment.id))) == 1


def test_module_page_renders_stored_html_toc_and_neighbours(client, learner, make_course):
    publish(make_course)
    page = client.get("/courses/kursus-uji/pengantar").get_data(as_text=True)
    assert '<h2 id="bagian-satu">Bagian satu</h2>' in page
    assert 'href="#bagian-satu"' in page  # table of contents
    assert 'href="/courses/kursus-uji/lanjutan"' in page  # next
    assert "Tandai selesai dibaca" in page
    assert "Modul 1 dari 2" in page


def test_module_page_never_carries_quiz_answers(client, learner, make_course):
    publish(make_course)
    page = client.get("/courses/kursus-uji/lanjutan").get_data(as_text=True)
    assert "Dua tambah dua" not in page
    assert "Empat" not in page
    assert "Karena 2 + 2 = 4" not in page
    assert "correct" not in page
    assert "Modul ini selesai setelah kuisnya lulus (1 soal)" in page


def test_mark_read_stays_on_the_module_with_its_quiz_next_and_counts_once(
    app, client, learner, make_course
):
    publish(make_course)
    response = mark_read(client, "kursus-uji", "pengantar")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/courses/kursus-uji/pengantar")
    mark_read(client, "kursus-uji", "pengantar")
    assert db.session.scalar(select(func.count(ModuleProgress.id))) == 1
    page = client.get("/courses/kursus-uji/pengantar").get_data(as_text=True)
    assert "sudah menandai modul ini selesai dibaca" in page
    # a module with a quiz: back to the module, at its quiz, which is the next thing
    last = mark_read(client, "kursus-uji", "lanjutan")
    assert last.headers["Location"].endswith("/courses/kursus-uji/lanjutan#kuis-modul")
    page = client.get("/courses/kursus-uji/lanjutan").get_data(as_text=True)
    assert 'id="kuis-modul"' in page and "Berikutnya: kuis modul ini." in page


def test_mark_read_requires_csrf(client, learner, make_course):
    publish(make_course)
    response = client.post("/courses/kursus-uji/pengantar/read")
    assert response.status_code == 400
    assert "Formulir sudah kedaluwarsa" in response.get_data(as_text=True)


def test_my_shows_progress_and_resume_link(client, learner, make_course):
    publish(make_course)
    page = client.get("/my").get_data(as_text=True)
    assert "Belum ada kursus yang sedang Anda ikuti" in page
    client.get("/courses/kursus-uji/pengantar")
    mark_read(client, "kursus-uji", "pengantar")
    page = client.get("/my").get_data(as_text=True)
    assert '<progress max="2" value="1"' in page
    assert "1 dari 2 modul (50%)" in page
    # "Lanjutkan" goes to the next unfinished step, not back to the module last opened
    assert re.search(r'href="/courses/kursus-uji/lanjutan">Lanjutkan', page)
    client.get("/courses/kursus-uji/pengantar")
    page = client.get("/my").get_data(as_text=True)
    assert re.search(r'href="/courses/kursus-uji/lanjutan">Lanjutkan', page)
    mark_read(client, "kursus-uji", "lanjutan")
    page = client.get("/my").get_data(as_text=True)
    # the second module has a quiz: reading it is not enough to complete it
    assert "1 dari 2 modul (50%)" in page and "Belum ada kursus yang selesai" in page
    assert re.search(r'href="/courses/kursus-uji/quiz/lanjutan">Lanjutkan', page)


def test_my_query_count_does_not_grow_with_courses(client, learner, make_course):
    # the catalog too: its cards of followed courses carry progress and "Lanjutkan"
    publish(make_course, "kursus-1", minimal_course("Kursus 1"))
    client.get("/courses/kursus-1/pengantar")
    few = query_counts(client, ["/my", "/courses"])
    for n in range(2, 6):
        publish(make_course, f"kursus-{n}", minimal_course(f"Kursus {n}"))
        client.get(f"/courses/kursus-{n}/pengantar")
        mark_read(client, f"kursus-{n}", "pengantar")
    assert query_counts(client, ["/my", "/courses"]) == few
    page = client.get("/my").get_data(as_text=True)
    assert "Kursus 5" in page
    assert client.get("/courses").get_data(as_text=True).count(">Lanjutkan</a>") == 5


def test_progress_survives_a_new_version(app, client, learner, make_course):
    folder = publish(make_course)
    mark_read(client, "kursus-uji", "pengantar")
    text = (folder / "01-pengantar.md").read_text().replace("Materi pengantar", "Materi baru")
    (folder / "01-pengantar.md").write_text(text)
    (folder / "02-lanjutan.md").rename(folder / "03-lanjutan.md")
    (folder / "02-sisipan.md").write_text("---\ntitle: Sisipan\n---\n\nModul sisipan.\n")
    publish(make_course, files={})
    assert db.session.scalar(select(func.count(CourseVersion.id))) == 2
    page = client.get("/courses/kursus-uji").get_data(as_text=True)
    assert "1 dari 3 modul" in page
    assert "Materi baru" in client.get("/courses/kursus-uji/pengantar").get_data(as_text=True)


def test_unknown_course_and_module_get_friendly_404(client, learner, make_course):
    publish(make_course)
    for path in (
        "/courses/tidak-ada",
        "/courses/kursus-uji/tidak-ada",
        "/courses/kursus-uji/x/read",
    ):
        response = client.get(path)
        assert response.status_code in (404, 405)
        assert "Traceback" not in response.get_data(as_text=True)
    page = client.get("/courses/tidak-ada").get_data(as_text=True)
    assert "Halaman tidak ditemukan" in page


def test_media_is_served_with_safe_headers(client, learner, make_course):
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
        "0000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
    )
    files = minimal_course()
    files["01-pengantar.md"] += "\n![Diagram alur layanan](media/alur.png)\n"
    files["media/alur.png"] = png
    publish(make_course, files=files)
    page = client.get("/courses/kursus-uji/pengantar").get_data(as_text=True)
    src = re.search(r'<img src="([^"]+)" alt="Diagram alur layanan"', page).group(1)
    response = client.get(src)
    assert response.status_code == 200
    assert response.data == png
    assert response.mimetype == "image/png"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "immutable" in response.headers["Cache-Control"]
    assert client.get(src, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    assert client.get("/media/" + "0" * 64 + "/x.png").status_code == 404
    assert client.get("/media/abc/x.png").status_code == 404


def test_hostile_html_is_sanitized_at_publish(client, learner, make_course):
    files = minimal_course()
    files["01-pengantar.md"] += (
        '\n<script>alert(1)</script><img src="x.png" onerror="alert(2)">'
        '<a href="javascript:alert(3)">klik</a><iframe src="https://evil.example"></iframe>'
        '<p style="color:red" onclick="alert(4)">teks</p>\n'
    )
    folder = make_course(files=files)
    lines: list[str] = []
    import_paths([str(folder)], echo=lines.append)
    # a relative image that does not exist is an error, so the course is refused ...
    assert any("x.png" in line for line in lines)
    files["01-pengantar.md"] = files["01-pengantar.md"].replace(
        'src="x.png" ', 'src="https://a.example/x.png" '
    )
    publish(make_course, files=files)
    page = client.get("/courses/kursus-uji/pengantar").get_data(as_text=True)
    body = page[page.index('<article class="content">') :]
    for bad in ("<script", "onerror", "javascript:", "<iframe", "onclick", "style="):
        assert bad not in body


def test_pages_answer_on_a_phone_layout(client, learner, make_course):
    publish(make_course)
    for path in ("/courses", "/courses/kursus-uji", "/courses/kursus-uji/pengantar", "/my"):
        page = client.get(path).get_data(as_text=True)
        assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
        assert '<html lang="id">' in page


def test_a_module_read_in_one_course_does_not_count_in_another(client, learner, make_course):
    # Both courses have modules with the same slugs ("pengantar", "lanjutan").
    publish(make_course, "kursus-1", minimal_course("Kursus Satu"))
    publish(make_course, "kursus-2", minimal_course("Kursus Dua"))
    client.get("/courses/kursus-2/pengantar")  # enrols in the second course
    client.get("/courses/kursus-1/pengantar")
    mark_read(client, "kursus-1", "pengantar")
    page = client.get("/my").get_data(as_text=True)
    assert "Kursus Satu" in page and "Kursus Dua" in page
    assert page.count("1 dari 2 modul") == 1 and page.count("0 dari 2 modul") == 1
