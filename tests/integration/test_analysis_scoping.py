"""Who sees what on the analysis reports (gaps, evaluation, SIASN), in every URL form, and
a constant number of queries per page and download whatever the amount of data."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from elearn.extensions import db
from elearn.models import CourseVersion
from tests.helpers import count_queries, read_csv
from tests.helpers.analysis import (
    YEAR,
    add_completion,
    add_employee,
    add_survey,
    heat_map,
    viewer,
    wib,
)

# What the agency's officer must never see: people, units and answers of elsewhere.
OUTSIDE = (
    "Hadi Wijaya",
    "198708082012011008",
    "Iwan Setiawan",
    "198809092013011009",
    "Kecamatan Anggrek",
    "Kelurahan Melati",
    "Bakung",
    "Rahasia",
)


def urls(w) -> list[str]:
    """Every analysis page and download, with the ids of the small organisation."""
    unit, integritas, course = w.org["DINKES-A"], w.competencies["int"].id, w.courses["dasar"].id
    pages = [
        "/hr/gaps",
        f"/hr/gaps/{unit}/{integritas}",
        f"/hr/gaps/{unit}/{integritas}?direct=1",
        f"/hr/evaluation?year={YEAR}",
        f"/hr/evaluation/{course}?year={YEAR}",
        f"/hr/siasn?year={YEAR}",
    ]

    def downloads_in(fmt: str) -> list[str]:
        return [
            f"/hr/gaps.{fmt}",
            f"/hr/gaps/{unit}/{integritas}.{fmt}",
            f"/hr/evaluation.{fmt}?year={YEAR}",
            f"/hr/evaluation/{course}.{fmt}?year={YEAR}",
            f"/hr/siasn.{fmt}?year={YEAR}",
        ]

    return pages + [d for fmt in ("csv", "xlsx") for d in downloads_in(fmt)]


def with_arg(url: str, arg: str) -> str:
    return url + ("&" if "?" in url else "?") + arg


def text_of(response) -> str:
    if response.mimetype.startswith("application/vnd.openxml"):
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(
            str(v) for row in book.active.iter_rows(values_only=True) for v in row if v
        )
    return response.get_data(as_text=True)


def test_every_page_and_download_answers_the_agency_officer(dinkes, analysis_world):
    for url in urls(analysis_world):
        response = dinkes.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        for word in OUTSIDE:
            assert word not in text, (url, word)


def test_other_units_are_404_in_every_url_form(dinkes, analysis_world, org):
    integritas, course = analysis_world.competencies["int"].id, analysis_world.courses["dasar"].id
    others = [org[c] for c in ("KOTA-A", "KEC-A", "KEL-A1", "KOTA-B", "DINKES-B", "PKM-B1")]
    for other in others:
        for url in urls(analysis_world):
            response = dinkes.get(with_arg(url, f"unit={other}"))
            assert response.status_code == 404, (url, other)
        for path in (
            f"/hr/gaps/{other}/{integritas}",
            f"/hr/gaps/{other}/{integritas}?direct=1",
            f"/hr/gaps/{other}/{integritas}.csv",
            f"/hr/gaps/{other}/{integritas}.xlsx",
        ):
            assert dinkes.get(path).status_code == 404, path
    # A unit that does not exist answers exactly the same.
    assert dinkes.get(f"/hr/gaps/{max(org.values()) + 100}/{integritas}").status_code == 404
    assert dinkes.get(f"/hr/evaluation/{course}?unit=2147483647").status_code == 404


def test_a_unit_head_sees_only_their_unit(app, make_user, org, analysis_world):
    head = viewer(app, make_user, "kapus", ("supervisor",), unit_id=org["PKM-A1"])
    page = head.get("/hr/gaps").get_data(as_text=True)
    assert "Puskesmas Anggrek Satu (langsung)" in page and "Anggrek Dua" not in page
    rows = read_csv(head.get(f"/hr/siasn.csv?year={YEAR}"))
    assert {r["nama"] for r in rows} == {"Budi Santoso", "Dedi Kurniawan"}
    for url in urls(analysis_world):
        if f"/{org['DINKES-A']}/" in url:
            assert head.get(url).status_code == 404, url  # the agency is above the head
            continue
        response = head.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        for word in ("Eka Putri", "Ani Lestari", "Materi jelas", "Awal tahun", *OUTSIDE):
            assert word not in text, (url, word)
    pkm = org["PKM-A1"]
    assert head.get(f"/hr/gaps/{pkm}/{analysis_world.competencies['kom'].id}").status_code == 200
    assert head.get(f"/hr/gaps?unit={org['PKM-A2']}").status_code == 404
    assert (
        head.get(f"/hr/gaps/{org['PKM-A2']}/{analysis_world.competencies['kom'].id}").status_code
        == 404
    )


def test_an_officer_without_scope_sees_nothing(app, make_user, org, analysis_world):
    client = viewer(app, make_user, "hr-tanpa-unit")
    for url in urls(analysis_world):
        if f"/{org['DINKES-A']}/" in url:
            assert client.get(url).status_code == 404, url
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        for word in ("Budi Santoso", "Ani Lestari", *OUTSIDE):
            assert word not in text, (url, word)
    assert read_csv(client.get(f"/hr/siasn.csv?year={YEAR}")) == []
    assert client.get(f"/hr/gaps?unit={org['DINKES-A']}").status_code == 404


def test_an_admin_sees_every_government(app, make_user, org, analysis_world):
    admin = viewer(app, make_user, "admin", ("admin",))
    grid = heat_map(admin.get("/hr/gaps").get_data(as_text=True))
    # Integritas: KOTA-A 6 members, 2 short; KOTA-B iwan holds it.
    assert grid["Integritas"] == {
        "Semua unit": (2, 7, 2),
        "Pemerintah Kota Anggrek": (2, 6, 2),
        "Pemerintah Kota Bakung": (0, 1, 0),
    }
    rows = read_csv(admin.get(f"/hr/siasn.csv?year={YEAR}"))
    assert {"Hadi Wijaya", "Iwan Setiawan"} <= {r["nama"] for r in rows}
    for url in urls(analysis_world):
        assert admin.get(url).status_code == 200, url


def test_learners_and_trainers_are_refused_and_strangers_sent_to_log_in(
    app, make_user, org, analysis_world
):
    for roles in (("learner",), ("trainer",)):
        client = viewer(app, make_user, f"user-{roles[0]}", roles, unit_id=org["PKM-A1"])
        for url in urls(analysis_world):
            assert client.get(url).status_code == 403, (roles, url)
    stranger = app.test_client()
    for url in urls(analysis_world):
        response = stranger.get(url)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"]


# --- a constant number of queries -------------------------------------------------------------


def growth_ids(w) -> dict[str, int]:
    """The ids `grow` needs, read while the world's objects are still in the session
    (count_queries() starts every measurement from a fresh one)."""
    return {
        "units": [w.org["PKM-A1"], w.org["PKM-A2"], w.org["DINKES-A"]],
        "positions": [w.positions["perawat"].id, w.positions["kapus"].id],
        "dasar": w.versions["dasar"].id,
        "komunikasi": w.versions["komunikasi"].id,
    }


def grow(ids: dict, n: int = 60) -> None:
    """Add `n` employees across the agency, each completing etika-dasar (one in seven of
    those certificates revoked) and answering the survey; one in ten also komunikasi."""
    dasar = db.session.get(CourseVersion, ids["dasar"])
    komunikasi = db.session.get(CourseVersion, ids["komunikasi"])
    units, positions = ids["units"], ids["positions"]
    for i in range(n):
        user = add_employee(
            f"1990{i:02d}012015011{i:03d}",
            f"Pegawai Tambahan {i:02d}",
            units[i % 3],
            positions[i % 2],
        )
        add_completion(
            user,
            dasar,
            pre=i % 50,
            final=50 + i % 50,
            revoked=i % 7 == 0,
            enrolled_at=wib(YEAR, 2, 1, 8, 0) + timedelta(days=i),
        )
        add_survey(user, dasar, (4, 4, 4, 4, 4), f"Komentar {i}", wib(YEAR, 7, 1, 8, 0))
        if i % 10 == 0:
            add_completion(user, komunikasi, final=90)
    db.session.commit()


def measure(client, url: str) -> int:
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert queries, url
    return len(queries)


@pytest.mark.parametrize("who", ["hr", "admin"])
def test_queries_do_not_grow_with_the_data(app, make_user, org, analysis_world, who):
    if who == "hr":
        client = viewer(app, make_user, "hr-ukur", scope_unit_id=org["DINKES-A"])
    else:
        client = viewer(app, make_user, "admin-ukur", ("admin",))
    ids, addresses = growth_ids(analysis_world), urls(analysis_world)
    small = {url: measure(client, url) for url in addresses}
    grow(ids)
    large = {url: measure(client, url) for url in addresses}
    assert large == small
    # The larger pages really are paged: more rows than fit on one.
    page = client.get(f"/hr/siasn?year={YEAR}&page=2").get_data(as_text=True)
    assert "Halaman 2 dari 2" in page


def test_paging_of_members_and_comments(dinkes, analysis_world, org):
    grow(growth_ids(analysis_world))
    # Komunikasi: 54 of the newcomers lack it, and ani, budi, citra and eka.
    komunikasi, course = analysis_world.competencies["kom"].id, analysis_world.courses["dasar"].id
    url = f"/hr/gaps/{org['DINKES-A']}/{komunikasi}"
    first = dinkes.get(url).get_data(as_text=True)
    second = dinkes.get(url + "?page=2").get_data(as_text=True)
    assert "Halaman 1 dari 2" in first and "Halaman 2 dari 2" in second
    assert "58 pegawai di bawah level." in first
    comments = dinkes.get(f"/hr/evaluation/{course}?year={YEAR}&page=2").get_data(as_text=True)
    assert "Halaman 2 dari 2" in comments


def test_pages_link_to_their_breakdowns(dinkes, analysis_world, org):
    page = dinkes.get(f"/hr/evaluation?year={YEAR}").get_data(as_text=True)
    assert f"/hr/evaluation/{analysis_world.courses['dasar'].id}?year={YEAR}" in page
    assert f"/hr/siasn?year={YEAR}" in page
    page = dinkes.get("/hr/gaps").get_data(as_text=True)
    integritas = analysis_world.competencies["int"].id
    assert f"/hr/gaps/{org['PKM-A1']}/{integritas}" in page
    assert f"/hr/gaps/{org['DINKES-A']}/{analysis_world.competencies['kom'].id}?direct=1" in page
