"""The workplace task end to end through the Flask client: send with a PDF, a refused file
keeps the text, return with feedback, revise, accept -> completion and the certificate's
statement; outsiders get 404; HR sees overdue reviews."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from elearn.extensions import db
from elearn.models import Certificate, CourseCompletion, Notice, TaskSubmission
from elearn.models.base import utcnow
from tests.helpers import squeezed
from tests.helpers.quiz import complete_course
from tests.helpers.tasks import (
    HEAD_POSITION,
    PDF,
    decide,
    latest_submission,
    people,
    publish_task_course,
    send_task,
)


@pytest.fixture
def world(app, make_user, make_course, org):
    course_id = publish_task_course(make_course)
    return {"course_id": course_id, **people(app, make_user, org)}


def completion_of(user_id: int):
    db.session.expire_all()
    return db.session.scalar(select(CourseCompletion).where(CourseCompletion.user_id == user_id))


def notice_kinds(user_id: int) -> list[str]:
    return list(db.session.scalars(select(Notice.kind).where(Notice.user_id == user_id)))


def test_the_task_waits_for_the_exam_and_completion_waits_for_the_task(world):
    learner = world["clients"]["learner"]
    page = learner.get("/courses/kursus-kuis/task")
    assert page.status_code == 200
    assert "Tugas dapat dikirim setelah Anda lulus Ujian Akhir" in squeezed(page)
    assert send_task(learner).status_code == 400
    complete_course(learner)
    assert completion_of(world["ids"]["learner"]) is None
    assert "Buka Tugas Penerapan" in learner.get("/courses/kursus-kuis").get_data(as_text=True)


def test_send_return_revise_accept_completes_with_the_verified_statement(world):
    learner, head = world["clients"]["learner"], world["clients"]["head"]
    ids = world["ids"]
    complete_course(learner)
    assert send_task(learner).status_code == 302
    first = latest_submission(ids["learner"])
    assert [f.name for f in first.files] == ["laporan.pdf"]
    assert notice_kinds(ids["head"]) == ["task_submitted"]
    assert "Siti Rahmawati" in head.get("/tugas").get_data(as_text=True)

    download = head.get(f"/tugas/berkas/{first.files[0].id}")
    assert download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    refused = decide(head, first.id, levels=(2, 3), decision="accepted")
    assert refused.status_code == 400
    assert "minimal level 3" in squeezed(refused)
    assert decide(head, first.id, (2, 3), "returned", "Lengkapi data loket.").status_code == 302
    assert notice_kinds(ids["learner"]) == ["task_returned"]
    page = squeezed(learner.get("/courses/kursus-kuis/task"))
    assert "Lengkapi data loket." in page
    assert "Dikembalikan untuk diperbaiki" in page

    assert send_task(learner, "Daftar layanan, dengan data loket.").status_code == 302
    second = latest_submission(ids["learner"])
    assert second.number == 2
    assert completion_of(ids["learner"]) is None
    assert decide(head, second.id, (3, 4), "accepted").status_code == 302
    completion = completion_of(ids["learner"])
    assert completion is not None
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.completion_id == completion.id)
    )
    assert certificate.record["task"]["verified_by"] == HEAD_POSITION
    statement = f"Tugas penerapan diverifikasi oleh {HEAD_POSITION} pada"
    assert statement in squeezed(learner.get(f"/verify/{certificate.code}"))
    assert statement in squeezed(learner.get("/my/certificates"))
    pdf = PdfReader(io.BytesIO(learner.get(f"/my/certificates/{certificate.id}.pdf").data))
    assert statement in " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    # Both versions are kept, with their decisions.
    history = squeezed(learner.get("/courses/kursus-kuis/task"))
    assert "Versi 1" in history and "Versi 2" in history
    assert "Tugas Anda diterima." in history


def test_a_refused_file_keeps_the_text_and_says_why_in_indonesian(world):
    learner = world["clients"]["learner"]
    complete_course(learner)
    typed = "Teks panjang yang sudah saya ketik dengan susah payah."
    response = send_task(learner, typed, files=(("laporan.pdf", b"<html>bukan pdf</html>"),))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "tidak sesuai dengan jenisnya" in page
    assert typed in page
    response = send_task(learner, typed, files=(("skrip.html", b"<script>"),))
    assert "Jenis berkas “skrip.html” tidak diterima" in response.get_data(as_text=True)
    assert db.session.scalar(select(TaskSubmission.id)) is None


def test_outsiders_get_404_and_the_learner_cannot_review_their_own_work(world):
    complete_course(world["clients"]["learner"])
    send_task(world["clients"]["learner"])
    submission = latest_submission(world["ids"]["learner"])
    file_id = submission.files[0].id
    for role in ("outsider", "learner"):
        client = world["clients"][role]
        assert client.get(f"/tugas/{submission.id}").status_code == 404, role
        assert decide(client, submission.id).status_code in (404, 400), role
    assert world["clients"]["outsider"].get(f"/tugas/berkas/{file_id}").status_code == 404
    assert world["clients"]["learner"].get(f"/tugas/berkas/{file_id}").status_code == 200
    assert "Siti" not in world["clients"]["outsider"].get("/tugas").get_data(as_text=True)
    assert world["clients"]["learner"].get("/tugas").status_code == 403
    assert completion_of(world["ids"]["learner"]) is None


def test_hr_of_the_scope_sees_overdue_reviews_and_may_decide(world):
    complete_course(world["clients"]["learner"])
    send_task(world["clients"]["learner"])
    hr = world["clients"]["hr"]
    assert "Siti Rahmawati" not in hr.get("/tugas?state=overdue").get_data(as_text=True)
    db.session.execute(update(TaskSubmission).values(submitted_at=utcnow() - timedelta(days=8)))
    db.session.commit()
    overdue = squeezed(hr.get("/tugas?state=overdue"))
    assert "Siti Rahmawati" in overdue and "terlambat" in overdue
    submission = latest_submission(world["ids"]["learner"])
    assert decide(hr, submission.id, (4, 4), "accepted").status_code == 302
    assert completion_of(world["ids"]["learner"]) is not None


def test_notices_name_the_course_and_link_both_sides(world):
    learner, head = world["clients"]["learner"], world["clients"]["head"]
    complete_course(learner)
    send_task(learner)
    submission = latest_submission(world["ids"]["learner"])
    page = squeezed(head.get("/notices"))
    assert "Tugas penerapan kursus “Kursus Kuis” dikirim" in page
    assert f"/tugas/{submission.id}" in page
    decide(head, submission.id, (1, 1), "returned", "Perbaiki.")
    page = squeezed(learner.get("/notices"))
    assert "dikembalikan untuk diperbaiki" in page
    assert "/courses/kursus-kuis/task" in page


def test_publishing_keeps_the_task_of_course_md_per_version(world):
    from elearn.models import Course, CourseTask

    version_id = db.session.get(Course, world["course_id"]).live_version_id
    task = db.session.get(CourseTask, version_id)
    assert task.rubric[0]["levels"][1] == "Sedikit salah"
    assert "<strong>daftar layanan</strong>" in task.instructions_html
    assert (task.due_days, task.pass_level) == (30, 3)
    page = world["clients"]["learner"].get("/courses/kursus-kuis")
    assert "### Rubrik" not in page.get_data(as_text=True)
    assert "Sedikit salah" not in page.get_data(as_text=True)


def test_lanjutkan_leads_to_the_task_while_it_waits_on_the_learner(world):
    learner, head = world["clients"]["learner"], world["clients"]["head"]
    task_link = 'href="/courses/kursus-kuis/task"'

    def continues_to_task() -> tuple[bool, bool]:
        course_page = learner.get("/courses/kursus-kuis").get_data(as_text=True)
        my_page = learner.get("/my").get_data(as_text=True)
        return ("Kirim tugas penerapan" in course_page, task_link in my_page)

    complete_course(learner)
    assert continues_to_task() == (True, True)
    send_task(learner)
    assert continues_to_task() == (False, False)  # waiting for the reviewer
    decide(head, latest_submission(world["ids"]["learner"]).id, (2, 3), "returned", "Lengkapi.")
    assert continues_to_task() == (True, True)


def test_the_exam_result_leads_to_the_task(world):
    learner = world["clients"]["learner"]
    exam = complete_course(learner)
    result = learner.get(f"/attempts/{exam.id}")
    assert "Langkah berikutnya: terapkan materi di tempat kerja" in squeezed(result)
    assert 'href="/courses/kursus-kuis/task"' in result.get_data(as_text=True)
