"""A small world for /hr/skm (issue 18, weak units and the one-step assignment): front-line
and back-office positions with holders, two published courses mapped to elements, and SKM
results in both governments of the `org` fixture."""

from __future__ import annotations

from elearn.extensions import db
from elearn.models import Position
from elearn.publishing.skm_map import write_element
from tests.helpers import skm as rows
from tests.helpers.reports import add_course, add_learner

PERIOD = "2026-S1"
EARLIER = "2025-S2"
# U3 (waktu), U7 (perilaku) and U8 (pengaduan) weak; the others good.
POOR = (4, 4, 2, 4, 4, 4, 2, 2, 4)
GOOD = (4, 4, 4, 4, 4, 4, 4, 4, 4)
FOREIGN_COMMENT = "Komentar rahasia Bakung"


def add_position(government_id: int, code: str, name: str, front_line: bool) -> int:
    row = Position(
        government_id=government_id, code=code, name=name, type="pelaksana", front_line=front_line
    )
    db.session.add(row)
    db.session.commit()
    return row.id


def build(org) -> dict:
    """The world; returns the ids the tests use."""
    ids = {
        "loket": add_position(org["KOTA-A"], "LOKET", "Petugas Loket", True),
        "staf": add_position(org["KOTA-A"], "STAF", "Staf Arsip", False),
        "loket_b": add_position(org["KOTA-B"], "LOKET", "Petugas Loket Bakung", True),
        "prima": add_course(
            "pelayanan-prima",
            "Pelayanan Prima",
            10,
            modules=(("standar", 0), ("menangani-pengaduan", 0)),
        ),
        "waktu": add_course("manajemen-waktu", "Manajemen Waktu", 6),
    }
    for name in ("Ani Loket", "Budi Loket"):
        add_learner(name, org["KEL-A1"], ids["loket"])
    add_learner("Citra Arsip", org["KEL-A1"], ids["staf"])
    add_learner("Dodi Loket", org["PKM-A1"], ids["loket"])
    add_learner("Eka Loket", org["PKM-B1"], ids["loket_b"])
    write_element(3, [], [(ids["waktu"], "")])
    write_element(7, [], [(ids["prima"], "")])
    write_element(8, [], [(ids["prima"], "menangani-pengaduan")])
    db.session.commit()
    rows.responses(org["KEL-A1"], PERIOD, POOR, count=8, comment="Antrean lama sekali.")
    rows.responses(org["KEL-A1"], PERIOD, POOR, count=2, comment="<script>alert(1)</script>")
    rows.responses(org["KEL-A1"], EARLIER, GOOD, count=5)
    rows.responses(org["PKM-A1"], PERIOD, GOOD, count=6)
    rows.responses(org["PKM-A2"], PERIOD, (2,) * 9, count=3)  # weak, nobody front-line there
    rows.responses(org["PKM-B1"], PERIOD, POOR, count=4, comment=FOREIGN_COMMENT)
    return ids
