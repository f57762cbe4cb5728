"""The recognition tests' organisation (issue 18 item 5), stored directly: JP, a mandatory
course, staff enough for two ranked units, and SKM results over two years.

Last year (the page's default), in government A:
  PKM-A1: ani 22 JP and the mandatory course done (qualifies), budi 20 JP without it,
          citra 12 JP, two more with none: 2 of 5 reach the target (40 %).
  PKM-A2: dewi 20 JP (agreed to be named), eko 20 JP, fitri 20 JP, two with none:
          3 of 5 (60 %), all three qualify (the mandatory course is PKM-A1's).
  DINKES-A: hana 20 JP alone: qualifies, but one employee ranks no unit.
  KEL-A1 (outside Dinkes): fajar 20 JP. Government B, PKM-B1: gita 20 JP.
IKM: PKM-A1 rises 25 points (75 -> 100), PKM-A2 rises too but has too few respondents
for its population, PKM-B1 rises (the other government), KEL-A1 falls.
"""

from __future__ import annotations

from datetime import date

from elearn.extensions import db
from elearn.models import Course, User
from tests.helpers.assignments import assign
from tests.helpers.reports import LAST_YEAR, add_course, add_learner, complete
from tests.helpers.skm import responses, service

# Statements per request of the HR recognition pages, whatever the number of employees:
# loader, due dates, ASN, units, SKM periods, SKM results (three), unit names; the page
# adds the certificates setting and the certificates held (tests/integration/
# test_page_budgets.py holds them to it, test_recognition.py checks they do not grow).
RECOGNITION_BUDGETS = {"/hr/penghargaan": 11, "/hr/penghargaan/cetak": 9}

ALL_THREES = (3,) * 9
ALL_FOURS = (4,) * 9
TWOS = (2,) * 9


def staff(unit_id: int, names_jp: list[tuple[str, int]], courses: dict) -> dict[str, int]:
    """Learners of a unit with their JP last year (made of the 12, 8 and 20 JP courses)."""
    made = {}
    for name, jp in names_jp:
        person = add_learner(name, unit_id)
        for slug in {20: ("k20",), 12: ("k12",), 8: ("k8",), 0: ()}[jp]:
            complete(person, courses[slug], LAST_YEAR)
        made[name] = person
    return made


def build(org) -> dict:
    courses = {
        "k20": add_course("kursus-20", "Pelayanan Prima", 20),
        "k12": add_course("kursus-12", "Anti Korupsi", 12),
        "k8": add_course("kursus-8", "Budaya Melayani", 8),
        "wajib": add_course("kursus-wajib", "Etika ASN", 2),
    }
    people = {}
    people |= staff(
        org["PKM-A1"],
        [("Ani Lestari", 20), ("Budi Santoso", 20), ("Citra Wulandari", 12)]
        + [("Pegawai A1 Satu", 0), ("Pegawai A1 Dua", 0)],
        courses,
    )
    people |= staff(
        org["PKM-A2"],
        [("Dewi Kartika", 20), ("Eko Prasetyo", 20), ("Fitri Handayani", 20)]
        + [("Pegawai A2 Satu", 0), ("Pegawai A2 Dua", 0)],
        courses,
    )
    people |= staff(org["DINKES-A"], [("Hana Pertiwi", 20)], courses)
    people |= staff(org["KEL-A1"], [("Fajar Nugroho", 20)], courses)
    people |= staff(org["PKM-B1"], [("Gita Savitri", 20)], courses)
    assign(_course(courses["wajib"]), org["PKM-A1"], due=date(LAST_YEAR, 6, 30))
    complete(people["Ani Lestari"], courses["wajib"], LAST_YEAR)
    db.session.get(User, people["Dewi Kartika"]).recognition_public = True
    db.session.commit()
    _surveys(org)
    return {"people": people, "courses": courses}


def _course(course_id: int) -> Course:
    return db.session.get(Course, course_id)


def _surveys(org) -> None:
    before, after = str(LAST_YEAR - 1), f"{LAST_YEAR}-S2"
    responses(org["PKM-A1"], before, ALL_THREES, count=12)
    responses(org["PKM-A1"], f"{LAST_YEAR}-S1", TWOS, count=12)  # not the year's last
    responses(org["PKM-A1"], after, ALL_FOURS, count=12)
    service(org["PKM-A2"], population=100)  # calls for 80 respondents
    responses(org["PKM-A2"], before, TWOS, count=10)
    responses(org["PKM-A2"], after, ALL_FOURS, count=10)
    responses(org["PKM-B1"], before, TWOS, count=12)
    responses(org["PKM-B1"], after, ALL_THREES, count=12)
    responses(org["KEL-A1"], before, ALL_FOURS, count=12)
    responses(org["KEL-A1"], after, ALL_THREES, count=12)
