"""/hr/gaps: the competency x unit heat map, its drill-down and downloads, against figures
worked out by hand on a small organisation."""

from __future__ import annotations

import re

from elearn.extensions import db
from elearn.reporting.filters import ReportFilters
from elearn.reporting.scope import Scope
from elearn.reports import gaps_queries
from elearn.reports.analysis import columns
from tests.helpers import count_queries, read_csv, read_xlsx
from tests.helpers.analysis import YEAR, add_completion, heat_map, viewer

A1, A2 = "Puskesmas Anggrek Satu", "Puskesmas Anggrek Dua"
DINKES = "Dinas Kesehatan Kota Anggrek"


def test_heat_map_for_an_officer_of_one_agency(dinkes, analysis_world):
    """Integritas: budi ok, citra revoked (0 < 2), dedi 2 < 3 (level 3 expired), eka ok,
    ani ok. Komunikasi: only dedi holds it. Data: ani and dedi lack it. Fajar's position
    requires nothing, gita is inactive, hadi and iwan are outside the agency."""
    page = dinkes.get("/hr/gaps").get_data(as_text=True)
    grid = heat_map(page)
    assert list(grid) == ["Integritas", "Komunikasi", "Pengelolaan Data"]
    direct = f"{DINKES} (langsung)"
    assert grid["Integritas"] == {
        "Semua unit": (2, 5, 2),
        A2: (0, 1, 0),
        A1: (2, 3, 3),
        direct: (0, 1, 0),
    }
    assert grid["Komunikasi"] == {
        "Semua unit": (4, 5, 4),
        A2: (1, 1, 4),
        A1: (2, 3, 3),
        direct: (1, 1, 4),
    }
    assert grid["Pengelolaan Data"] == {
        "Semua unit": (2, 2, 4),
        A2: None,
        A1: (1, 1, 4),
        direct: (1, 1, 4),
    }
    assert "Perekat Bangsa" not in page  # nobody's position requires it
    assert "Kecamatan" not in page.split("<table")[1] and "Bakung" not in page


def test_heat_map_for_the_whole_government_and_a_unit(app, make_user, org, analysis_world):
    bkpsdm = viewer(app, make_user, "bkpsdm", scope_unit_id=org["KOTA-A"])
    grid = heat_map(bkpsdm.get("/hr/gaps").get_data(as_text=True))
    kec = "Kecamatan Anggrek Barat"
    assert grid["Integritas"] == {"Semua unit": (2, 6, 2), DINKES: (2, 5, 2), kec: (0, 1, 0)}
    assert grid["Komunikasi"] == {"Semua unit": (5, 6, 4), DINKES: (4, 5, 4), kec: (1, 1, 4)}
    # Nobody works directly in the government itself: no "(langsung)" column.
    assert "(langsung)" not in bkpsdm.get("/hr/gaps").get_data(as_text=True)

    grid = heat_map(bkpsdm.get(f"/hr/gaps?unit={org['PKM-A1']}").get_data(as_text=True))
    assert grid["Integritas"] == {"Semua unit": (2, 3, 3), f"{A1} (langsung)": (2, 3, 3)}


def test_position_filter_and_sorting(dinkes, analysis_world):
    perawat = analysis_world.positions["perawat"].id
    grid = heat_map(dinkes.get(f"/hr/gaps?position={perawat}").get_data(as_text=True))
    assert list(grid) == ["Integritas", "Komunikasi"]
    assert grid["Integritas"]["Semua unit"] == (1, 3, 2)  # citra of budi, citra, eka
    assert grid["Komunikasi"]["Semua unit"] == (3, 3, 4)

    # Worst share first: data 100 %, komunikasi 80 %, integritas 40 %.
    page = dinkes.get("/hr/gaps?sort=percent&dir=desc").get_data(as_text=True)
    assert list(heat_map(page)) == ["Pengelolaan Data", "Komunikasi", "Integritas"]
    page = dinkes.get("/hr/gaps?sort=gap&dir=desc").get_data(as_text=True)
    # Total gaps: komunikasi 2+1+1+1 = 5, data 2+2 = 4, integritas 2+1 = 3.
    assert list(heat_map(page)) == ["Komunikasi", "Pengelolaan Data", "Integritas"]


