"""/hr/gaps: the competency x unit heat map, its drill-down and downloads, against figures
worked out by hand on a small organisation.

The fixture builders here are shared with the evaluation, SIASN and scoping tests.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from openpyxl import load_workbook

from elearn.extensions import db
from elearn.models import (
    Certificate,
    CertificateCompetency,
    Competency,
    Course,
    CourseCompetency,
    CourseCompletion,
    CourseVersion,
    Enrollment,
    Position,
    PositionRequirement,
    SurveyResponse,
    User,
    UserRole,
)
from elearn.reporting.filters import ReportFilters
from elearn.reporting.scope import Scope
from elearn.reports import gaps_queries
from elearn.reports.analysis import columns
from tests.helpers import count_queries, login

NOW = datetime.now(UTC)
YEAR = 2025
_serial = count(1)


# --- builders: rows inserted directly, as the reports only read them -----------------------


def add_competency(slug: str, name: str, code: str, position: int) -> Competency:
    competency = Competency(slug=slug, name=name, code=code, group="manajerial", position=position)
    db.session.add(competency)
    db.session.flush()
    return competency


def add_position(code: str, name: str, levels: dict[int, int]) -> Position:
    position = Position(code=code, name=name, type="pelaksana")
    db.session.add(position)
    db.session.flush()
    for competency_id, level in levels.items():
        db.session.add(
            PositionRequirement(position_id=position.id, competency_id=competency_id, level=level)
        )
    db.session.flush()
    return position


def add_version(course: Course, number: int, title: str, levels: dict[int, int], jp: int = 2):
    version = CourseVersion(
        course_id=course.id,
        number=number,
        content_hash=f"{course.slug}-{number}",
        title=title,
        category="uji-coba",
        jp=jp,
        total_minutes=90,
        pass_percent=70,
    )
    db.session.add(version)
    db.session.flush()
    for competency_id, level in levels.items():
        db.session.add(
            CourseCompetency(version_id=version.id, competency_id=competency_id, level=level)
        )
    db.session.flush()
    return version


def add_course(slug: str, title: str, levels: dict[int, int], jp: int = 2, live: bool = True):
    course = Course(slug=slug)
    db.session.add(course)
    db.session.flush()
    version = add_version(course, 1, title, levels, jp)
    if live:
        course.live_version_id = version.id
    db.session.flush()
    return course, version


def add_employee(nip: str, name: str, unit_id: int, position_id: int | None, active=True):
    user = User(
        username=nip, full_name=name, unit_id=unit_id, position_id=position_id, active=active
    )
    user.role_rows = [UserRole(role="learner")]
    db.session.add(user)
    db.session.flush()
    return user


def add_completion(
    user,
    version,
    year=YEAR,
    pre=None,
    final=None,
    at=None,
    certificate=True,
    expires_at=None,
    revoked=False,
    enrolled_at=None,
):
    """A completion with its certificate attesting the version's competency levels."""
    at = at or datetime(year, 6, 1, 3, 0, tzinfo=UTC)
    completion = CourseCompletion(
        user_id=user.id,
        course_id=version.course_id,
        version_id=version.id,
        completed_at=at,
        year=year,
        jp=version.jp,
        final_score=final,
        pretest_score=pre,
    )
    db.session.add(completion)
    if enrolled_at is not None:
        db.session.add(
            Enrollment(user_id=user.id, course_id=version.course_id, enrolled_at=enrolled_at)
        )
    db.session.flush()
    if not certificate:
        return completion, None
    serial = next(_serial)
    cert = Certificate(
        number=f"ELN/{year}/{serial:06d}",
        year=year,
        sequence=serial,
        code=f"kode{serial:08d}",
        user_id=user.id,
        course_id=version.course_id,
        completion_id=completion.id,
        issued_at=at,
        expires_at=expires_at,
        record={"n": serial},
        jws="x",
        revoked_at=NOW - timedelta(days=2) if revoked else None,
    )
    db.session.add(cert)
    db.session.flush()
    for cc in db.session.scalars(
        db.select(CourseCompetency).where(CourseCompetency.version_id == version.id)
    ):
        db.session.add(
            CertificateCompetency(
                certificate_id=cert.id, competency_id=cc.competency_id, level=cc.level
            )
        )
    db.session.flush()
    return completion, cert


