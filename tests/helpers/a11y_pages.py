"""The pages of each role's journey on the demo (`elearn demo`), for the accessibility and
phone-width gate (tests/e2e/test_a11y_pages.py). Ids are looked up after the demo is seeded."""

from __future__ import annotations

from sqlalchemy import select

from elearn.extensions import db
from elearn.models import Competency, Course, OrgUnit, Position, Question, SkmService, User

COURSE = "manajemen-waktu"
MODULE = "prioritas-matriks-eisenhower"
MODULE_FILE = f"01-{MODULE}.md"
QUIZ = f"/courses/{COURSE}/quiz/{MODULE}"  # walked by clicking: start, attempt, result
# A module with a Markdown task list (a checklist for the learner).
CHECKLIST_MODULE = "pelayanan-prima/mendengar-dan-menjelaskan"

# Pages a visitor reads without logging in (the public front, account recovery).
VISITOR = "pengunjung"
VISITOR_PAGES = [
    "/",
    "/courses",
    f"/courses/{COURSE}",
    "/password/forgot",
    "/activate",
    "/skm/{skm_code}",  # the public satisfaction survey a citizen opens from a poster
    "/skm/{skm_code}/terima-kasih",
    "/offline",  # what the service worker shows for a page neither reachable nor saved
]
LEARNER_PAGES = [
    "/courses",
    f"/courses/{COURSE}",
    f"/courses/{COURSE}/{MODULE}",
    f"/courses/{COURSE}/{MODULE}/tanya",
    f"/courses/{CHECKLIST_MODULE}",
    f"/courses/{COURSE}/pretest",
    f"/courses/{COURSE}/exam",
    "/my",
    "/my/competencies",
    "/my/certificates",
    "/account",
    "/notices",
    "/evaluasi",
    "/tersimpan",  # courses saved on the device for offline reading (filled by offline.js)
]
TRAINER_PAGES = [
    "/author/",
    "/author/new",
    "/author/import",
    f"/author/{COURSE}",
    f"/author/{COURSE}/edit/{MODULE_FILE}",
    f"/author/{COURSE}/preview/{MODULE_FILE}",
    f"/author/{COURSE}/history",
    f"/author/{COURSE}/media",
    f"/author/{COURSE}/stats",
    f"/author/{COURSE}/stats/questions/{{qid}}",
    "/tanya/dilaporkan",
]
HR_PAGES = [
    "/hr/",
    "/hr/matrix",
    "/hr/matrix/{unit}/{course}",
    "/hr/jp",
    "/hr/gaps",
    "/hr/gaps/{unit}/{competency}",
    "/hr/evaluation",
    "/hr/evaluation/{course}",
    "/hr/siasn",
    "/hr/learners/{learner}",
    "/hr/employees/import",
    "/hr/assignments",
    "/hr/assignments/new",
    "/hr/skm/layanan",
    "/hr/skm/layanan/{skm_service}",
    "/hr/skm/layanan/{skm_service}/poster",
    "/hr/skm/impor",
    "/hr/skm",
    "/hr/skm/unit/{unit}",
    "/hr/skm/unit/{unit}/wajibkan/{course}",
    "/hr/penghargaan",
    "/hr/penghargaan/cetak",
    "/tugas",
    "/hr/skm/dampak",
    "/hr/skm/dampak?unit={unit}",
]
ADMIN_PAGES = [
    "/admin/",
    "/admin/users",
    "/admin/users/{learner}",
    "/admin/org",
    "/admin/org/{unit}",
    "/admin/org/import",
    "/admin/positions",
    "/admin/positions/{position}",
    "/admin/certificates",
    "/admin/api-tokens/",
    "/admin/integrasi/",
    "/admin/situs-publik",
    "/admin/tanya-jawab",
    "/admin/skm/pemetaan",
    "/admin/skm/pemetaan/8",
    "/admin/penghargaan",
]
# The SKM import's pages reached by uploading (walked by the HR officer): a file with errors,
# then a good one, whose preview is checked (issue 18).
SKM_HEADER = "kode_unit;layanan;tanggal;" + ";".join(f"U{n}" for n in range(1, 10)) + ";saran\n"
SKM_IMPORT_FILES = {
    "skm import errors": SKM_HEADER
    + "PTK-KEL-SBL;Pembuatan KTP-el;31/02/2026;5;3;3;4;4;3;4;3;3;\n",
    "skm import preview": SKM_HEADER
    + "PTK-KEL-SBL;Pembuatan KTP-el;05/03/2026;4;3;3;4;4;3;4;3;3;Antrean panjang.\n"
    + "PTK-KEL-SBL;Surat Pindah;06/03/2026;3;3;2;4;3;3;4;2;3;\n",
}
JOURNEYS = {
    VISITOR: VISITOR_PAGES,
    "peserta": LEARNER_PAGES,
    "pengajar": TRAINER_PAGES,
    "hr": HR_PAGES,
    "admin": ADMIN_PAGES,
}


def demo_ids() -> dict[str, object]:
    """The ids the page templates above name, looked up in the seeded demo."""
    db.session.expire_all()
    course = db.session.scalar(select(Course).where(Course.slug == COURSE))
    qid = db.session.scalar(
        select(Question.qid).where(Question.version_id == course.live_version_id).limit(1)
    )
    return {
        "course": course.id,
        "qid": qid,
        "unit": db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == "PTK-KEL-SBL")),
        "learner": db.session.scalar(select(User.id).where(User.username == "peserta")),
        "competency": db.session.scalar(select(Competency.id).order_by(Competency.id).limit(1)),
        "position": db.session.scalar(select(Position.id).order_by(Position.id).limit(1)),
        **skm_service(),
    }


def skm_service() -> dict[str, object]:
    """A public service of the demo's kelurahan (made once: the demo has none), by id and
    by the code of its questionnaire."""
    unit_id = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == "PTK-KEL-SBL"))
    service = db.session.scalar(select(SkmService).where(SkmService.unit_id == unit_id))
    if service is None:
        service = SkmService(
            unit_id=unit_id, name="Surat keterangan domisili", public_code="demoa11y01"
        )
        db.session.add(service)
        db.session.commit()
    return {"skm_service": service.id, "skm_code": service.public_code}


def journey_urls(username: str) -> list[str]:
    """The paths of `username`'s journey with the demo's ids filled in."""
    ids = demo_ids()
    return [path.format(**ids) for path in JOURNEYS[username]]