def test_drill_down_lists_members_with_courses_that_close_the_gap(dinkes, org, analysis_world):
    """Citra needs integritas 2: etika-dasar (completed, revoked) is not offered again,
    etika-lanjut is; etika-pakar is not published. Dedi needs 3: etika-lanjut reaches it
    but he completed it (expired), so nothing is left to offer."""
    integritas = analysis_world.competencies["int"].id
    page = dinkes.get(f"/hr/gaps/{org['DINKES-A']}/{integritas}").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>(.*?)</tr>", page, re.S)
    names = [name for name, _ in rows]
    assert names == ["Citra Dewi", "Dedi Kurniawan"]
    citra, dedi = (rest for _, rest in rows)
    assert re.findall(r'<td class="num">(?:<strong>)?(\d)', citra) == ["2", "0", "2"]
    assert re.findall(r'<td class="num">(?:<strong>)?(\d)', dedi) == ["3", "2", "1"]
    assert "Etika Lanjut" in citra and "Etika Dasar" not in citra and "Etika Pakar" not in citra
    assert "Belum ada kursus" in dedi
    assert "2 pegawai di bawah level." in page

    # Only the agency's own staff: ani lacks komunikasi.
    komunikasi = analysis_world.competencies["kom"].id
    page = dinkes.get(f"/hr/gaps/{org['DINKES-A']}/{komunikasi}?direct=1").get_data(as_text=True)
    assert "Ani Lestari" in page and "Budi Santoso" not in page

    # Search by name or by NIP written with spaces; sort by gap.
    page = dinkes.get(f"/hr/gaps/{org['DINKES-A']}/{komunikasi}?q=budi").get_data(as_text=True)
    assert "Budi Santoso" in page and "Citra Dewi" not in page
    page = dinkes.get(
        f"/hr/gaps/{org['DINKES-A']}/{komunikasi}", query_string={"q": "19820303 200701 2 003"}
    ).get_data(as_text=True)
    assert "Citra Dewi" in page and "Budi Santoso" not in page
    page = dinkes.get(f"/hr/gaps/{org['DINKES-A']}/{komunikasi}?sort=gap&dir=desc").get_data(
        as_text=True
    )
    assert page.index("Ani Lestari") < page.index("Budi Santoso")


def test_grid_downloads(dinkes, analysis_world):
    rows = read_csv(dinkes.get("/hr/gaps.csv"))
    table = {(r["Kompetensi"], r["Unit kerja"]): r for r in rows}
    total = table[("Integritas", "Semua unit")]
    assert (total["Pegawai yang wajib"], total["Di bawah level"]) == ("5", "2")
    assert total["Persen di bawah level"] == "40.0" and total["Jumlah kesenjangan"] == "3"
    a1 = table[("Komunikasi", A1)]
    assert (a1["Pegawai yang wajib"], a1["Di bawah level"], a1["Kode unit"]) == ("3", "2", "PKM-A1")
    assert ("Pengelolaan Data", A2) not in table
    assert not any("Kecamatan" in r["Unit kerja"] for r in rows)
    assert len(rows) == 4 + 4 + 3

    sheet = read_xlsx(dinkes.get("/hr/gaps.xlsx"))
    assert len(sheet) == len(rows)
    data = [r for r in sheet if r["Kompetensi"] == "Pengelolaan Data"]
    assert {r["Unit kerja"]: r["Di bawah level"] for r in data} == {
        "Semua unit": 2,
        A1: 1,
        f"{DINKES} (langsung)": 1,
    }


def test_drill_down_downloads(dinkes, org, analysis_world):
    integritas = analysis_world.competencies["int"].id
    rows = read_csv(dinkes.get(f"/hr/gaps/{org['DINKES-A']}/{integritas}.csv"))
    assert [
        (r["Nama"], r["Level dibutuhkan"], r["Level tercapai"], r["Kesenjangan"]) for r in rows
    ] == [
        ("Citra Dewi", "2", "0", "2"),
        ("Dedi Kurniawan", "3", "2", "1"),
    ]
    assert rows[0]["Kursus yang disarankan"] == "Etika Lanjut"
    assert rows[0]["NIP"] == "198203032007012003"
    sheet = read_xlsx(dinkes.get(f"/hr/gaps/{org['DINKES-A']}/{integritas}.xlsx"))
    assert [r["Nama"] for r in sheet] == ["Citra Dewi", "Dedi Kurniawan"]
    assert sheet[0]["NIP"] == "198203032007012003"  # text, not a number
    assert dinkes.get(f"/hr/gaps/{org['DINKES-A']}/{integritas}.pdf").status_code == 404
    assert dinkes.get("/hr/gaps.json").status_code == 404