def add_survey(user, version, answers, comment="", at=None):
    relevance, clarity, usefulness, ease, recommend = answers
    db.session.add(
        SurveyResponse(
            user_id=user.id,
            course_id=version.course_id,
            version_id=version.id,
            relevance=relevance,
            clarity=clarity,
            usefulness=usefulness,
            ease=ease,
            recommend=recommend,
            comment=comment,
            created_at=at,
            updated_at=at,
        )
    )
    db.session.flush()


def wib(*args) -> datetime:
    """A Jakarta wall-clock time (UTC+7, no daylight saving) as an aware UTC instant."""
    return datetime(*args, tzinfo=UTC) - timedelta(hours=7)


@dataclass
class World:
    org: dict[str, int]
    competencies: dict[str, Competency] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    versions: dict[str, CourseVersion] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    certificates: dict[str, Certificate] = field(default_factory=dict)


def build_world(org) -> World:
    """The small organisation every analysis test works on (figures in the test docstrings).

    Employees (unit, position): ani (DINKES-A itself, kapus), budi, citra, dedi (PKM-A1:
    perawat, perawat, kapus), eka, fajar, gita (PKM-A2: perawat, staf without requirements,
    perawat but inactive), hadi (KEL-A1, perawat), iwan (PKM-B1 in the other government).
    Positions: perawat needs integritas 2, komunikasi 1; kapus needs integritas 3,
    komunikasi 2, data 2. Courses: etika-dasar (integritas 2; version 1 "Etika Dasar ASN",
    live version 2 "Etika Dasar"), etika-lanjut (integritas 3), komunikasi (komunikasi 2),
    etika-pakar (integritas 4, never published).
    """
    w = World(org=org)
    c = w.competencies
    c["int"] = add_competency("integritas", "Integritas", "M.01", 1)
    c["kom"] = add_competency("komunikasi", "Komunikasi", "M.03", 3)
    c["data"] = add_competency("pengelolaan-data", "Pengelolaan Data", "T.01", 20)
    c["unused"] = add_competency("perekat-bangsa", "Perekat Bangsa", "S.01", 9)
    i, k, d = c["int"].id, c["kom"].id, c["data"].id
    p = w.positions
    p["perawat"] = add_position("PRW", "Perawat", {i: 2, k: 1})
    p["kapus"] = add_position("KAPUS", "Kepala Puskesmas", {i: 3, k: 2, d: 2})
    p["staf"] = add_position("STAF", "Staf Umum", {})

    dasar, v1 = add_course("etika-dasar", "Etika Dasar ASN", {i: 2}, jp=2)
    v2 = add_version(dasar, 2, "Etika Dasar", {i: 2}, jp=3)
    dasar.live_version_id = v2.id
    lanjut, vl = add_course("etika-lanjut", "Etika Lanjut", {i: 3}, jp=4)
    komunikasi, vk = add_course("komunikasi", "Komunikasi Efektif", {k: 2}, jp=5)
    pakar, vp = add_course("etika-pakar", "Etika Pakar", {i: 4}, live=False)
    w.courses.update(dasar=dasar, lanjut=lanjut, komunikasi=komunikasi, pakar=pakar)
    w.versions.update(dasar1=v1, dasar=v2, lanjut=vl, komunikasi=vk, pakar=vp)

    u = w.users
    people = [
        ("ani", "198001012005012001", "Ani Lestari", "DINKES-A", "kapus", True),
        ("budi", "198102022006011002", "Budi Santoso", "PKM-A1", "perawat", True),
        ("citra", "198203032007012003", "Citra Dewi", "PKM-A1", "perawat", True),
        ("dedi", "198304042008011004", "Dedi Kurniawan", "PKM-A1", "kapus", True),
        ("eka", "198405052009012005", "Eka Putri", "PKM-A2", "perawat", True),
        ("fajar", "198506062010011006", "Fajar Nugroho", "PKM-A2", "staf", True),
        ("gita", "198607072011012007", "Gita Permata", "PKM-A2", "perawat", False),
        ("hadi", "198708082012011008", "Hadi Wijaya", "KEL-A1", "perawat", True),
        ("iwan", "198809092013011009", "Iwan Setiawan", "PKM-B1", "perawat", True),
    ]
    for key, nip, name, unit, position, active in people:
        u[key] = add_employee(nip, name, org[unit], p[position].id, active)

    cert = w.certificates
    later = NOW + timedelta(days=365)
    # ani: etika-lanjut valid (integritas 3) this year; etika-dasar the year before.
    _, cert["ani-lanjut"] = add_completion(u["ani"], vl, pre=55, final=85)
    _, cert["ani-dasar"] = add_completion(u["ani"], v1, year=YEAR - 1, pre=30, final=60)
    # budi: etika-dasar version 1 (its old title), enrolled 1 March WIB, done 10 March WIB.
    _, cert["budi-dasar"] = add_completion(
        u["budi"],
        v1,
        pre=40,
        final=80,
        at=wib(YEAR, 3, 10, 3, 0),
        enrolled_at=wib(YEAR, 3, 1, 1, 0),
    )
    # citra: etika-dasar, certificate revoked.
    _, cert["citra-dasar"] = add_completion(u["citra"], v2, final=70, revoked=True)
    # dedi: etika-dasar valid, etika-lanjut expired, komunikasi valid.
    _, cert["dedi-dasar"] = add_completion(u["dedi"], v2, pre=50)
    _, cert["dedi-lanjut"] = add_completion(
        u["dedi"], vl, final=75, expires_at=NOW - timedelta(days=1)
    )
    _, cert["dedi-kom"] = add_completion(u["dedi"], vk, pre=20, final=60)
    # eka: etika-dasar, valid until next year, no enrolment row.
    _, cert["eka-dasar"] = add_completion(u["eka"], v2, pre=60, final=90, expires_at=later)
    _, cert["hadi-dasar"] = add_completion(u["hadi"], v2, pre=10, final=100)
    _, cert["iwan-dasar"] = add_completion(u["iwan"], v2, pre=0, final=50)

    add_survey(u["budi"], v1, (5, 4, 5, 4, 5), "Sangat bermanfaat.", wib(YEAR, 3, 10, 9, 0))
    add_survey(u["citra"], v2, (3, 3, 4, 2, 3), "", wib(YEAR, 4, 1, 9, 0))
    add_survey(u["eka"], v2, (4, 5, 4, 5, 4), "Materi jelas.", wib(YEAR, 5, 2, 9, 0))
    add_survey(u["hadi"], v2, (1, 1, 1, 1, 1), "Rahasia kecamatan.", wib(YEAR, 6, 1, 9, 0))
    # Half an hour into the year in Jakarta (still the old year in UTC): counts.
    add_survey(u["ani"], v1, (2, 2, 3, 3, 2), "Awal tahun.", wib(YEAR, 1, 1, 0, 30))
    # Half an hour before the year in Jakarta: does not.
    add_survey(u["dedi"], v2, (1, 1, 1, 1, 1), "Akhir tahun lalu.", wib(YEAR - 1, 12, 31, 23, 30))
    add_survey(u["iwan"], v2, (1, 1, 1, 1, 1), "Rahasia kota lain.", wib(YEAR, 6, 1, 9, 0))
    db.session.commit()
    return w


