"""The landing page's figures and course lists (issue 17), and the statement budgets of the
pages a visitor reads: aggregate SQL, cached briefly per worker, no write on a GET."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from elearn.certificates.services import issue
from elearn.extensions import db
from elearn.models import Course, User
from elearn.models.base import utcnow
from tests.helpers import count_queries, minimal_course, publish
from tests.helpers.reports import LAST_YEAR, YEAR, add_learner, when
from tests.helpers.rows import insert_completion

WRITES = ("INSERT", "UPDATE", "DELETE")
# Statements per visitor request once the worker holds the course versions, with the
# private-site setting and the landing page's data read afresh (the worst case: at most
# every 30 s and PUBLIC_FIGURES_SECONDS); bench/README.md lists the learner pages' own.
# Landing: the setting, the figures, the featured and the newest courses.
BUDGETS = {"/": 4, "/courses": 3, "/courses/kursus-uji": 3, "/sitemap.xml": 2}


def version_of(slug: str):
    return db.session.scalar(select(Course).where(Course.slug == slug)).live_version


def complete(user_id: int, slug: str, year: int = YEAR, certificate: bool = True):
    version = version_of(slug)
    completion = insert_completion(user_id, version, when(year))
    if certificate:
        return issue(completion, version)
    return None


def figure(page: str, name: str) -> int:
    return int(re.search(rf'data-figure="{name}">(\d+)<', page).group(1))


def listed(page: str, name: str) -> list[str]:
    block = re.search(rf'data-list="{name}">(.*?)</ul>', page, re.S)
    return re.findall(r'href="/courses/([^"/]+)"', block.group(1)) if block else []


@pytest.fixture
def catalog(make_course, make_user):
    """Three live courses and one never published; learners of whom one left."""
    publish(make_course, "kursus-a", minimal_course("Kursus A"))
    publish(make_course, "kursus-b", minimal_course("Kursus B"))
    publish(make_course, "kursus-c", minimal_course("Kursus C"))
    db.session.add(Course(slug="belum-terbit"))
    make_user("pengajar", ("trainer",), full_name="Pengajar Saja")  # not a learner
    ids = [add_learner(f"Peserta {n}", None) for n in range(3)]
    gone = db.session.get(User, add_learner("Sudah Keluar", None))
    gone.active = False
    db.session.commit()
    return ids


def test_the_figures_count_learners_certificates_this_year_and_live_courses(make_app, app, catalog):
    a, b, c = catalog
    complete(a, "kursus-b")
    complete(b, "kursus-b")
    revoked = complete(c, "kursus-b")
    revoked.revoked_at = utcnow()
    complete(a, "kursus-a", LAST_YEAR)
    complete(c, "kursus-c", certificate=False)
    db.session.commit()
    page = make_app(PUBLIC_FIGURES_SECONDS=0).test_client().get("/").get_data(as_text=True)
    assert figure(page, "learners") == 3  # active learners; not the trainer, not who left
    assert figure(page, "certificates") == 2  # this year, not revoked
    assert figure(page, "courses") == 3
    assert f"Sertifikat terbit tahun {YEAR}" in page
    # featured: completed most this year, at least once; then the newest, not twice
    assert listed(page, "featured") == ["kursus-b", "kursus-c"]
    assert listed(page, "newest") == ["kursus-a"]
    assert "Sudah Keluar" not in page and "Peserta 0" not in page


def test_with_nothing_completed_there_is_no_featured_list(client, catalog):
    page = client.get("/").get_data(as_text=True)
    assert listed(page, "featured") == []
    assert sorted(listed(page, "newest")) == ["kursus-a", "kursus-b", "kursus-c"]


def test_the_figures_are_kept_briefly_and_a_get_writes_nothing(client, catalog):
    first = client.get("/").get_data(as_text=True)
    complete(catalog[0], "kursus-a")
    db.session.commit()
    with count_queries() as statements:
        again = client.get("/").get_data(as_text=True)
    assert figure(again, "certificates") == figure(first, "certificates") == 0
    assert [s for s in statements if s.lstrip().split()[0].upper() in WRITES] == []


def test_visitor_pages_keep_their_statement_budget(client, make_course):
    publish(make_course)
    for path in BUDGETS:  # the worker reads each version once, as in production
        assert client.get(path).status_code == 200, path
    over = {}
    for path, budget in BUDGETS.items():
        client.application.extensions.pop("elearn.front.landing", None)  # recomputed
        client.application.extensions.pop("elearn.front.public", None)  # setting re-read
        with count_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers, path
        if len(statements) > budget or [s for s in statements if s.split()[0] in WRITES]:
            over[path] = [" ".join(s.split())[:100] for s in statements]
    assert over == {}


def test_a_warm_landing_page_runs_no_statement(client, make_course):
    publish(make_course)
    assert client.get("/").status_code == 200
    with count_queries() as statements:
        assert client.get("/").status_code == 200
    assert statements == []
