"""Quiz tests' course (a module quiz with every kind of question, an optional final exam
and pre-test) and the steps of taking it through the Flask client."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from elearn.auth.services import create_user
from elearn.extensions import db
from elearn.models import QuizAttempt
from elearn.models.base import utcnow
from tests.helpers import TEST_PASSWORD, csrf_token, logged_in_client, mark_read, publish

SLUG = "kursus-kuis"

# A module quiz with every kind of question; the explanations and the accepted short
# answers carry markers that must never reach the browser before submission.
QUIZ_MODULE = """---
title: Kuis Lengkap
minutes: 10
quiz:
  attempts: 3
  pass_percent: 100
---

# Kuis Lengkap

Materi tentang berhitung dan geografi.

## Kuis

### Dua tambah dua? {#dua}
- [x] Empat
- [ ] Lima
- [ ] Enam

> Penjelasan-dua: dua ditambah dua sama dengan empat.

### Pilih bilangan genap. {#genap}
- [x] Dua
- [x] Delapan
- [ ] Tiga

> Penjelasan-genap: bilangan genap habis dibagi dua.

### Ibu kota Provinsi Kalimantan Barat? {#ibukota}
= Pontianak
= Kota Khatulistiwa

> Penjelasan-ibukota: kota di garis khatulistiwa.
"""

EXAM = """
## Ujian Akhir

### Satu tambah satu? {#ujian-satu}
- [x] Dua
- [ ] Tiga

> Penjelasan-ujian-satu.

### Warna langit yang cerah? {#ujian-langit}
- [x] Biru
- [ ] Hijau

> Penjelasan-ujian-langit.
"""


def course_files(
    *, pretest=False, exam=True, exam_settings="", jp=3, quiz=QUIZ_MODULE, title="Kursus Kuis"
) -> dict[str, str]:
    """A course with a read-only module, a module with a quiz and (optionally) a final exam."""
    front = (
        f"---\ntitle: {title}\nsummary: Kursus untuk menguji kuis.\njp: {jp}\n"
        "category: uji-coba\ncompetencies:\n  integritas: 1\n"
    )
    if pretest:
        front += "pretest: true\n"
    if exam_settings:
        front += f"exam:\n{exam_settings}"
    return {
        "course.md": front + "---\n\n# Tentang\n\nIsi ikhtisar.\n" + (EXAM if exam else ""),
        "01-pengantar.md": "---\ntitle: Pengantar\nminutes: 5\n---\n\n# Pengantar\n\nBacaan.\n",
        "02-kuis.md": quiz,
    }


def timed_quiz(minutes=5) -> str:
    """The quiz module with a time limit of `minutes`."""
    return QUIZ_MODULE.replace("  attempts: 3\n", f"  attempts: 3\n  time_limit: {minutes}\n")


def publish_course(make_course, slug=SLUG, **kw):
    return publish(make_course, slug, course_files(**kw))


def quiz_path(slug=SLUG, module="kuis") -> str:
    return f"/courses/{slug}/quiz/{module}" if module else f"/courses/{slug}/exam"


def start(client, slug=SLUG, module="kuis", path=None):
    """Press the start button of a quiz (module=None: the final exam)."""
    path = path or quiz_path(slug, module)
    token = csrf_token(client, "/my")
    return client.post(f"{path}/start", data={"csrf_token": token})


def start_id(client, slug=SLUG, module="kuis", path=None) -> int:
    response = start(client, slug, module, path)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/attempts/(\d+)$", response.headers["Location"]).group(1))


def attempt_row(attempt_id: int) -> QuizAttempt:
    """The attempt as stored now (not as the test's session last saw it)."""
    db.session.expire_all()
    return db.session.get(QuizAttempt, attempt_id)


def answers(attempt: QuizAttempt, right=True, only=None) -> dict:
    """Form fields answering every question of the attempt right or wrong, from its snapshot."""
    data: dict = {}
    for q in attempt.questions:
        if only is not None and q["qid"] not in only:
            continue
        field = f"q-{q['qid']}"
        if q["kind"] == "short":
            data[field] = q["answers"][0] if right else "tidak tahu"
        elif q["kind"] == "single":
            wrong = [c["key"] for c in q["choices"] if c["key"] not in q["correct"]]
            data[field] = q["correct"][0] if right else wrong[0]
        else:
            wrong = [c["key"] for c in q["choices"] if c["key"] not in q["correct"]]
            data[field] = list(q["correct"]) if right else wrong[:1]
    return data


def send(client, attempt_id: int, data: dict, action="submit", token=None):
    token = token or csrf_token(client, "/my")
    return client.post(
        f"/attempts/{attempt_id}", data={**data, "action": action, "csrf_token": token}
    )


def take(client, right=True, slug=SLUG, module="kuis", path=None) -> QuizAttempt:
    """Start a quiz, answer it right or wrong, submit; return the stored attempt."""
    attempt_id = start_id(client, slug, module, path)
    response = send(client, attempt_id, answers(attempt_row(attempt_id), right))
    assert response.status_code == 302, response.get_data(as_text=True)
    return attempt_row(attempt_id)


def complete_course(client, slug=SLUG, module="kuis"):
    """Read the first module, pass the module quiz and the final exam."""
    mark_read(client, slug, "pengantar")
    assert take(client, True, slug, module).passed
    return take(client, True, slug, None)


def second_learner(app, username="peserta2"):
    """Another learner (Budi Santoso) and a client logged in as them."""
    create_user(username, "Budi Santoso", ("learner",), TEST_PASSWORD)
    return logged_in_client(app, username)


def set_deadline(attempt_id: int, delta: timedelta) -> None:
    db.session.execute(
        update(QuizAttempt).where(QuizAttempt.id == attempt_id).values(deadline_at=utcnow() + delta)
    )
    db.session.commit()