def viewer(app, make_user, username, roles=("hr",), **kw):
    """A logged-in client of a new HR officer, unit head or admin."""
    make_user(username, roles, f"Petugas {username}", **kw)
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


@pytest.fixture
def world(org) -> World:
    return build_world(org)


@pytest.fixture
def dinkes(app, make_user, org, world):
    """HR officer of Dinas Kesehatan Kota Anggrek."""
    return viewer(app, make_user, "hr-dinkes", scope_unit_id=org["DINKES-A"])


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def read_xlsx(response) -> list[dict]:
    assert response.status_code == 200, response.status_code
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# --- reading the heat map ------------------------------------------------------------------


def heat_map(page: str) -> dict[str, dict[str, tuple[int, int, int | None]]]:
    """{competency: {column heading: (below, members, heat class)}} from the page."""
    head = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    headings = [
        re.sub(r"<[^>]+>|\s*[▲▼]", "", h).strip()
        for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)
    ]
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S).group(1)
    grid = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        name = re.search(r'<th scope="row">([^<]+?)\s*(<small|</th>)', row).group(1).strip()
        cells = re.findall(r'<td class="heat num(?: heat-(\d))?">(.*?)</td>', row, re.S)
        values = {}
        for heading, (heat, cell) in zip(headings[1:], cells, strict=True):
            if "—" in cell:
                values[heading] = None
                continue
            below = int(re.sub(r"<[^>]+>", "", cell).split()[0])
            members = int(re.search(r"dari (\d+)", cell).group(1))
            values[heading] = (below, members, int(heat))
        grid[name] = values
    return grid


