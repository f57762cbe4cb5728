"""/api/v1 (issue 16): each resource through the Flask client with a real token, its
scope (403), the token's subtree (another government never appears), cursors, and the
statement budget of the list endpoints."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from elearn.certificates.services import issue
from elearn.domain.api import SCOPES
from elearn.extensions import db
from elearn.models import AuditLog, Certificate, Course, User
from tests.helpers import count_queries
from tests.helpers.api import bearer, make_token
from tests.helpers.assignments import assign
from tests.helpers.open_badges import verified
from tests.helpers.reports import YEAR, when
from tests.helpers.rows import insert_completion

LISTS = {
    "/api/v1/courses": "read:catalog",
    "/api/v1/completions": "read:completions",
    "/api/v1/certificates": "read:completions",
    "/api/v1/employees": "read:employees",
    "/api/v1/assignments": "read:assignments",
}
PROBLEM = "application/problem+json"


def nip_of(user_id: int) -> str:
    return db.session.get(User, user_id).username


def get(client, token, path):
    return client.get(path, headers=bearer(token))


def all_pages(client, token, path) -> list[dict]:
    """Every row of a list, following Link rel="next" with a small page size."""
    rows, url = [], path + ("&" if "?" in path else "?") + "limit=2"
    while url:
        response = get(client, token, url)
        assert response.status_code == 200, response.get_data(as_text=True)
        rows += response.json["data"]
        link = response.headers.get("Link")
        assert (link is None) == (response.json["next_cursor"] is None)
        url = link[1 : link.index(">")].removeprefix("http://localhost") if link else None
    return rows


@pytest.fixture
def kota_a(world, org) -> str:
    """A token with every scope, bounded by government A (Kota Anggrek)."""
    return make_token(org["KOTA-A"])


def test_courses_show_the_live_catalog(client, world, kota_a):
    rows = all_pages(client, kota_a, "/api/v1/courses")
    assert {r["slug"]: r["jp"] for r in rows} == {"kursus-a": 12, "kursus-b": 8}
    assert rows[0]["title"] == "Anti Korupsi" and rows[0]["live_version"]["number"] >= 1
    assert isinstance(rows[0]["competencies"], list)


def test_completions_of_the_subtree_only_with_filters(client, world, org, kota_a):
    people = world["people"]
    rows = all_pages(client, kota_a, "/api/v1/completions")
    nips = {r["nip"] for r in rows}
    assert nip_of(people["ani"]) in nips and nip_of(people["fajar"]) in nips
    assert nip_of(people["gita"]) not in nips  # government B
    assert len(rows) == len({r["id"] for r in rows})  # no row twice across pages
    certified = [r for r in rows if r["certificate"]]
    assert certified and certified[0]["certificate"]["verify_url"].startswith("http://localhost/")

    this_year = all_pages(client, kota_a, f"/api/v1/completions?year={YEAR}")
    assert this_year and all(r["year"] == YEAR for r in this_year)
    kel = all_pages(client, kota_a, "/api/v1/completions?unit=KEL-A1")
    assert {r["nip"] for r in kel} == {nip_of(people["fajar"])}
    assert all_pages(client, kota_a, f"/api/v1/completions?since={YEAR + 1}-01-01") == []
    assert get(client, kota_a, "/api/v1/completions?unit=PKM-B1").status_code == 404


def test_learner_jp_against_the_target(client, world, kota_a):
    answer = get(client, kota_a, f"/api/v1/learners/{nip_of(world['people']['budi'])}/jp").json
    assert answer == {
        "nip": nip_of(world["people"]["budi"]),
        "year": YEAR,
        "jp": 12,
        "target": 20,
        "remaining": 8,
        "met": False,
    }
    ani = get(client, kota_a, f"/api/v1/learners/{nip_of(world['people']['ani'])}/jp").json
    assert ani["jp"] == 20 and ani["met"] is True
    past = f"/api/v1/learners/{nip_of(world['people']['citra'])}/jp?year={YEAR - 1}"
    assert get(client, kota_a, past).json["jp"] == 12


def test_certificates_list_and_one(client, world, kota_a):
    rows = all_pages(client, kota_a, "/api/v1/certificates")
    assert [r["nip"] for r in rows] == [nip_of(world["people"]["ani"])]
    assert rows[0]["revoked"] is False
    assert rows[0]["open_badge_url"].startswith("http://localhost/api/v1/open-badges/ELN/")
    one = get(client, kota_a, f"/api/v1/certificates/{rows[0]['number']}")
    assert one.status_code == 200 and one.json["number"] == rows[0]["number"]
    gita = db.session.scalar(
        select(Certificate.number).where(Certificate.user_id == world["people"]["gita"])
    )
    assert get(client, kota_a, f"/api/v1/certificates/{gita}").status_code == 404


def test_open_badge_of_a_certificate_in_scope(client, world, kota_a, org):
    """A certificate issued as completing a course issues it, fetched as a credential."""
    course = db.session.scalar(select(Course).where(Course.slug == "kursus-b"))
    completion = insert_completion(world["people"]["budi"], course.live_version, when(YEAR))
    number = issue(completion, course.live_version).number
    db.session.commit()
    (row,) = [r for r in all_pages(client, kota_a, "/api/v1/certificates") if r["number"] == number]
    path = row["open_badge_url"].removeprefix("http://localhost")
    response = get(client, kota_a, path)
    assert response.status_code == 200 and response.mimetype == "application/vc+jwt"
    claims = verified(response.get_data(as_text=True), client)
    assert "OpenBadgeCredential" in claims["type"]
    assert claims["credentialSubject"]["achievement"]["creditsAvailable"] == row["jp"]
    # Another government's token: not in its subtree. Without the scope: 403.
    assert get(client, make_token(org["KOTA-B"]), path).status_code == 404
    catalog_only = make_token(org["KOTA-A"], scopes=("read:catalog",))
    assert get(client, catalog_only, path).status_code == 403
    # Revoked: gone, as a problem, and the list no longer links it.
    certificate = db.session.scalar(select(Certificate).where(Certificate.number == row["number"]))
    certificate.revoked_at = certificate.issued_at
    db.session.commit()
    gone = get(client, kota_a, path)
    assert gone.status_code == 410 and gone.mimetype == PROBLEM and gone.json["status"] == 410
    (row,) = [r for r in all_pages(client, kota_a, "/api/v1/certificates") if r["number"] == number]
    assert row["open_badge_url"] is None and row["revoked"] is True


def test_another_government_never_appears(client, world, org):
    """A token of government B sees B's people only, and cannot write into A."""
    token = make_token(org["KOTA-B"])
    gita = nip_of(world["people"]["gita"])
    for path in LISTS:
        text = get(client, token, path + "?limit=200").get_data(as_text=True)
        for name in ("ani", "budi", "dewi", "fajar"):
            assert nip_of(world["people"][name]) not in text, path
    assert {r["nip"] for r in all_pages(client, token, "/api/v1/employees")} == {gita}
    ani = nip_of(world["people"]["ani"])
    assert get(client, token, f"/api/v1/learners/{ani}/jp").status_code == 404
    moved = client.put(
        f"/api/v1/employees/{ani}",
        json={"name": "Ani Pindah", "employee_type": "PNS", "unit_code": "PKM-B1"},
        headers=bearer(token),
    )
    assert moved.status_code == 422 and moved.json["errors"][0]["field"] == "nip"
    assert db.session.get(User, world["people"]["ani"]).full_name == "Ani Lestari"
    into_a = client.post(
        "/api/v1/assignments",
        json={"course": "kursus-a", "unit_code": "PKM-A1", "due_date": f"{YEAR + 1}-01-01"},
        headers=bearer(token),
    )
    assert into_a.status_code == 422 and into_a.json["errors"][0]["field"] == "unit_code"