def test_unknown_competency_and_bad_input(dinkes, org, analysis_world):
    assert dinkes.get(f"/hr/gaps/{org['DINKES-A']}/999999").status_code == 404
    assert dinkes.get(f"/hr/gaps/{org['DINKES-A']}/0").status_code == 404
    assert dinkes.get("/hr/gaps/abc/1").status_code == 404
    assert dinkes.get("/hr/gaps/99999999999/1").status_code == 404
    for query in ("unit=x", "unit=-1", "unit=99999999999"):
        assert dinkes.get(f"/hr/gaps?{query}").status_code == 404
    for query in ("position=x", "position=999", "sort=evil", "dir=x", "page=-3", "page=x", "q=%00"):
        response = dinkes.get(f"/hr/gaps?{query}")
        assert response.status_code == 200, query
    page = dinkes.get("/hr/gaps?position=999").get_data(as_text=True)
    assert "Jabatan yang dipilih tidak ada" in page
    # The year plays no part in gaps: a bad one is ignored, not reported.
    page = dinkes.get("/hr/gaps?year=abc").get_data(as_text=True)
    assert "Tahun harus" not in page and "Integritas" in page
    integritas = analysis_world.competencies["int"].id
    page = dinkes.get(f"/hr/gaps/{org['DINKES-A']}/{integritas}?page=99&q=%25_")
    assert page.status_code == 200


def test_empty_heat_map(app, make_user, org):
    client = viewer(app, make_user, "hr-kosong", scope_unit_id=org["KEC-A"])
    page = client.get("/hr/gaps").get_data(as_text=True)
    assert "Belum ada pegawai di unit ini" in page
    assert client.get("/hr/gaps.csv").status_code == 200


def test_a_level_above_the_required_one_closes_only_its_own_gap(dinkes, analysis_world):
    """Budi (perawat, integritas 2 required) also completes etika-lanjut: two valid
    certificates, his highest level 3 counts as 2 reached, not as 1 to spare for citra or
    dedi. Integritas stays 2 of 5 below with gap 3 (citra 2, dedi 1)."""
    add_completion(analysis_world.users["budi"], analysis_world.versions["lanjut"], final=90)
    db.session.commit()
    table = {(r["Kompetensi"], r["Unit kerja"]): r for r in read_csv(dinkes.get("/hr/gaps.csv"))}
    for place in ("Semua unit", A1):
        row = table[("Integritas", place)]
        expected = ("5", "2", "3") if place == "Semua unit" else ("3", "2", "3")
        assert (
            row["Pegawai yang wajib"],
            row["Di bawah level"],
            row["Jumlah kesenjangan"],
        ) == expected, place


def test_the_page_reads_the_certificates_once(dinkes, analysis_world):
    """The table, the heat map and the pager come from one reading of the certificates:
    reading them is what a whole government's page spends its time on."""
    with count_queries() as queries:
        assert dinkes.get("/hr/gaps").status_code == 200
    assert len([q for q in queries if "certificate_competencies" in q]) == 1
    with count_queries() as queries:
        assert dinkes.get("/hr/gaps.csv").status_code == 200
    assert len([q for q in queries if "certificate_competencies" in q]) == 1


def test_grid_and_count_on_their_own_give_the_page_figures(app, org, analysis_world):
    """`grid` and `count_competencies` reuse what `competency_totals` read in the same
    request; called without it they read the figures themselves, with the same result."""
    scope, filters = Scope((org["DINKES-A"],)), ReportFilters(year=YEAR)
    cols = columns([org["DINKES-A"]])
    integritas, data = analysis_world.competencies["int"].id, analysis_world.competencies["data"].id
    with app.test_request_context():
        ids = [t.id for t in gaps_queries.competency_totals(scope, filters)]
        kept = gaps_queries.grid(scope, filters, cols, ids)
        kept_count = gaps_queries.count_competencies(scope, filters)
    for wanted in (ids, [data], None):
        with app.test_request_context():
            alone = gaps_queries.grid(scope, filters, cols, wanted)
            alone_count = gaps_queries.count_competencies(scope, filters)
        assert alone == {k: v for k, v in kept.items() if wanted is None or k[1] in wanted}
        assert alone_count == kept_count == 3
    # (members, below, gap): budi ok, citra 0 of 2, dedi 2 of 3.
    assert kept[(org["PKM-A1"], integritas)] == (3, 2, 3)
    assert kept[(org["DINKES-A"], data)] == (1, 1, 2)  # ani, directly in the agency
    assert (org["PKM-A2"], data) not in kept


def test_a_page_past_the_last_still_counts_the_competencies(app, org, analysis_world):
    scope, filters = Scope((org["DINKES-A"],)), ReportFilters(year=YEAR, page=9, sort="gap")
    with app.test_request_context():
        assert gaps_queries.competency_totals(scope, filters) == []
        assert gaps_queries.count_competencies(scope, filters) == 3
        assert gaps_queries.grid(scope, filters, columns([org["DINKES-A"]]), []) == {}