A1, A2 = "Puskesmas Anggrek Satu", "Puskesmas Anggrek Dua"
DINKES = "Dinas Kesehatan Kota Anggrek"


def test_heat_map_for_an_officer_of_one_agency(dinkes, world):
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


def test_heat_map_for_the_whole_government_and_a_unit(app, make_user, org, world):
    bkpsdm = viewer(app, make_user, "bkpsdm", scope_unit_id=org["KOTA-A"])
    grid = heat_map(bkpsdm.get("/hr/gaps").get_data(as_text=True))
    kec = "Kecamatan Anggrek Barat"
    assert grid["Integritas"] == {"Semua unit": (2, 6, 2), DINKES: (2, 5, 2), kec: (0, 1, 0)}
    assert grid["Komunikasi"] == {"Semua unit": (5, 6, 4), DINKES: (4, 5, 4), kec: (1, 1, 4)}
    # Nobody works directly in the government itself: no "(langsung)" column.
    assert "(langsung)" not in bkpsdm.get("/hr/gaps").get_data(as_text=True)

    grid = heat_map(bkpsdm.get(f"/hr/gaps?unit={org['PKM-A1']}").get_data(as_text=True))
    assert grid["Integritas"] == {"Semua unit": (2, 3, 3), f"{A1} (langsung)": (2, 3, 3)}


def test_position_filter_and_sorting(dinkes, world):
    perawat = world.positions["perawat"].id
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


def test_drill_down_lists_members_with_courses_that_close_the_gap(dinkes, org, world):
    """Citra needs integritas 2: etika-dasar (completed, revoked) is not offered again,
    etika-lanjut is; etika-pakar is not published. Dedi needs 3: etika-lanjut reaches it
    but he completed it (expired), so nothing is left to offer."""
    integritas = world.competencies["int"].id
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
    komunikasi = world.competencies["kom"].id
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


def test_grid_downloads(dinkes, world):
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


def test_drill_down_downloads(dinkes, org, world):
    integritas = world.competencies["int"].id
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


def test_unknown_competency_and_bad_input(dinkes, org, world):
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
    integritas = world.competencies["int"].id
    page = dinkes.get(f"/hr/gaps/{org['DINKES-A']}/{integritas}?page=99&q=%25_")
    assert page.status_code == 200


def test_empty_heat_map(app, make_user, org):
    client = viewer(app, make_user, "hr-kosong", scope_unit_id=org["KEC-A"])
    page = client.get("/hr/gaps").get_data(as_text=True)
    assert "Belum ada pegawai di unit ini" in page
    assert client.get("/hr/gaps.csv").status_code == 200


def test_a_level_above_the_required_one_closes_only_its_own_gap(dinkes, world):
    """Budi (perawat, integritas 2 required) also completes etika-lanjut: two valid
    certificates, his highest level 3 counts as 2 reached, not as 1 to spare for citra or
    dedi. Integritas stays 2 of 5 below with gap 3 (citra 2, dedi 1)."""
    add_completion(world.users["budi"], world.versions["lanjut"], final=90)
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


def test_the_page_reads_the_certificates_once(dinkes, world):
    """The table, the heat map and the pager come from one reading of the certificates:
    reading them is what a whole government's page spends its time on."""
    with count_queries() as queries:
        assert dinkes.get("/hr/gaps").status_code == 200
    assert len([q for q in queries if "certificate_competencies" in q]) == 1
    with count_queries() as queries:
        assert dinkes.get("/hr/gaps.csv").status_code == 200
    assert len([q for q in queries if "certificate_competencies" in q]) == 1


def test_grid_and_count_on_their_own_give_the_page_figures(app, org, world):
    """`grid` and `count_competencies` reuse what `competency_totals` read in the same
    request; called without it they read the figures themselves, with the same result."""
    scope, filters = Scope((org["DINKES-A"],)), ReportFilters(year=YEAR)
    cols = columns([org["DINKES-A"]])
    integritas, data = world.competencies["int"].id, world.competencies["data"].id
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


def test_a_page_past_the_last_still_counts_the_competencies(app, org, world):
    scope, filters = Scope((org["DINKES-A"],)), ReportFilters(year=YEAR, page=9, sort="gap")
    with app.test_request_context():
        assert gaps_queries.competency_totals(scope, filters) == []
        assert gaps_queries.count_competencies(scope, filters) == 3
        assert gaps_queries.grid(scope, filters, columns([org["DINKES-A"]]), []) == {}
