"""Workplace task tests' course (the quiz course with a `## Tugas Penerapan` section), the
people around it, and the steps of sending and reviewing through the Flask client."""

from __future__ import annotations

import io

from sqlalchemy import select

from elearn.extensions import db
from elearn.models import Course, CourseTask, TaskSubmission
from tests.helpers import csrf_token, logged_in_client
from tests.helpers import publish as publish_files
from tests.helpers.quiz import SLUG, course_files
from tests.helpers.reports import add_position

INSTRUCTIONS = "Susun **daftar layanan** unit Anda yang bisa dibuat daring."
RUBRIC = [
    {"name": "Ketepatan data", "levels": ["Banyak salah", "Sedikit salah", "Benar", "Lengkap"]},
    {"name": "Alasan", "levels": ["Tidak ada", "Umum", "Terkait layanan", "Didukung data"]},
]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HEAD_POSITION = "Kepala Puskesmas Anggrek Satu"


TASK_SECTION = (
    "\n## Tugas Penerapan\n\n"
    + INSTRUCTIONS
    + "\n\n### Rubrik\n"
    + "".join(
        f"\n#### {c['name']}\n" + "".join(f"- {n}: {t}\n" for n, t in enumerate(c["levels"], 1))
        for c in RUBRIC
    )
)


def with_task(files: dict[str, str]) -> dict[str, str]:
    """The course folder with TASK_SECTION at the end of course.md (after its exam)."""
    return {**files, "course.md": files["course.md"] + TASK_SECTION}


def publish_task_course(make_course, slug=SLUG) -> int:
    """Publish the quiz course (module quiz and final exam) with the workplace task of
    TASK_SECTION (due 30 days after the exam, pass level 3); return the course id."""
    publish_files(make_course, slug, with_task(course_files()))
    return db.session.scalar(select(Course.id).where(Course.slug == slug))


def people(app, make_user, org) -> dict:
    """The learner (PKM-A1), their unit head, a head of another unit, HR of the health office;
    each with a logged-in client."""
    head_position = add_position("KAPUS-A1", HEAD_POSITION)
    users = {
        "learner": make_user("peserta", ("learner",), "Siti Rahmawati", unit_id=org["PKM-A1"]),
        "head": make_user(
            "kapus", ("supervisor",), "Dr. Andi", unit_id=org["PKM-A1"], position_id=head_position
        ),
        "outsider": make_user("kapus2", ("supervisor",), "Dr. Bambang", unit_id=org["PKM-A2"]),
        "hr": make_user("hr-dinkes", ("hr",), "Rina SDM", scope_unit_id=org["DINKES-A"]),
    }
    ids = {role: user.id for role, user in users.items()}
    clients = {role: logged_in_client(app, user.username) for role, user in users.items()}
    return {"ids": ids, "clients": clients}


def send_task(client, text="Daftar layanan unit kami.", files=(("laporan.pdf", PDF),), slug=SLUG):
    """Post the learner's task form with `text` and `files` ((name, bytes) pairs)."""
    token = csrf_token(client, f"/courses/{slug}/task")
    data = {"csrf_token": token, "text": text}
    data["files"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(f"/courses/{slug}/task", data=data, content_type="multipart/form-data")


def decide(client, submission_id: int, levels=(3, 3), decision="accepted", feedback=""):
    token = csrf_token(client, f"/tugas/{submission_id}")
    data = {"csrf_token": token, "decision": decision, "feedback": feedback}
    data.update({f"level-{i}": str(level) for i, level in enumerate(levels)})
    return client.post(f"/tugas/{submission_id}", data=data)


def latest_submission(user_id: int) -> TaskSubmission:
    db.session.expire_all()
    return db.session.scalars(
        select(TaskSubmission)
        .where(TaskSubmission.user_id == user_id)
        .order_by(TaskSubmission.number.desc())
    ).first()


def add_task(version_id: int) -> None:
    """Give a published version the task of the tests (RUBRIC, pass level 3)."""
    db.session.add(
        CourseTask(
            version_id=version_id,
            instructions_html=f"<p>{INSTRUCTIONS}</p>",
            rubric=RUBRIC,
            due_days=30,
            pass_level=3,
        )
    )
    db.session.commit()


def insert_submission(user_id: int, course_id: int, version_id: int, text: str) -> TaskSubmission:
    """A submission with one PDF, written directly (as if sent after passing the exam)."""
    from elearn.models import TaskFile
    from elearn.publishing.blobs import put_blob

    row = TaskSubmission(
        user_id=user_id, course_id=course_id, version_id=version_id, number=1, text=text
    )
    row.files = [TaskFile(position=1, name=f"{text}.pdf", mime="application/pdf",
                          size=len(PDF), sha256=put_blob(PDF))]  # fmt: skip
    db.session.add(row)
    db.session.commit()
    return row
