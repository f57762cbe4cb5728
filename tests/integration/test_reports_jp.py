"""20-JP compliance: every employee's JP in a year, fewest first, searchable and exportable."""

from __future__ import annotations

import re

from elearn.extensions import db
from elearn.models import User
from tests.helpers import csv_rows, query_counts, xlsx_rows
from tests.helpers.reports import LAST_YEAR, YEAR, add_learner, grow, text, viewer

ROW = re.compile(
    r'<th scope="row"><a href="/hr/learners/\d+">([^<]+)</a></th>.*?'
    r'<td class="num">([^<]*)</td>\s*<td>(.*?)</td>\s*</tr>',
    re.S,
)


def listing(page: str) -> list[tuple[str, str, str]]:
    """(name, JP, note) per row, the note without markup."""
    return [(n, jp, re.sub(r"<[^>]+>", "", note).strip()) for n, jp, note in ROW.findall(page)]


def test_those_below_target_come_first(client, make_user, org, world):
    viewer(make_user, client, org)
    page = text(client.get("/hr/jp"))
    assert listing(page) == [
        ("Citra Wulandari", "0", "kurang 20 JP"),
        ("Eko Prasetyo", "0", "kurang 20 JP"),
        ("Dewi Kartika", "8", "kurang 12 JP"),
        ("Budi Santoso", "12", "kurang 8 JP"),
        ("Ani Lestari", "20", "Memenuhi"),
    ]
    assert f"1 dari 5 pegawai memenuhi target 20 JP pada tahun {YEAR} (20%)." in page
    assert "<td>II/c</td>" in page and "<td>Bidan</td>" in page
    for outsider in ("Fajar", "Gita", "Ina"):
        assert outsider not in page


def test_sorting(client, make_user, org, world):
    viewer(make_user, client, org)

    def order(query):
        return [row[0].split()[0] for row in listing(text(client.get(f"/hr/jp?{query}")))]

    assert order("sort=name") == ["Ani", "Budi", "Citra", "Dewi", "Eko"]
    assert order("sort=name&dir=desc") == ["Eko", "Dewi", "Citra", "Budi", "Ani"]
    assert order("sort=unit") == ["Dewi", "Eko", "Ani", "Budi", "Citra"]  # "Dua" < "Satu"
    assert order("sort=jp&dir=desc") == ["Ani", "Budi", "Dewi", "Citra", "Eko"]
    assert order("sort=nonsense") == ["Citra", "Eko", "Dewi", "Budi", "Ani"]


def test_year_position_unit_and_search(client, make_user, org, world):
    viewer(make_user, client, org)
    page = text(client.get(f"/hr/jp?year={LAST_YEAR}"))
    assert listing(page)[-1] == ("Citra Wulandari", "12", "kurang 8 JP")
    assert f"0 dari 5 pegawai memenuhi target 20 JP pada tahun {LAST_YEAR}" in page
    page = text(client.get(f"/hr/jp?position={world['midwife']}"))
    assert [r[0] for r in listing(page)] == ["Citra Wulandari", "Eko Prasetyo"]
    page = text(client.get(f"/hr/jp?unit={org['PKM-A2']}"))
    assert [r[0] for r in listing(page)] == ["Eko Prasetyo", "Dewi Kartika"]
    page = text(client.get("/hr/jp?q=santoso"))
    assert [r[0] for r in listing(page)] == ["Budi Santoso"]
    assert "1 dari 5 pegawai" in page  # the summary covers the filters, not the search
    nip = db.session.get(User, world["people"]["dewi"]).username
    page = text(client.get("/hr/jp", query_string={"q": f"{nip[:8]} {nip[8:14]}"}))
    assert "Dewi Kartika" in [r[0] for r in listing(page)]
    page = text(client.get("/hr/jp?q=%25"))  # a LIKE wildcard is searched for literally
    assert listing(page) == [] and "Tidak ada pegawai yang cocok" in page


def test_pages_of_fifty(client, make_user, org, world):
    for i in range(55):
        add_learner(f"Zaenal {i:02d}", org["PKM-A2"])
    viewer(make_user, client, org)
    page = text(client.get("/hr/jp"))
    assert len(listing(page)) == 50 and "Halaman 1 dari 2" in page
    page = text(client.get("/hr/jp?page=2"))
    assert [r[0] for r in listing(page)][-3:] == ["Dewi Kartika", "Budi Santoso", "Ani Lestari"]
    assert len(listing(page)) == 10
    assert len(csv_rows(client.get("/hr/jp.csv"))) == 61
    page = text(client.get("/hr/jp?page=3"))
    assert listing(page) == [] and "Halaman ini kosong." in page


def test_jp_exports(client, make_user, org, world):
    viewer(make_user, client, org)
    rows = csv_rows(client.get("/hr/jp.csv"))
    assert rows[0] == ["nip", "nama", "unit", "jabatan", "golongan", "jp", "target", "kekurangan"]
    budi = db.session.get(User, world["people"]["budi"])
    assert [budi.username, "Budi Santoso", "Puskesmas Anggrek Satu", "Perawat", "II/c"] == rows[4][
        :5
    ]
    assert [r[1] for r in rows[1:]] == [
        "Citra Wulandari",
        "Eko Prasetyo",
        "Dewi Kartika",
        "Budi Santoso",
        "Ani Lestari",
    ]
    assert [r[5:] for r in rows[1:]] == [
        ["0", "20", "20"],
        ["0", "20", "20"],
        ["8", "20", "12"],
        ["12", "20", "8"],
        ["20", "20", "0"],
    ]
    sheet = xlsx_rows(client.get(f"/hr/jp.xlsx?year={LAST_YEAR}&sort=name"))
    assert sheet[0][0] == "nip"
    assert sheet[3][1:] == [
        "Citra Wulandari",
        "Puskesmas Anggrek Satu",
        "Bidan",
        "III/a",
        12,
        20,
        8,
    ]
    assert len(sheet) == 6


def test_bad_filter_values_never_fail(client, make_user, org, world):
    viewer(make_user, client, org)
    for query in ("year=0", "year=-1", "position=abc", "sort=%00", "page=0", "q=" + "x" * 500):
        assert "Kepatuhan 20 JP" in text(client.get(f"/hr/jp?{query}"))
        assert client.get(f"/hr/jp.csv?{query}").status_code == 200


def test_same_queries_whatever_the_size(client, make_user, org, world):
    viewer(make_user, client, org)
    paths = ("/hr/jp", "/hr/jp?q=a&sort=unit", f"/hr/jp?unit={org['PKM-A1']}", "/hr/jp.csv")
    before = query_counts(client, paths)
    grow(org, world)
    assert query_counts(client, paths) == before
