"""The report tests' organisation: seven learners in two governments, two live courses and
one retired, with completions, certificates and module progress (see build_world)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from elearn.admin.services import upsert_units
from elearn.domain.org import UnitDef
from elearn.extensions import db
from elearn.models import (
    Course,
    CourseVersion,
    Enrollment,
    ModuleProgress,
    OrgUnit,
    Position,
    User,
)
from tests.helpers import login
from tests.helpers.rows import (
    insert_certificate,
    insert_completion,
    insert_course,
    insert_module,
    insert_version,
)

YEAR = datetime.now(ZoneInfo("Asia/Jakarta")).year
LAST_YEAR = YEAR - 1
_serial = iter(range(1, 10_000))


# Builders return ids: count_queries() empties the session, detaching any object.


def add_position(code: str, name: str) -> int:
    position = Position(code=code, name=name, type="fungsional")
    db.session.add(position)
    db.session.commit()
    return position.id


def add_course(slug: str, title: str, jp: int, modules=(("m1", 0), ("m2", 2)), live=True):
    course = insert_course(slug)
    version = insert_version(course, title=title, jp=jp, content_hash=slug, total_minutes=30)
    for position, (slug_, questions) in enumerate(modules):
        insert_module(version.id, position, slug_, questions=questions)
    if live:
        course.live_version_id = version.id
    db.session.commit()
    return course.id


def add_learner(name: str, unit_id: int | None, position_id=None, rank="III/a", active=True):
    # The counter runs for the whole session: past 999 a NIP would get a nineteenth digit.
    serial = next(_serial) % 1000
    user = User(
        username=f"19860101201001{1 if serial % 2 else 2}{serial:03d}",
        full_name=name,
        unit_id=unit_id,
        position_id=position_id,
        rank=rank,
        employee_type="PNS",
        active=active,
    )
    user.set_roles(["learner"])
    db.session.add(user)
    db.session.commit()
    return user.id


def when(year: int, month: int = 3, day: int = 15) -> datetime:
    return datetime(year, month, day, 3, 0, tzinfo=UTC)


def enrol(user_id: int, course_id: int, year: int = LAST_YEAR) -> None:
    db.session.add(Enrollment(user_id=user_id, course_id=course_id, enrolled_at=when(year, 1, 10)))
    db.session.commit()


def complete(user_id, course_id, year=YEAR, final=80, pretest=None, certificate=False):
    enrol(user_id, course_id, year)
    course = db.session.get(Course, course_id)
    version = db.session.get(CourseVersion, course.live_version_id)
    row = insert_completion(user_id, version, when(year), year, final, pretest)
    if certificate:
        serial = next(_serial)
        insert_certificate(row, serial, code=f"kode{serial}", record={})
    db.session.commit()
    return row.id


def read_module(user_id, course_id, slug):
    db.session.add(ModuleProgress(user_id=user_id, course_id=course_id, module_slug=slug))
    db.session.commit()


def build_world(org) -> dict:
    """Seven learners in two governments, two live courses and one retired.

    JP this year: ani 20 (A+B), budi 12 (A), citra 0 (A last year), dewi 8 (B), eko 0,
    fajar 20 (KEL-A1), gita 20 (KOTA-B). Target 20.
    """
    nurse = add_position("PRW", "Perawat")
    midwife = add_position("BDN", "Bidan")
    a = add_course("kursus-a", "Anti Korupsi", 12)
    b = add_course("kursus-b", "Budaya Melayani", 8)
    retired = add_course("kursus-lama", "Kursus Lama", 5, live=False)
    people = {
        "ani": add_learner("Ani Lestari", org["PKM-A1"], nurse),
        "budi": add_learner("Budi Santoso", org["PKM-A1"], nurse, rank="II/c"),
        "citra": add_learner("Citra Wulandari", org["PKM-A1"], midwife),
        "dewi": add_learner("Dewi Kartika", org["PKM-A2"], nurse),
        "eko": add_learner("Eko Prasetyo", org["PKM-A2"], midwife),
        "fajar": add_learner("Fajar Nugroho", org["KEL-A1"], nurse),
        "gita": add_learner("Gita Savitri", org["PKM-B1"], nurse),
        "ina": add_learner("Ina Pensiun", org["PKM-A1"], nurse, active=False),
    }
    p = people
    complete(p["ani"], a, YEAR, final=90, pretest=40, certificate=True)
    complete(p["ani"], b, YEAR, final=85)
    complete(p["budi"], a, YEAR, final=75)
    enrol(p["budi"], b)
    read_module(p["budi"], b, "m1")
    complete(p["citra"], a, LAST_YEAR, final=70)
    enrol(p["citra"], b)
    complete(p["dewi"], b, YEAR)
    complete(p["fajar"], a, YEAR)
    complete(p["fajar"], b, YEAR)
    complete(p["gita"], a, YEAR, certificate=True)
    complete(p["gita"], b, YEAR)
    complete(p["ina"], a, YEAR)
    return {"people": p, "a": a, "b": b, "retired": retired, "nurse": nurse, "midwife": midwife}


def viewer(make_user, client, org, name="hr-dinkes", roles=("hr",), scope="DINKES-A", **kw):
    """Log a viewer in on `client`, scoped to the unit with code `scope` (None: no scope)."""
    make_user(name, roles=roles, scope_unit_id=org[scope] if scope else None, **kw)
    assert login(client, name).status_code == 302


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def grow(org, world, learners=30):
    """More learners, units and courses: the query counts must not move."""
    upsert_units(
        [
            UnitDef("PKM-A3", "Puskesmas Anggrek Tiga", "DINKES-A"),
            UnitDef("PUSTU-A3", "Puskesmas Pembantu Tiga", "PKM-A3"),
        ]
    )
    codes = {u.code: u.id for u in db.session.scalars(db.select(OrgUnit))}
    extra = [add_course(f"kursus-x{i}", f"Kursus Tambahan {i}", 2) for i in range(3)]
    targets = ["PKM-A1", "PKM-A2", "PKM-A3", "PUSTU-A3", "KEL-A1", "PKM-B1"]
    for i in range(learners):
        person = add_learner(f"Pegawai {i:02d}", codes[targets[i % len(targets)]], world["nurse"])
        if i % 2:
            complete(person, world["a"], YEAR, certificate=i % 4 == 1)
        if i % 3:
            enrol(person, extra[i % 3])
            read_module(person, extra[i % 3], "m1")
