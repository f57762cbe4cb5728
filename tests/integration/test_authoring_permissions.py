"""Who reaches which authoring page: authors of the course and admins only, CSRF on every
POST. A trainer who is not an author of a course gets 404 on every route of it."""

from __future__ import annotations

import pytest

from elearn.authoring import store
from elearn.extensions import db
from elearn.models import CourseAuthor
from tests.helpers import assert_sent_to_login, csrf_token, logged_in_client, publish
from tests.helpers.authoring import SLUG, course_row

S = f"/author/{SLUG}"
COURSE_PAGES = [
    S,
    f"{S}/edit/course.md",
    f"{S}/preview/course.md",
    f"{S}/rename/01-pengantar.md",
    f"{S}/delete/01-pengantar.md",
    f"{S}/publish",
    f"{S}/history",
    f"{S}/versions/1",
    f"{S}/versions/1/restore",
    f"{S}/discard",
    f"{S}/authors",
]
COURSE_POSTS = [
    f"{S}/edit/course.md",
    f"{S}/preview/course.md",
    f"{S}/modules",
    f"{S}/rename/01-pengantar.md",
    f"{S}/move/01-pengantar.md",
    f"{S}/delete/01-pengantar.md",
    f"{S}/publish",
    f"{S}/versions/1/restore",
    f"{S}/discard",
    f"{S}/authors",
    f"{S}/authors/1/remove",
]
GENERAL_PAGES = ["/author/", "/author/new"]
ALL_PAGES = GENERAL_PAGES + COURSE_PAGES
ALL_POSTS = ["/author/new", *COURSE_POSTS]


@pytest.fixture
def setup(app, make_user, make_course):
    """A published course owned by `pemilik`; `lain` is a trainer of other courses."""
    publish(make_course)
    owner = make_user("pemilik", ("trainer",), full_name="Pemilik Kursus")
    make_user("lain", ("trainer",), full_name="Pengajar Lain")
    make_user("peserta", ("learner",))
    make_user("sdm", ("hr",))
    make_user("admin", ("admin",))
    db.session.add(CourseAuthor(course_id=course_row().id, user_id=owner.id, role="owner"))
    db.session.commit()
    return owner


def snapshot():
    course = course_row()
    return (course.live_version_id, dict(store.draft_source(course).files))


def test_anonymous_visitors_are_sent_to_login(app, setup):
    assert_sent_to_login(app.test_client(), ALL_PAGES, ALL_POSTS)


@pytest.mark.parametrize("username", ["peserta", "sdm"])
def test_learners_and_hr_get_403_everywhere(app, setup, username):
    client = logged_in_client(app, username)
    token = csrf_token(client, "/my")
    for path in ALL_PAGES:
        assert client.get(path).status_code == 403, path
    for path in ALL_POSTS:
        assert client.post(path, data={"csrf_token": token}).status_code == 403, path
    # And the header shows them no way in.
    assert 'href="/author/"' not in client.get("/my").get_data(as_text=True)


def test_another_trainer_gets_404_on_every_route_of_the_course(app, setup):
    client = logged_in_client(app, "lain")
    before = snapshot()
    for path in GENERAL_PAGES:
        assert client.get(path).status_code == 200, path
    assert SLUG not in client.get("/author/").get_data(as_text=True)
    token = csrf_token(client, "/author/new")
    for path in COURSE_PAGES:
        assert client.get(path).status_code == 404, path
    for path in COURSE_POSTS:
        data = {"csrf_token": token, "text": "x", "revision": "1", "title": "x", "direction": "up"}
        assert client.post(path, data=data).status_code == 404, path
    assert snapshot() == before


def test_the_owner_reaches_every_page_but_the_owners_page(app, setup):
    client = logged_in_client(app, "pemilik")
    for path in ALL_PAGES:
        expected = 403 if path.endswith("/authors") else 200
        assert client.get(path).status_code == expected, path
    token = csrf_token(client, "/author/")
    assert client.post(f"{S}/authors", data={"csrf_token": token}).status_code == 403
    assert 'href="/author/"' in client.get("/my").get_data(as_text=True)


def test_an_admin_reaches_every_page(app, setup):
    client = logged_in_client(app, "admin")
    for path in ALL_PAGES:
        assert client.get(path).status_code == 200, path
    assert "Kursus Uji" in client.get("/author/").get_data(as_text=True)


def test_every_post_needs_the_csrf_token(app, setup):
    client = logged_in_client(app, "admin")
    client.get(S)  # open the draft
    before = snapshot()
    for path in ALL_POSTS:
        data = {"text": "x", "revision": "1", "title": "Baru", "slug": "baru", "direction": "up"}
        assert client.post(path, data=data).status_code == 400, path
    assert snapshot() == before


def test_admin_assigns_and_removes_authors_with_an_audit_trail(app, setup):
    from sqlalchemy import select

    from elearn.models import AuditLog, User

    admin = logged_in_client(app, "admin")
    other = logged_in_client(app, "lain")
    assert other.get(S).status_code == 404
    token = csrf_token(admin, f"{S}/authors")
    response = admin.post(
        f"{S}/authors", data={"username": "lain", "role": "coauthor", "csrf_token": token}
    )
    assert response.status_code == 302
    assert other.get(S).status_code == 200
    body = admin.get(f"{S}/authors").get_data(as_text=True)
    assert "Pengajar Lain" in body and "Penulis pendamping" in body
    for username, role, message in [
        ("tidak-ada", "owner", "Tidak ada pengguna"),
        ("peserta", "owner", "bukan pengajar"),
        ("lain", "raja", "Pilih pemilik atau penulis pendamping"),
    ]:
        response = admin.post(
            f"{S}/authors", data={"username": username, "role": role, "csrf_token": token}
        )
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    lain = db.session.scalar(select(User).where(User.username == "lain"))
    response = admin.post(f"{S}/authors/{lain.id}/remove", data={"csrf_token": token})
    assert response.status_code == 302
    assert other.get(S).status_code == 404
    actions = list(
        db.session.scalars(
            select(AuditLog.action).where(AuditLog.target_type == "course").order_by(AuditLog.id)
        )
    )
    assert actions == ["course.author_set", "course.author_remove"]
