"""HR overview: headline figures, charts and the per-unit table against a hand-computed
fixture; the helpers here build that fixture for every report test."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from elearn.extensions import db
from elearn.models import (
    Assignment,
)
from tests.helpers import csv_rows, query_counts, xlsx_rows
from tests.helpers.reports import LAST_YEAR, YEAR, add_learner, grow, text, viewer

# --- the overview ----------------------------------------------------------------------


def tile(page: str, heading: str) -> str:
    match = re.search(re.escape(heading) + r"</h2><p><strong>([^<]*)</strong>", page)
    assert match, heading
    return match.group(1)


def test_tiles_for_an_officer_of_one_agency(client, make_user, org, world):
    viewer(make_user, client, org)
    page = text(client.get("/hr/"))
    assert tile(page, "Pegawai") == "5"  # ani, budi, citra (PKM-A1), dewi, eko (PKM-A2)
    assert tile(page, "Pegawai yang mengikuti kursus") == "4"  # all but eko
    assert tile(page, f"Kursus selesai tahun {YEAR}") == "4"  # ani A+B, budi A, dewi B
    assert tile(page, "Tingkat penyelesaian") == "71,4%"  # 5 of 7 enrolments
    assert "5 kursus selesai dari 7 pendaftaran" in page
    assert tile(page, f"Kepatuhan 20 JP tahun {YEAR}") == "20%"  # only ani has 20
    assert "1 dari 5 pegawai memenuhi target" in page
    for outsider in ("Gita", "Fajar", "Ina", "Kelurahan", "Bakung"):
        assert outsider not in page


def test_per_unit_table_and_charts(client, make_user, org, world):
    viewer(make_user, client, org)
    page = text(client.get("/hr/"))
    rows = re.findall(r'<tr> <th scope="row"><a href="([^"]+)">([^<]+)</a></th>(.*?)</tr>', page)
    assert [name for _, name, _ in rows] == ["Puskesmas Anggrek Dua", "Puskesmas Anggrek Satu"]
    assert f"unit={org['PKM-A2']}" in rows[0][0]
    assert '0% <span class="muted">(0/2)</span>' in rows[0][2]  # dewi 8, eko 0
    assert '100% <span class="muted">(1/1)</span>' in rows[0][2]  # dewi's one enrolment
    assert '33,3% <span class="muted">(1/3)</span>' in rows[1][2]
    assert '66,7% <span class="muted">(4/6)</span>' in rows[1][2]
    # two accessible charts with the same figures as the tables
    assert page.count('role="img"') >= 2
    assert "Kepatuhan 20 JP tahun" in page and "per unit kerja, dalam persen pegawai" in page
    assert "<title>Puskesmas Anggrek Satu: 33,3%</title>" in page
    assert "<title>Anti Korupsi: 2</title>" in page and "<title>Budaya Melayani: 2</title>" in page


def test_filters_narrow_the_figures(client, make_user, org, world):
    viewer(make_user, client, org)
    page = text(client.get(f"/hr/?unit={org['PKM-A1']}"))
    assert tile(page, "Pegawai") == "3"
    # a leaf unit is its own only row
    assert re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a>', page) == ["Puskesmas Anggrek Satu"]
    page = text(client.get(f"/hr/?position={world['midwife']}"))
    assert tile(page, "Pegawai") == "2"  # citra, eko
    assert tile(page, f"Kepatuhan 20 JP tahun {YEAR}") == "0%"
    page = text(client.get(f"/hr/?course={world['b']}"))
    assert tile(page, "Pegawai yang mengikuti kursus") == "4"  # ani, budi, citra, dewi in B
    assert tile(page, f"Kursus selesai tahun {YEAR}") == "2"  # ani B, dewi B
    assert tile(page, "Tingkat penyelesaian") == "50%"  # 2 of 4
    assert tile(page, f"Kepatuhan 20 JP tahun {YEAR}") == "20%"  # JP is never per course
    page = text(client.get(f"/hr/?year={LAST_YEAR}"))
    assert tile(page, f"Kursus selesai tahun {LAST_YEAR}") == "1"  # citra A
    assert tile(page, f"Kepatuhan 20 JP tahun {LAST_YEAR}") == "0%"


def test_admin_sees_governments_and_bkpsdm_its_agencies(client, make_user, org, world):
    viewer(make_user, client, org, "admin", roles=("admin",), scope=None)
    page = text(client.get("/hr/"))
    assert tile(page, "Pegawai") == "7"
    names = re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a>', page)
    assert names[:2] == ["Pemerintah Kota Anggrek", "Pemerintah Kota Bakung"]
    other = login_as(make_user, org, "bkpsdm", scope="KOTA-A")
    page = text(other.get("/hr/?sort=employees&dir=desc"))
    assert tile(page, "Pegawai") == "6"
    names = re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a>', page)
    assert names[:2] == ["Dinas Kesehatan Kota Anggrek", "Kecamatan Anggrek Barat"]


def login_as(make_user, org, name, roles=("hr",), scope="DINKES-A", **kw):
    """A second, independent client logged in as a new viewer."""
    from flask import current_app

    client = current_app.test_client()
    viewer(make_user, client, org, name, roles=roles, scope=scope, **kw)
    return client


def test_direct_staff_of_a_parent_unit_get_their_own_row(client, make_user, org, world):
    add_learner("Hadi Kepala Dinas", org["DINKES-A"])
    viewer(make_user, client, org)
    page = text(client.get("/hr/"))
    assert tile(page, "Pegawai") == "6"
    assert "Dinas Kesehatan Kota Anggrek (pegawai langsung)" in page
    rows = csv_rows(client.get("/hr/overview.csv"))
    assert [r[1] for r in rows[1:]] == [
        "Dinas Kesehatan Kota Anggrek (pegawai langsung)",
        "Puskesmas Anggrek Dua",
        "Puskesmas Anggrek Satu",
    ]
    assert sum(int(r[2]) for r in rows[1:]) == 6


def test_overview_exports(client, make_user, org, world):
    viewer(make_user, client, org)
    rows = csv_rows(client.get("/hr/overview.csv"))
    assert rows[0] == [
        "kode_unit",
        "unit",
        "pegawai",
        "memenuhi_target_jp",
        "kepatuhan_jp_persen",
        "pendaftaran",
        "selesai",
        "penyelesaian_persen",
    ]
    assert rows[1:] == [
        ["PKM-A2", "Puskesmas Anggrek Dua", "2", "0", "0.0", "1", "1", "100.0"],
        ["PKM-A1", "Puskesmas Anggrek Satu", "3", "1", "33.3", "6", "4", "66.7"],
    ]
    sheet = xlsx_rows(client.get("/hr/overview.xlsx"))
    assert sheet[0][0] == "kode_unit"
    assert sheet[1:] == [
        ["PKM-A2", "Puskesmas Anggrek Dua", 2, 0, 0, 1, 1, 100],
        ["PKM-A1", "Puskesmas Anggrek Satu", 3, 1, 33.3, 6, 4, 66.7],
    ]
    assert client.get("/hr/overview.pdf").status_code == 404


def assign(course_id: int, unit_id: int, days_ago: int = 1) -> None:
    """A mandatory course for a unit subtree, due `days_ago` days before today."""
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    db.session.add(
        Assignment(course_id=course_id, unit_id=unit_id, due_date=today - timedelta(days_ago))
    )
    db.session.commit()


def test_overdue_tile_uses_the_assignments_count(client, make_user, org, world):
    assign(world["a"], org["KOTA-A"])  # government-wide: dewi and eko have not done A
    viewer(make_user, client, org)
    assert tile(text(client.get("/hr/")), "Pelatihan wajib terlambat") == "2"
    assert tile(text(client.get(f"/hr/?unit={org['PKM-A1']}")), "Pelatihan wajib terlambat") == "0"


def test_bad_filter_values_never_fail(client, make_user, org, world):
    viewer(make_user, client, org)
    for query in (
        "year=abc",
        "year=1900",
        "year=99999999999",
        "course=x",
        "course=999999",
        "position=-1",
        "position=99999",
        "sort=drop table",
        "dir=sideways",
        "page=-3",
        "page=99999",
        "q=%25%27",
    ):
        page = text(client.get(f"/hr/?{query}"))
        assert "Ringkasan" in page
    page = text(client.get("/hr/?page=99999"))  # past the last page: figures still shown
    assert tile(page, "Pegawai") == "5" and "Halaman ini kosong." in page
    page = text(client.get("/hr/?year=abc"))
    assert f"ditampilkan tahun {YEAR}" in page
    page = text(client.get("/hr/?course=999999"))
    assert "filter kursus diabaikan" in page
    assert client.get("/hr/?unit=abc").status_code == 404
    assert client.get("/hr/?unit=99999999").status_code == 404


def test_no_scope_means_an_empty_page_with_a_hint(client, make_user, org, world):
    viewer(make_user, client, org, "hr-none", scope=None)
    page = text(client.get("/hr/"))
    assert "belum ditugaskan ke unit kerja mana pun" in page and "Minta admin" in page
    assert tile(page, "Pegawai") == "0"
    assert "Ani" not in page


def test_same_queries_whatever_the_size(client, make_user, org, world):
    assign(world["a"], org["DINKES-A"])
    viewer(make_user, client, org)
    paths = ("/hr/", f"/hr/?unit={org['DINKES-A']}&course={world['a']}", "/hr/overview.csv")
    before = query_counts(client, paths)
    grow(org, world)
    assert query_counts(client, paths) == before
