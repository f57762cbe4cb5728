"""The public front (issue 17): what a visitor who is not logged in may read, what stays
behind login, the admin's private-site setting, the sitemap, robots.txt and the head tags
of public pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from elearn.extensions import db
from elearn.models import Course
from tests.helpers import (
    assert_sent_to_login,
    csrf_token,
    logged_in_client,
    mark_read,
    minimal_course,
    publish,
)

SLUG = "kursus-uji"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LEARNER_NAME = "Rahasia Peserta Tujuh"


@pytest.fixture
def course(make_course):
    return publish(make_course)


def text(response) -> str:
    return response.get_data(as_text=True)


def meta(page: str, name: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', page)
    return found and found.group(1)


def set_public(app, make_user, public: bool) -> None:
    """The admin's choice, through the admin's own page."""
    make_user("admin", ("admin",), full_name="Admin Situs")
    client = logged_in_client(app, "admin")
    data = {"csrf_token": csrf_token(client, "/admin/situs-publik")}
    if public:
        data["public"] = "y"
    response = client.post("/admin/situs-publik", data=data)
    assert response.status_code == 302


def test_a_visitor_reads_the_landing_page_catalog_and_course_overview(client, course):
    landing = client.get("/")
    assert landing.status_code == 200 and "Kursus terbaru" in text(landing)
    catalog = client.get("/courses?q=uji")
    assert catalog.status_code == 200 and f'href="/courses/{SLUG}"' in text(catalog)
    page = text(client.get(f"/courses/{SLUG}"))
    for shown in ("Kursus Uji", "Isi ikhtisar.", "Pengantar", "Lanjutan", "Integritas", "2 JP"):
        assert shown in page
    assert f'href="/login?next=/courses/{SLUG}"' in page
    assert "Masuk untuk mulai belajar" in page
    assert "<progress" not in page and "Keluar" not in page
    assert f'href="/courses/{SLUG}/pengantar"' not in page  # module content: login first


def test_the_overview_names_the_trainers_never_a_learner(app, client, course, make_user):
    from elearn.authoring.access import add_author

    course_id = db.session.query(Course.id).filter_by(slug=SLUG).scalar()
    add_author(course_id, make_user("pengajar", ("trainer",), full_name="Bu Pengajar").id, "owner")
    db.session.commit()
    make_user("peserta", full_name=LEARNER_NAME)
    learner = logged_in_client(app, "peserta")
    assert learner.get(f"/courses/{SLUG}").status_code == 200  # enrolled now
    mark_read(learner, SLUG, "pengantar")
    for path in ("/", "/courses", f"/courses/{SLUG}", "/sitemap.xml"):
        page = text(client.get(path))
        assert LEARNER_NAME not in page and "<progress" not in page, path
    assert "Bu Pengajar" in text(client.get(f"/courses/{SLUG}"))
    # the learner still gets their own page, with progress, from the same address
    assert "<progress" in text(learner.get(f"/courses/{SLUG}"))
    assert "<progress" in text(learner.get("/courses"))


def test_module_quiz_and_personal_pages_still_need_login(client, course):
    gets = [
        f"/courses/{SLUG}/pengantar",
        f"/courses/{SLUG}/quiz/lanjutan",
        f"/courses/{SLUG}/exam",
        f"/courses/{SLUG}/pretest",
        f"/courses/{SLUG}/survey",
        f"/courses/{SLUG}/task",
        "/my",
        "/my/competencies",
        "/my/certificates",
        "/account",
    ]
    posts = [f"/courses/{SLUG}/pengantar/read", f"/courses/{SLUG}/pengantar/reflection"]
    assert_sent_to_login(client, gets, posts)
    response = client.get(f"/courses/{SLUG}/pengantar")
    assert "next=%2Fcourses%2Fkursus-uji%2Fpengantar" in response.headers["Location"]


def test_a_logged_in_user_keeps_going_to_their_own_page(client, learner):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/my")


def test_an_unknown_course_is_a_404_for_visitors_too(client, course):
    assert client.get("/courses/tidak-ada").status_code == 404


def test_the_private_site_sends_visitors_to_login_and_keeps_verify_open(
    app, client, course, make_user
):
    set_public(app, make_user, False)
    for path in ("/", "/courses", f"/courses/{SLUG}"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/login" in response.headers["Location"], path
    assert client.get("/sitemap.xml").status_code == 404
    robots = text(client.get("/robots.txt"))
    assert "Disallow: /\n" in robots and "Sitemap" not in robots
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/verify/TIDAKADA").status_code == 404  # looked up, not sent to login
    assert client.get("/.well-known/jwks.json").status_code == 200
    # logged-in users are not concerned
    make_user("peserta")
    assert logged_in_client(app, "peserta").get("/courses").status_code == 200


def test_the_admins_choice_wins_over_the_deploy_default(make_app, make_user, course):
    app = make_app(PUBLIC_SITE=False)
    client = app.test_client()
    assert client.get("/courses").status_code == 302
    assert client.get("/sitemap.xml").status_code == 404
    set_public(app, make_user, True)
    assert client.get("/courses").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200


def test_the_deploy_default_reads_words_from_the_environment(app, make_app, monkeypatch, course):
    monkeypatch.setenv("ELEARN_PUBLIC_SITE", "false")
    assert make_app().test_client().get("/courses").status_code == 302
    monkeypatch.setenv("ELEARN_PUBLIC_SITE", "true")
    assert make_app().test_client().get("/courses").status_code == 200


def test_only_admins_change_the_setting_and_only_with_csrf(app, make_user):
    make_user("hr", ("hr",))
    assert logged_in_client(app, "hr").get("/admin/situs-publik").status_code == 403
    make_user("admin", ("admin",))
    admin = logged_in_client(app, "admin")
    page = text(admin.get("/admin/situs-publik"))
    assert 'name="csrf_token"' in page and "ELEARN_PUBLIC_SITE" in page
    assert "/admin/situs-publik" in text(admin.get("/admin/"))
    assert admin.post("/admin/situs-publik", data={}).status_code == 400
    anonymous = app.test_client()
    assert "/login" in anonymous.get("/admin/situs-publik").headers["Location"]


def test_the_sitemap_lists_the_public_pages_and_live_courses_only(app, make_app, make_course):
    app = make_app(PUBLIC_URL="https://elearn.example.go.id")
    publish(make_course)
    publish(make_course, "kursus-dua", minimal_course("Kursus Dua"))
    db.session.add(Course(slug="belum-terbit"))  # never published: not public
    db.session.commit()
    response = app.test_client().get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)  # noqa: S314 (our own answer, not untrusted)
    urls = [u.findtext(f"{SITEMAP}loc") for u in root.iter(f"{SITEMAP}url")]
    base = "https://elearn.example.go.id"
    assert urls == [
        f"{base}/",
        f"{base}/courses",
        f"{base}/courses/kursus-dua",
        f"{base}/courses/{SLUG}",
    ]
    robots = text(app.test_client().get("/robots.txt"))
    assert f"Sitemap: {base}/sitemap.xml" in robots and "Disallow: /my" in robots


def test_public_pages_carry_title_description_canonical_and_open_graph(
    app, make_app, make_course, tmp_path
):
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png())
    app = make_app(PUBLIC_URL="https://elearn.example.go.id", INSTITUTION_LOGO_FILE=str(logo))
    publish(make_course)
    client = app.test_client()
    base = "https://elearn.example.go.id"
    for path, title in (
        ("/", "ELearn ASN"),
        ("/courses", "Katalog"),
        (f"/courses/{SLUG}", "Kursus Uji"),
    ):
        page = text(client.get(path))
        assert re.search(r"<title>[^<]+</title>", page), path
        assert meta(page, "description"), path
        assert title in meta(page, "og:title"), path
        assert meta(page, "og:url") == base + path, path
        assert f'<link rel="canonical" href="{base}{path}">' in page, path
        assert meta(page, "og:image") == f"{base}/logo", path
        assert meta(page, "og:type") in ("website", "article"), path
    assert meta(text(client.get(f"/courses/{SLUG}")), "og:description") == "Ringkasan kursus uji."
    served = client.get("/logo")
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert served.get_data() == logo.read_bytes()
    served.close()


def test_without_a_logo_the_share_image_is_the_platforms(client, course):
    page = text(client.get("/"))
    assert re.match(r"http://localhost/static/og-default\.png", meta(page, "og:image"))
    assert client.get("/logo").status_code == 404


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 8), (10, 80, 100)).save(out, "PNG")
    return out.getvalue()
