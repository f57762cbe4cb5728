"""Completion matrix: unit × course over whole subtrees, drill-down to learners, exports."""

from __future__ import annotations

import re

from elearn.admin.services import upsert_units
from elearn.domain.org import UnitDef
from elearn.extensions import db
from elearn.models import User
from tests.helpers import csv_rows, query_counts, xlsx_rows
from tests.helpers.reports import YEAR, add_learner, grow, text, viewer

ROW = re.compile(
    r'<tr>\s*<th scope="row">(.*?)</th>\s*<td class="num">([^<]*)</td>(.*?)</tr>', re.S
)
CELL = re.compile(
    r'<td class="num"><a href="([^"]+)"[^>]*>([^<]*)</a><br>\s*<span class="muted">([^<]*)</span>'
    r'<br>\s*<span class="muted">([^<]*) terdaftar</span></td>'
)


def matrix(page: str) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """(unit name, employees, [(percent, done/employees, enrolled)]) per row."""
    rows = []
    for head, employees, rest in ROW.findall(page):
        name = re.sub(r"<[^>]+>", "", head).strip()
        rows.append((name, employees, [c[1:] for c in CELL.findall(rest)]))
    return rows


def cell_links(page: str) -> list[str]:
    return [c[0].replace("&amp;", "&") for c in CELL.findall(page)]


