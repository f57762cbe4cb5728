"""The analysis tests' small organisation (competency gaps, evaluation, SIASN): positions
with required competency levels, courses attesting levels, employees with completions,
certificates and survey answers; figures are worked out by hand in the tests' docstrings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count

from elearn.extensions import db
from elearn.models import (
    Certificate,
    CertificateCompetency,
    Competency,
    Course,
    CourseCompetency,
    CourseVersion,
    Enrollment,
    Position,
    PositionRequirement,
    SurveyResponse,
    User,
    UserRole,
)
from tests.helpers import logged_in_client
from tests.helpers.rows import (
    insert_certificate,
    insert_completion,
    insert_course,
    insert_version,
)

NOW = datetime.now(UTC)
YEAR = 2025
_serial = count(1)


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
    version = insert_version(
        course,
        number,
        title=title,
        jp=jp,
        content_hash=f"{course.slug}-{number}",
        category="uji-coba",
    )
    for competency_id, level in levels.items():
        db.session.add(
            CourseCompetency(version_id=version.id, competency_id=competency_id, level=level)
        )
    db.session.flush()
    return version


def add_course(slug: str, title: str, levels: dict[int, int], jp: int = 2, live: bool = True):
    course = insert_course(slug)
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
    completion = insert_completion(user.id, version, at, year, final, pre)
    if enrolled_at is not None:
        db.session.add(
            Enrollment(user_id=user.id, course_id=version.course_id, enrolled_at=enrolled_at)
        )
        db.session.flush()
    if not certificate:
        return completion, None
    serial = next(_serial)
    cert = insert_certificate(
        completion,
        serial,
        code=f"kode{serial:08d}",
        record={"n": serial},
        issued_at=at,
        expires_at=expires_at,
        revoked_at=NOW - timedelta(days=2) if revoked else None,
    )
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


SURVEY_FIELDS = ("relevance", "clarity", "usefulness", "ease", "recommend")


def add_survey(user, version, answers, comment="", at=None):
    """A survey response: `answers` holds the five statements' values in SURVEY_FIELDS order."""
    row = SurveyResponse(user_id=user.id, course_id=version.course_id, version_id=version.id)
    for name, value in zip(SURVEY_FIELDS, answers, strict=True):
        setattr(row, name, value)
    row.comment, row.created_at, row.updated_at = comment, at, at
    db.session.add(row)
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
    add_results(w)
    db.session.commit()
    return w


def add_results(w: World) -> None:
    """The completions, certificates and survey answers of build_world's employees."""
    u, cert = w.users, w.certificates
    v1, v2, vl, vk = (w.versions[key] for key in ("dasar1", "dasar", "lanjut", "komunikasi"))
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


def viewer(app, make_user, username, roles=("hr",), **kw):
    """A logged-in client of a new HR officer, unit head or admin."""
    make_user(username, roles, f"Petugas {username}", **kw)
    return logged_in_client(app, username)


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


# --- reading the evaluation table ------------------------------------------------------------


def evaluation_table(page: str) -> dict[str, list[str]]:
    """{row heading: [cell texts]} of the first table's body (and foot) on the page."""
    page = re.sub(r'<span class="sr-only">.*?</span>', "", page)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page.split("</thead>", 1)[1], re.S):
        head = re.search(r'<th scope="row">(.*?)</th>', row, re.S)
        if not head:
            continue
        name = re.sub(r"<[^>]+>", "", head.group(1)).strip()
        cells = [
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        rows[name] = cells
    return rows
