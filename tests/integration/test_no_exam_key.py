"""No page, JSON, PDF or export a learner can reach ever shows a final exam's key (issue 13).

The exam's correct choices, accepted short answers and explanations carry unique markers;
after a pre-test drawn from the exam pool and failed exam attempts, every GET route of the
URL map (tests.helpers.routes: a route added tomorrow is walked the day it exists) is
requested as the learner with real values, and no marker may appear in any body, read as
text, as the text of a PDF or as the XML inside an XLSX.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import Certificate, Course, Module, QuizAttempt
from tests.helpers import import_folder, login, mark_read
from tests.helpers.quiz import SLUG, answers, attempt_row, course_files, send, start_id, take
from tests.helpers.routes import PLACEHOLDER, routes

# The key of every exam question, each a marker that must never reach the learner.
CHOICE_MARKERS = ("Kuncipilihan-satu", "Kuncipilihan-dua", "Kuncipilihan-tiga")
ANSWER_MARKERS = ("Kuncijawaban-empat", "Kuncijawaban-lima")
EXPLANATION_MARKERS = tuple(f"Kuncipenjelasan-{n}" for n in ("satu", "dua", "tiga", "empat"))
MARKERS = (*CHOICE_MARKERS, *ANSWER_MARKERS, *EXPLANATION_MARKERS)

EXAM = """
## Ujian Akhir

### Pilihan pertama? {#u-satu}
- [x] Kuncipilihan-satu
- [ ] Pengecoh satu

> Kuncipenjelasan-satu.

### Pilihan ganda? {#u-dua}
- [x] Kuncipilihan-dua
- [x] Kuncipilihan-tiga
- [ ] Pengecoh dua
- [ ] Pengecoh tiga

> Kuncipenjelasan-dua.

### Isian? {#u-isian}
= Kuncijawaban-empat
= Kuncijawaban-lima

> Kuncipenjelasan-tiga.

### Pilihan terakhir? {#u-akhir}
- [x] Benar sekali
- [ ] Pengecoh akhir

> Kuncipenjelasan-empat.
"""


def exam_course(attempts: int) -> dict[str, str]:
    files = course_files(pretest=True, exam=False, exam_settings=f"  attempts: {attempts}\n")
    files["course.md"] += EXAM
    return files


class Values(dict):
    """Path values by argument name; an argument no table names gets "1"."""

    def __missing__(self, name):
        return "1"


def learner_paths(app, values: dict[str, list[str]]) -> list[str]:
    """Every GET route filled with each combination of the learner's real values."""
    found = []
    for route in routes(app):
        if "GET" not in route.methods or route.rule == "/logout":
            continue
        filled = [route.rule]
        for match in PLACEHOLDER.finditer(route.rule):
            options = values.get(match["name"], ["1"])
            filled = [p.replace(match[0], str(v), 1) for p in filled for v in options]
        found += filled
    return found


def body_text(response) -> str:
    """A response as text: PDFs by their text, XLSX/DOCX by the XML they zip."""
    data = response.get_data()
    if response.mimetype == "application/pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return data.decode("utf-8", "replace")


def leaks(client, paths: list[str], allowed=()) -> list[str]:
    """The markers found on the pages; every attempt's result page must have been read."""
    found, read = [], set()
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code == 200:
            read.add(path)
        text = body_text(response)
        found += [f"{m} on {path}" for m in MARKERS if m in text and m not in allowed]
    attempts = {f"/attempts/{a}" for a in db.session.scalars(select(QuizAttempt.id))}
    assert attempts <= read and f"/courses/{SLUG}/exam" in read and "/my" in read
    return found


def walk_values(org) -> dict[str, list[str]]:
    course = db.session.scalar(select(Course))
    modules = db.session.scalars(select(Module).where(Module.version_id == course.live_version_id))
    certificates = db.session.scalars(select(Certificate)).all()
    return Values(
        slug=[course.slug],
        module=[m.slug for m in modules],
        course_id=[course.id],
        unit_id=[org["PKM-A1"]],
        attempt_id=[a for a in db.session.scalars(select(QuizAttempt.id))],
        certificate_id=[c.id for c in certificates] or ["1"],
        code=[c.code for c in certificates] or ["TIDAKADA"],
        qid=["u-satu", "u-isian"],
        fmt=["csv", "xlsx"],
    )


def fail_exam(client) -> QuizAttempt:
    """Answer every exam question wrong."""
    attempt = take(client, False, module=None)
    assert attempt.passed is False
    return attempt


@pytest.mark.parametrize("attempts", [3, 2], ids=["attempts left", "attempts spent"])
def test_no_learner_page_export_or_pdf_shows_the_exam_key(
    app, client, org, make_user, make_course, attempts
):
    make_user("peserta", unit_id=org["PKM-A1"])
    assert login(client).status_code == 302
    import_folder(make_course(SLUG, exam_course(attempts)))
    pretest = take(client, False, path=f"/courses/{SLUG}/pretest")
    assert pretest.kind == "pretest"
    mark_read(client, SLUG, "pengantar")
    assert take(client, True).passed  # the module quiz: practice, its key is shown
    fail_exam(client)
    fail_exam(client)
    assert leaks(client, learner_paths(app, walk_values(org))) == []


def test_a_passed_exam_and_its_certificate_show_only_what_the_learner_chose(
    app, client, org, make_user, make_course
):
    make_user("peserta", unit_id=org["PKM-A1"])
    assert login(client).status_code == 302
    files = exam_course(2)
    files["course.md"] = files["course.md"].replace(
        "  attempts: 2\n", "  attempts: 2\n  pass_percent: 25\n"
    )
    import_folder(make_course(SLUG, files))
    take(client, False, path=f"/courses/{SLUG}/pretest")
    mark_read(client, SLUG, "pengantar")
    assert take(client, True).passed
    fail_exam(client)
    # the last attempt passes with the first question right only
    attempt_id = start_id(client, module=None)
    attempt = attempt_row(attempt_id)
    data = {**answers(attempt, False), **answers(attempt, True, only={"u-satu"})}
    send(client, attempt_id, data)
    assert attempt_row(attempt_id).passed
    assert db.session.scalar(select(Certificate.id)) is not None
    paths = learner_paths(app, walk_values(org))
    assert any(p.endswith(".pdf") for p in paths)
    assert leaks(client, paths, allowed=("Kuncipilihan-satu",)) == []
