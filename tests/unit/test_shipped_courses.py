"""The courses shipped in courses/ keep their substance: later edits cannot quietly thin them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from elearn.content.render import plain_text
from elearn.content.source import find_course_dirs
from tests.helpers.shipped import parse_shipped

COURSES = Path(__file__).resolve().parents[2] / "courses"
REQUIRED = {"literasi-digital", "manajemen-waktu", "pelayanan-prima", "pengelolaan-kinerja"}
JP_MINUTES = 45
QUIZ_HEADING = re.compile(r"^## +(Kuis|Quiz|Ujian Akhir|Final Exam)\s*$", re.MULTILINE)
IMAGE = re.compile(r"!\[([^\]]*)\]\((?:\./)?media/([^)\s]+)\)")


def course_dirs() -> list[Path]:
    return find_course_dirs(COURSES)


def learning_words(markdown: str) -> int:
    """Count the words a learner reads in a module: body before the quiz, no front matter."""
    body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
    match = QUIZ_HEADING.search(body)
    body = body[: match.start()] if match else body
    return len(re.findall(r"\w+", plain_text(body)))


def test_the_brief_courses_are_shipped():
    assert {d.name for d in course_dirs()} >= REQUIRED


@pytest.fixture(scope="module", params=[d.name for d in find_course_dirs(COURSES)])
def shipped(request):
    return parse_shipped(request.param)


def test_module_count(shipped):
    _, spec = shipped
    assert 4 <= len(spec.modules) <= 6


def test_words_per_module(shipped):
    folder, spec = shipped
    for module in spec.modules:
        words = learning_words((folder / module.filename).read_text(encoding="utf-8"))
        assert 600 <= words <= 1200, f"{module.filename}: {words} words"


def test_every_module_has_a_quiz_of_at_least_five_with_explanations(shipped):
    _, spec = shipped
    for module in spec.modules:
        assert module.quiz is not None, module.filename
        assert len(module.quiz.questions) >= 5, module.filename
        draw = module.quiz.settings.draw
        assert draw is None or draw >= 5, module.filename
        for question in module.quiz.questions:
            assert len(plain_text(question.explanation_html).split()) >= 8, question.qid


def test_every_question_kind_and_a_pool(shipped):
    _, spec = shipped
    questions = [q for m in spec.modules for q in m.quiz.questions]
    assert {q.kind for q in questions} == {"single", "multiple", "short"}
    assert any(m.quiz.settings.draw for m in spec.modules)


def test_final_exam_pretest_and_jp(shipped):
    _, spec = shipped
    assert spec.exam is not None and len(spec.exam.questions) >= 10
    assert all(q.explanation_html for q in spec.exam.questions)
    assert spec.pretest is True
    assert abs(spec.total_minutes - spec.jp * JP_MINUTES) <= JP_MINUTES // 2


def test_competencies_are_attested_at_real_levels(shipped):
    _, spec = shipped
    assert spec.competencies
    assert all(1 <= level <= 3 for _, level in spec.competencies)


def test_media_exist_are_referenced_and_have_alt_text(shipped):
    folder, spec = shipped
    sources = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md")))
    images = IMAGE.findall(sources)
    assert images, "at least one image per course"
    assert all(alt.strip() for alt, _ in images)
    referenced = {name for _, name in images} | set(re.findall(r"\(media/([^)\s]+)\)", sources))
    on_disk = {p.relative_to(folder / "media").as_posix() for p in (folder / "media").rglob("*.*")}
    assert on_disk == referenced
    assert {m.name for m in spec.media} == on_disk
