"""Who sees what in the reports: every URL a viewer can type stays inside their subtree."""

from __future__ import annotations

import pytest

from elearn.extensions import db
from elearn.models import User
from tests.helpers import csv_rows, login, xlsx_rows
from tests.helpers.reports import text, viewer

PAGES = ("/hr/", "/hr/matrix", "/hr/jp")
EXPORTS = ("/hr/overview.csv", "/hr/matrix.csv", "/hr/jp.csv", "/hr/jp.xlsx")


def every_url(org, world) -> list[str]:
    a, people = world["a"], world["people"]
    return [
        *PAGES,
        *EXPORTS,
        "/hr/overview.xlsx",
        "/hr/matrix.xlsx",
        f"/hr/matrix/{org['PKM-A1']}/{a}",
        f"/hr/matrix/{org['PKM-A1']}/{a}.csv",
        f"/hr/learners/{people['ani']}",
        f"/hr/learners/{people['ani']}.xlsx",
    ]


def foreign_urls(org, world, outside=("KOTA-B", "PKM-B1", "DINKES-B", "KEC-A", "KOTA-A")):
    """Every way the report URLs take a unit or a learner, pointed outside DINKES-A."""
    a, people = world["a"], world["people"]
    urls = []
    for code in outside:
        unit = org[code]
        urls += [f"{page}?unit={unit}" for page in PAGES + EXPORTS]
        urls += [f"/hr/overview.xlsx?unit={unit}", f"/hr/matrix.xlsx?unit={unit}"]
        urls += [f"/hr/matrix/{unit}/{a}", f"/hr/matrix/{unit}/{a}.csv"]
        urls += [f"/hr/matrix/{unit}/{a}.xlsx", f"/hr/matrix/{org['PKM-A1']}/{a}?unit={unit}"]
    for name in ("gita", "fajar"):
        person = people[name]
        urls += [f"/hr/learners/{person}", f"/hr/learners/{person}.csv"]
        urls += [f"/hr/learners/{person}.xlsx"]
    return urls


def outsiders(world) -> list[str]:
    people = [db.session.get(User, world["people"][n]) for n in ("gita", "fajar")]
    return [p.full_name for p in people] + [p.username for p in people] + ["Bakung"]


def body(response) -> str:
    if response.mimetype.endswith("sheet"):
        return repr(xlsx_rows(response))
    return response.get_data(as_text=True)


def test_an_agency_officer_gets_404_for_anything_outside(client, make_user, org, world):
    viewer(make_user, client, org)
    for url in foreign_urls(org, world):
        assert client.get(url).status_code == 404, url


def test_other_governments_people_never_show(client, make_user, org, world):
    viewer(make_user, client, org)
    hidden = outsiders(world)
    for url in every_url(org, world) + [f"/hr/matrix/{org['DINKES-A']}/{world['b']}"]:
        response = client.get(url)
        assert response.status_code == 200, url
        content = body(response)
        for word in hidden:
            assert word not in content, (url, word)


def test_supervisor_sees_own_unit_subtree_only(client, make_user, org, world):
    make_user("kapus", roles=("supervisor",), unit_id=org["PKM-A1"])  # scoped by own unit
    assert login(client, "kapus").status_code == 302
    page = text(client.get("/hr/jp"))
    for name in ("Ani Lestari", "Budi Santoso", "Citra Wulandari", "Siti Rahmawati"):
        assert name in page  # the unit head is an employee of PKM-A1 too
    for name in ("Dewi", "Eko", "Fajar", "Gita"):
        assert name not in page
    assert "Puskesmas Anggrek Satu</a></th>" in text(client.get("/hr/matrix"))
    assert "Anggrek Dua" not in text(client.get("/hr/matrix"))
    for url in (
        f"/hr/?unit={org['PKM-A2']}",
        f"/hr/matrix?unit={org['DINKES-A']}",
        f"/hr/matrix/{org['PKM-A2']}/{world['a']}",
        f"/hr/learners/{world['people']['dewi']}",
        f"/hr/learners/{world['people']['dewi']}.csv",
        f"/hr/jp.csv?unit={org['PKM-A2']}",
    ):
        assert client.get(url).status_code == 404, url
    assert [r[1] for r in csv_rows(client.get("/hr/jp.csv?sort=name"))[1:]] == [
        "Ani Lestari",
        "Budi Santoso",
        "Citra Wulandari",
        "Siti Rahmawati",
    ]


def test_officer_without_scope_sees_empty_pages_and_a_hint(client, make_user, org, world):
    viewer(make_user, client, org, "hr-none", scope=None)
    for url in PAGES:
        page = text(client.get(url))
        assert "belum ditugaskan ke unit kerja mana pun" in page and "Minta admin" in page
        assert "Ani Lestari" not in page and "/hr/learners/" not in page
    for url in ("/hr/overview.csv", "/hr/matrix.csv", "/hr/jp.csv"):
        assert len(csv_rows(client.get(url))) == 1  # the header only
    assert client.get(f"/hr/learners/{world['people']['ani']}").status_code == 404
    assert client.get(f"/hr/matrix/{org['PKM-A1']}/{world['a']}").status_code == 404


def test_admin_sees_both_governments(client, make_user, org, world):
    viewer(make_user, client, org, "admin", roles=("admin",), scope=None)
    page = text(client.get("/hr/jp?sort=name"))
    assert "Gita Savitri" in page and "Fajar Nugroho" in page and "Ani Lestari" in page
    assert client.get(f"/hr/learners/{world['people']['gita']}").status_code == 200


@pytest.mark.parametrize("roles", [("learner",), ("trainer",)])
def test_learners_and_trainers_are_refused(client, make_user, org, world, roles):
    make_user("orang", roles=roles, unit_id=org["PKM-A1"], scope_unit_id=org["DINKES-A"])
    assert login(client, "orang").status_code == 302
    for url in every_url(org, world):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_log_in(client, org, world):
    for url in every_url(org, world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"]


def test_control_characters_in_a_search_are_ignored_everywhere(app, org, make_user):
    # PostgreSQL refuses a NUL in a query parameter; the filters drop such characters.
    from tests.helpers import login

    make_user("bkpsdm", ("hr",), scope_unit_id=org["KOTA-A"])
    make_user("a1", full_name="Ani Lestari", unit_id=org["PKM-A1"])
    client = app.test_client()
    assert login(client, "bkpsdm").status_code == 302
    for path in ("/hr/jp", "/hr/siasn", "/hr/assignments", "/hr/jp.csv"):
        response = client.get(path, query_string={"q": "An\x00i\x07"})
        assert response.status_code == 200, path
    assert "Ani Lestari" in client.get("/hr/jp", query_string={"q": "An\x00i"}).get_data(
        as_text=True
    )