def names(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/hr/learners/\d+">([^<]+)</a></th>', page)


def test_rows_start_at_the_viewers_root(client, make_user, org, world):
    viewer(make_user, client, org)
    page = text(client.get("/hr/matrix"))
    assert '<th scope="col">Anti Korupsi</th><th scope="col">Budaya Melayani</th>' in page
    assert "Kursus Lama" not in page  # no live version, no column
    assert matrix(page) == [
        # ani, budi, citra completed A (citra last year: the matrix is all years)
        ("Dinas Kesehatan Kota Anggrek", "5", [("60%", "3/5", "3"), ("40%", "2/5", "4")]),
    ]
    assert f"/hr/matrix?unit={org['DINKES-A']}" in page


def test_drilling_down_shows_children_then_a_leaf_itself(client, make_user, org, world):
    viewer(make_user, client, org)
    page = text(client.get(f"/hr/matrix?unit={org['DINKES-A']}"))
    assert matrix(page) == [
        ("Puskesmas Anggrek Dua", "2", [("0%", "0/2", "0"), ("50%", "1/2", "1")]),
        ("Puskesmas Anggrek Satu", "3", [("100%", "3/3", "3"), ("33,3%", "1/3", "3")]),
    ]
    assert cell_links(page)[2] == f"/hr/matrix/{org['PKM-A1']}/{world['a']}"
    page = text(client.get(f"/hr/matrix?unit={org['DINKES-A']}&sort=employees&dir=desc"))
    assert [r[0] for r in matrix(page)] == ["Puskesmas Anggrek Satu", "Puskesmas Anggrek Dua"]
    page = text(client.get(f"/hr/matrix?unit={org['PKM-A1']}"))
    assert [r[0] for r in matrix(page)] == ["Puskesmas Anggrek Satu"]
    assert "Dinas Kesehatan Kota Anggrek</a> › <strong>Puskesmas Anggrek Satu" in page


def test_course_and_position_filters(client, make_user, org, world):
    viewer(make_user, client, org)
    page = text(client.get(f"/hr/matrix?course={world['b']}"))
    assert "Anti Korupsi</th>" not in page
    assert matrix(page) == [("Dinas Kesehatan Kota Anggrek", "5", [("40%", "2/5", "4")])]
    page = text(client.get(f"/hr/matrix?position={world['midwife']}"))  # citra, eko
    assert matrix(page) == [
        ("Dinas Kesehatan Kota Anggrek", "2", [("50%", "1/2", "1"), ("0%", "0/2", "1")])
    ]
    assert f"position={world['midwife']}" in cell_links(page)[0]


def test_staff_placed_in_a_parent_unit_get_a_row_of_their_own(client, make_user, org, world):
    add_learner("Hadi Kepala Dinas", org["DINKES-A"])
    viewer(make_user, client, org)
    page = text(client.get(f"/hr/matrix?unit={org['DINKES-A']}"))
    rows = matrix(page)
    assert rows[0] == (
        "Dinas Kesehatan Kota Anggrek (pegawai langsung)",
        "1",
        [("0%", "0/1", "0"), ("0%", "0/1", "0")],
    )
    assert sum(int(r[1]) for r in rows) == 6
    link = cell_links(page)[0]
    assert "direct=1" in link
    assert names(text(client.get(link))) == ["Hadi Kepala Dinas"]
    whole = f"/hr/matrix/{org['DINKES-A']}/{world['a']}"
    assert len(names(text(client.get(whole)))) == 6


def test_matrix_exports(client, make_user, org, world):
    viewer(make_user, client, org)
    rows = csv_rows(client.get(f"/hr/matrix.csv?unit={org['DINKES-A']}"))
    assert rows[0] == [
        "kode_unit",
        "unit",
        "pegawai",
        "Anti Korupsi: selesai",
        "Anti Korupsi: terdaftar",
        "Anti Korupsi: persen selesai",
        "Budaya Melayani: selesai",
        "Budaya Melayani: terdaftar",
        "Budaya Melayani: persen selesai",
    ]
    assert rows[1:] == [
        ["PKM-A2", "Puskesmas Anggrek Dua", "2", "0", "0", "0.0", "1", "1", "50.0"],
        ["PKM-A1", "Puskesmas Anggrek Satu", "3", "3", "3", "100.0", "1", "3", "33.3"],
    ]
    sheet = xlsx_rows(client.get("/hr/matrix.xlsx"))
    assert sheet[1] == ["DINKES-A", "Dinas Kesehatan Kota Anggrek", 5, 3, 3, 60, 2, 4, 40]
    assert len(sheet) == 2


def test_cell_lists_learners_with_their_state(client, make_user, org, world):
    viewer(make_user, client, org)
    path = f"/hr/matrix/{org['PKM-A1']}/{world['b']}"
    page = text(client.get(path))
    assert "<h1>Budaya Melayani</h1>" in page and "Puskesmas Anggrek Satu" in page
    assert names(page) == ["Ani Lestari", "Budi Santoso", "Citra Wulandari"]
    assert "Selesai</span></td> <td>15 Maret " + str(YEAR) + '</td> <td class="num">85</td>' in page
    assert "Sedang berjalan (1 dari 2 modul)" in page  # budi read m1
    assert "Sedang berjalan (0 dari 2 modul)" in page  # citra enrolled only
    assert f'href="/hr/learners/{world["people"]["ani"]}"' in page
    assert names(text(client.get(path + "?status=berjalan"))) == ["Budi Santoso", "Citra Wulandari"]
    assert names(text(client.get(path + "?status=selesai"))) == ["Ani Lestari"]
    page = text(client.get(path + "?status=belum"))
    assert names(page) == [] and "Tidak ada pegawai yang cocok" in page
    page = text(client.get(path + "?status=rusak"))
    assert "Status yang dipilih tidak dikenal" in page and len(names(page)) == 3
    assert names(text(client.get(path + "?q=SANTOSO"))) == ["Budi Santoso"]
    nip = db.session.get(User, world["people"]["citra"]).username
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    assert names(text(client.get(path, query_string={"q": spaced}))) == ["Citra Wulandari"]
    assert names(text(client.get(path + "?sort=status&dir=desc")))[0] == "Ani Lestari"
    assert names(text(client.get(path + "?sort=date&dir=desc")))[-1] == "Ani Lestari"
    # the sort links keep the status filter
    page = text(client.get(path + "?status=berjalan"))
    links = re.findall(r'href="([^"]*sort=status[^"]*)"', page)
    assert links and all("status=berjalan" in link for link in links)


def test_cell_of_a_whole_agency_and_its_exports(client, make_user, org, world):
    viewer(make_user, client, org)
    path = f"/hr/matrix/{org['DINKES-A']}/{world['a']}"
    page = text(client.get(path))
    assert names(page) == [
        "Ani Lestari",
        "Budi Santoso",
        "Citra Wulandari",
        "Dewi Kartika",
        "Eko Prasetyo",
    ]
    assert page.count("Belum mulai") >= 2
    rows = csv_rows(client.get(f"/hr/matrix/{org['DINKES-A']}/{world['a']}.csv?status=selesai"))
    assert rows[0] == [
        "nip",
        "nama",
        "unit",
        "status",
        "tanggal_daftar",
        "tanggal_selesai",
        "nilai_akhir",
    ]
    assert [r[1] for r in rows[1:]] == ["Ani Lestari", "Budi Santoso", "Citra Wulandari"]
    assert rows[1][3:] == ["Selesai", f"{YEAR}-01-10", f"{YEAR}-03-15", "90"]
    sheet = xlsx_rows(client.get(f"/hr/matrix/{org['PKM-A1']}/{world['b']}.xlsx"))
    assert [r[1] for r in sheet[1:]] == ["Ani Lestari", "Budi Santoso", "Citra Wulandari"]
    assert sheet[2][3] == "Sedang berjalan (1 dari 2 modul)"


def test_unknown_or_retired_course_is_404(client, make_user, org, world):
    viewer(make_user, client, org)
    assert client.get(f"/hr/matrix/{org['PKM-A1']}/{world['retired']}").status_code == 404
    assert client.get(f"/hr/matrix/{org['PKM-A1']}/999999").status_code == 404
    assert client.get(f"/hr/matrix/999999/{world['a']}").status_code == 404
    assert client.get(f"/hr/matrix/{org['PKM-A1']}/{world['a']}.pdf").status_code == 404


def test_many_child_units_are_paged(client, make_user, org, world):
    upsert_units([UnitDef(f"KEL-X{i:02d}", f"Kelurahan X{i:02d}", "KEC-A") for i in range(55)])
    viewer(make_user, client, org, "bkpsdm", scope="KOTA-A")
    page = text(client.get(f"/hr/matrix?unit={org['KEC-A']}"))
    assert len(matrix(page)) == 50 and "Halaman 1 dari 2" in page
    page = text(client.get(f"/hr/matrix?unit={org['KEC-A']}&page=2"))
    assert len(matrix(page)) == 6  # 55 new + Kelurahan Melati
    assert len(csv_rows(client.get(f"/hr/matrix.csv?unit={org['KEC-A']}"))) == 57
    assert "Halaman ini kosong." in text(client.get(f"/hr/matrix?unit={org['KEC-A']}&page=3"))


def test_bad_filter_values_never_fail(client, make_user, org, world):
    viewer(make_user, client, org)
    for query in ("course=abc", "position=0", "sort=x", "page=abc", "year=20x5", "dir=up"):
        assert "Matriks penyelesaian" in text(client.get(f"/hr/matrix?{query}"))
        cell = f"/hr/matrix/{org['PKM-A1']}/{world['a']}?{query}"
        assert "Anti Korupsi" in text(client.get(cell))
    assert client.get("/hr/matrix?unit=-1").status_code == 404


def test_same_queries_whatever_the_size(client, make_user, org, world):
    viewer(make_user, client, org)
    paths = (
        "/hr/matrix",
        f"/hr/matrix?unit={org['DINKES-A']}",
        f"/hr/matrix.xlsx?unit={org['DINKES-A']}",
        f"/hr/matrix/{org['PKM-A1']}/{world['a']}",
        f"/hr/matrix/{org['DINKES-A']}/{world['a']}.csv",
    )
    before = query_counts(client, paths)
    grow(org, world)
    assert query_counts(client, paths) == before