@pytest.mark.parametrize("path", [*LISTS, "/api/v1/learners/1/jp", "/api/v1/certificates/x"])
def test_a_missing_scope_is_403(client, world, org, path):
    needed = LISTS.get(path, "read:completions")
    token = make_token(org["KOTA-A"], [s for s in SCOPES if s != needed])
    response = get(client, token, path)
    assert response.status_code == 403 and response.mimetype == PROBLEM
    assert needed in response.json["detail"]


def test_writes_need_their_scope(client, world, org):
    token = make_token(org["KOTA-A"], ["read:employees", "read:assignments"])
    put = client.put("/api/v1/employees/1", json={}, headers=bearer(token))
    post = client.post("/api/v1/assignments", json={}, headers=bearer(token))
    assert put.status_code == post.status_code == 403


def test_put_employee_creates_then_updates_with_the_import_rules(client, world, kota_a):
    nip = "199001012020121001"
    body = {"name": "Rina Sari", "employee_type": "PNS", "unit_code": "PKM-A2", "rank": "iii/a"}
    created = client.put(f"/api/v1/employees/{nip}", json=body, headers=bearer(kota_a))
    assert created.status_code == 201, created.get_data(as_text=True)
    assert created.json["rank"] == "III/a" and created.json["unit_code"] == "PKM-A2"
    again = client.put(
        f"/api/v1/employees/{nip}", json={**body, "name": "Rina Sari Dewi"}, headers=bearer(kota_a)
    )
    assert again.status_code == 200 and again.json["name"] == "Rina Sari Dewi"
    entry = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "employees.import").order_by(AuditLog.id)
    ).all()[-1]
    assert entry.actor_id is None and entry.details["api_token_name"] == "SIMPEG"
    assert entry.details["via"] == "api"


