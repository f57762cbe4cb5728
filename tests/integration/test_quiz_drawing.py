"""Drawing the pre-test and the final exam: the pre-test's own questions or the exam pool,
the exam preferring questions the pre-test did not show, and the blueprint per module."""

from __future__ import annotations

from collections import Counter

from elearn.models.catalog import PRETEST_SECTION
from tests.helpers import mark_read, publish
from tests.helpers.quiz import QUIZ_MODULE, quiz_path, take

SLUG = "kursus-undian"
PRETEST = f"/courses/{SLUG}/pretest"
EXAM = quiz_path(SLUG, None)
POOL = {f"{module}-{n}" for module in ("pengantar", "kuis") for n in (1, 2, 3)}


def exam_question(qid: str, module: str) -> str:
    return f"### Soal {qid}? {{#{qid} .{module}}}\n- [x] Benar {qid}\n- [ ] Salah {qid}\n\n"


def files(front: str = "", exam: str = "", pretest_section: str = "") -> dict[str, str]:
    """Modules `pengantar` (read only) and `kuis` (with a quiz); an exam of three questions
    per module, each tagged with its module (unless `exam` is given)."""
    exam = exam or "".join(
        exam_question(f"{module}-{n}", module)
        for module in ("pengantar", "kuis")
        for n in (1, 2, 3)
    )
    course = (
        f"---\ntitle: Kursus Undian\nsummary: Undian soal.\njp: 2\ncategory: uji-coba\n"
        f"competencies:\n  integritas: 1\n{front}---\n\n# Tentang\n\nIkhtisar.\n\n"
        f"{pretest_section}## Ujian Akhir\n\n{exam}"
    )
    return {
        "course.md": course,
        "01-pengantar.md": "---\ntitle: Pengantar\nminutes: 5\n---\n\n# Pengantar\n\nBacaan.\n",
        "02-kuis.md": QUIZ_MODULE,
    }


def qids(attempt) -> set[str]:
    return {q["qid"] for q in attempt.questions}


def finish_modules(client) -> None:
    """Read the first module and pass the quiz: the final exam opens."""
    mark_read(client, SLUG, "pengantar")
    assert take(client, True, SLUG, "kuis").passed


def test_pretest_asks_its_own_section(client, learner, make_course):
    own = "## Pre-test\n\n" + exam_question("awal-1", "pengantar") + exam_question("awal-2", "kuis")
    publish(make_course, SLUG, files("pretest: true\n", pretest_section=own))
    pretest = take(client, False, SLUG, None, path=PRETEST)
    assert pretest.kind == "pretest" and pretest.section == ""
    assert qids(pretest) == {"awal-1", "awal-2"}
    assert {q["section"] for q in pretest.questions} == {PRETEST_SECTION}
    assert {q["qid"]: q["module"] for q in pretest.questions} == {
        "awal-1": "pengantar",
        "awal-2": "kuis",
    }
    assert all("pengantar" in q["tags"] or "kuis" in q["tags"] for q in pretest.questions)
    page = client.get(PRETEST).get_data(as_text=True)
    assert "Benar awal-1" not in page  # nothing of the key on the offer page

    finish_modules(client)
    exam = take(client, False, SLUG, None)
    assert len(qids(exam)) == 6 and not qids(exam) & {"awal-1", "awal-2"}


def test_pretest_from_the_exam_pool_then_the_exam_prefers_unseen(client, learner, make_course):
    """Six exam questions; the pre-test draws two with its own `draw`; every exam attempt
    of four asks the four others, and one of five only one seen question."""
    front = "pretest:\n  draw: 2\nexam:\n  draw: 4\n"
    publish(make_course, SLUG, files(front))
    pretest = take(client, False, SLUG, None, path=PRETEST)
    seen = qids(pretest)
    assert len(seen) == 2 and {q["section"] for q in pretest.questions} == {""}
    finish_modules(client)
    for _ in range(5):
        assert qids(take(client, False, SLUG, None)) == POOL - seen

    publish(make_course, SLUG, files(front.replace("draw: 4", "draw: 5")))
    exam = take(client, False, SLUG, None)
    assert len(qids(exam)) == 5 and POOL - seen < qids(exam)


def test_blueprint_covers_every_module_in_every_attempt(client, learner, make_course):
    publish(make_course, SLUG, files("exam:\n  draw_per_module: 2\n"))
    finish_modules(client)
    landing = client.get(EXAM).get_data(as_text=True)
    assert "4 dari 6 soal" in landing  # two of each module, though `draw` is unset
    for _ in range(12):
        exam = take(client, False, SLUG, None)
        modules = Counter(q["module"] for q in exam.questions)
        assert exam.total == 4 and modules == {"pengantar": 2, "kuis": 2}
        assert all(q["tags"] == [q["module"]] for q in exam.questions)
