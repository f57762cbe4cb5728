"""The small world of the "Did it help?" tests (/hr/skm/dampak, issue 18 item 4): SKM periods,
front-line staff, an assigned course and completions at chosen moments."""

from __future__ import annotations

from elearn.extensions import db
from elearn.models import Position
from tests.helpers import skm as rows
from tests.helpers.assignments import assign, at, complete, employees, live_course
from tests.helpers.tasks import add_task

PAGE = "/hr/skm/dampak"
POOR = (2, 2, 2, 3, 2, 2, 2, 2, 3)  # IKM 55.56, band D
FAIR = (3, 3, 2, 3, 3, 3, 3, 2, 3)  # IKM 69.44, band C
GOOD = (4, 3, 3, 4, 3, 4, 4, 3, 4)  # IKM 88.89, band A


def position(government: int, code: str = "LOKET", front_line: bool = True) -> int:
    row = Position(government_id=government, code=code, name=f"Jabatan {code}", type="pelaksana")
    row.front_line = front_line
    db.session.add(row)
    db.session.commit()
    return row.id


def build_world(org: dict[str, int], make_user) -> dict:
    """Kelurahan Melati (KEL-A1): three periods, poor, fair, good; four front-line staff
    and one back-office clerk; "Pelayanan Prima" assigned to its kecamatan, done by two of
    the four in October 2025 (half: the training date is the end of 2025-S2) and by a third
    in 2026. Puskesmas Anggrek Satu has one period (a summary) and no front-line staff;
    Puskesmas Bakung Satu belongs to the other government. "Penanganan Pengaduan" has a
    workplace task and is assigned to nobody. Users: hr-a (KOTA-A), hr-b (KOTA-B), peserta."""
    loket = position(org["KOTA-A"])
    clerk = position(org["KOTA-A"], "STAF", front_line=False)
    prima = live_course("pelayanan-prima", "Pelayanan Prima")
    pengaduan = live_course("pengaduan", "Penanganan Pengaduan")
    add_task(pengaduan.live_version_id)
    assign(prima, org["KEC-A"])
    staff = employees(org["KEL-A1"], 4, prefix="loket", position_id=loket)
    employees(org["KEL-A1"], 1, prefix="staf", position_id=clerk)
    complete(staff[0], prima, at(2025, 10, 1))
    complete(staff[1], prima, at(2025, 10, 20))
    complete(staff[2], prima, at(2026, 2, 3))
    kel, pkm = org["KEL-A1"], org["PKM-A1"]
    service = rows.service(kel, population=100)
    rows.responses(kel, "2025-S1", POOR, count=30, service_id=service.id)
    rows.responses(kel, "2025-S2", FAIR, count=40, service_id=service.id)
    rows.responses(kel, "2026-S1", GOOD, count=90, service_id=service.id)
    rows.summary(pkm, "2026-S1", (3.0,) * 9, respondents=50)
    rows.responses(org["PKM-B1"], "2026-S1", GOOD, count=10)
    make_user("hr-a", ("hr",), "Dewi SDM", scope_unit_id=org["KOTA-A"])
    make_user("hr-b", ("hr",), "Bakung SDM", scope_unit_id=org["KOTA-B"])
    make_user("peserta", ("learner",), unit_id=kel)
    return {
        "staff": [u.id for u in staff],
        "prima": prima.id,
        "pengaduan": pengaduan.id,
        "loket": loket,
    }