def test_put_employee_answers_field_errors(client, world, kota_a):
    bad = client.put(
        "/api/v1/employees/12345",
        json={"name": "", "employee_type": "ASN", "unit_code": "TIDAK-ADA", "email": 5},
        headers=bearer(kota_a),
    )
    assert bad.status_code == 422 and bad.mimetype == PROBLEM
    assert [e["field"] for e in bad.json["errors"]] == ["email"]
    bad = client.put(
        "/api/v1/employees/12345",
        json={"name": "", "employee_type": "ASN", "unit_code": "TIDAK-ADA"},
        headers=bearer(kota_a),
    )
    fields = {e["field"] for e in bad.json["errors"]}
    assert {"nip", "name", "employee_type", "unit_code"} <= fields
    for body in ("[]", "bukan json", '"teks"'):
        response = client.put(
            "/api/v1/employees/12345",
            data=body,
            content_type="application/json",
            headers=bearer(kota_a),
        )
        assert response.status_code == 400 and response.mimetype == PROBLEM


def test_assignments_post_list_and_conflict(client, world, org, kota_a):
    body = {"course": "kursus-a", "unit_code": "DINKES-A", "due_date": f"{YEAR + 1}-03-31"}
    made = client.post("/api/v1/assignments", json=body, headers=bearer(kota_a))
    assert made.status_code == 201, made.get_data(as_text=True)
    assert made.json["course"]["slug"] == "kursus-a" and made.json["unit_code"] == "DINKES-A"
    assert client.post("/api/v1/assignments", json=body, headers=bearer(kota_a)).status_code == 409
    assign(db.session.get(Course, world["b"]), org["PKM-B1"])  # government B's
    rows = all_pages(client, kota_a, "/api/v1/assignments")
    assert [r["unit_code"] for r in rows] == ["DINKES-A"]
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "assignment.create"))
    assert entry.details["api_token_name"] == "SIMPEG"
    wrong = client.post(
        "/api/v1/assignments",
        json={"course": "tidak-ada", "unit_code": "DINKES-A", "due_date": "2000-01-01"},
        headers=bearer(kota_a),
    )
    assert wrong.status_code == 422
    assert {e["field"] for e in wrong.json["errors"]} == {"course", "due_date"}


@pytest.mark.parametrize(
    "query", ["cursor=x", "cursor=%00", "cursor=" + "A" * 400, "limit=0", "limit=201", "limit=x"]
)
def test_hostile_cursors_and_limits_are_400_problems(client, world, kota_a, query):
    response = get(client, kota_a, f"/api/v1/completions?{query}")
    assert response.status_code == 400 and response.mimetype == PROBLEM


@pytest.mark.parametrize(
    "query",
    [
        "year=20x6",
        "year=99999",
        "since=kemarin",
        "since=2026-13-45",
        "since=0001-01-01T00:00:00%2B05:00",
        "since=9999-12-31T23:00:00-05:00",
    ],
)
def test_hostile_filters_are_400_problems(client, world, kota_a, query):
    assert get(client, kota_a, f"/api/v1/completions?{query}").status_code == 400


def test_list_statement_budget_does_not_grow_with_rows(client, world, kota_a):
    """Token, page (and the catalog's competencies): never a statement per row."""
    for path in LISTS:
        get(client, kota_a, path)  # the first use writes "last used"
        with count_queries() as small:
            assert get(client, kota_a, path + "?limit=1").status_code == 200
        with count_queries() as large:
            assert get(client, kota_a, path + "?limit=200").status_code == 200
        assert len(small) == len(large) <= 3, (path, large)


def test_hostile_bodies_are_field_errors_never_500(client, world, kota_a):
    nip = "199001012020121001"
    for body in (
        {"name": "Rina\x00Sari", "employee_type": "PNS", "unit_code": "PKM-A1\x00"},
        {"name": "漢字😀" * 300, "employee_type": "PNS", "unit_code": "PKM-A1"},
        {"name": "Rina", "employee_type": "PNS", "unit_code": "x" * 5000},
        {"name": ["Rina"], "employee_type": {"a": 1}, "unit_code": True},
    ):
        response = client.put(f"/api/v1/employees/{nip}", json=body, headers=bearer(kota_a))
        assert response.status_code in (201, 200, 422), response.get_data(as_text=True)
    stored = db.session.scalar(select(User.full_name).where(User.username == nip))
    assert stored in (None, "RinaSari")
    for body in (
        {"course": "kursus-a\x00", "unit_code": "PKM-A1", "due_date": f"{YEAR + 1}-01-01"},
        {"course": "k" * 1000, "unit_code": "P" * 1000, "due_date": "9" * 1000},
        {"course": "kursus-a", "unit_code": "PKM-A1", "due_date": "2026-02-30"},
    ):
        response = client.post("/api/v1/assignments", json=body, headers=bearer(kota_a))
        assert response.status_code in (201, 422), response.get_data(as_text=True)
