"""The assessment grammar: question tags and modules, the pre-test's own section or settings,
drawing by module, review levels and the follow-up setting."""

from __future__ import annotations

import pytest

from elearn.content.parse import parse_course
from elearn.content.source import CourseSource

MODULES = {
    "01-berkas.md": "---\ntitle: Berkas\n---\n\nIsi.\n",
    "02-surel.md": "---\ntitle: Surel\n---\n\nIsi.\n\n## Kuis\n\n### Aman? {#aman .dasar}\n"
    "- [x] Ya\n- [ ] Tidak\n",
}


def question(qid: str, tags: str = "") -> str:
    return f"### Soal {qid} {{#{qid}{tags}}}\n- [x] Benar {qid}\n- [ ] Salah {qid}\n\n"


def course(front: str = "", exam: str = "", pretest: str | None = None) -> str:
    text = f"---\ntitle: Kursus\njp: 2\n{front}---\n\nRingkasan.\n\n## Ujian Akhir\n\n{exam}"
    if pretest is not None:
        text += f"## Pre-test\n\n{pretest}"
    return text


def parse(course_md: str):
    files = {"course.md": course_md, **MODULES}
    source = CourseSource("kursus", {k: v.encode() for k, v in files.items()}, "kursus")
    spec, problems = parse_course(source)
    return spec, [f"{p.line}: {p.message}" for p in problems]


def test_tags_in_braces_and_a_tags_line_name_the_module_tested():
    exam = (
        question("a", " .berkas .dasar")
        + "### Soal b\ntags: surel, etika\n\n- [x] Ya\n- [ ] No\n\n"
    )
    spec, problems = parse(course(exam=exam))
    assert problems == []
    a, b = spec.exam.questions
    assert (a.qid, a.tags, a.module) == ("a", ("berkas", "dasar"), "berkas")
    assert (b.qid, b.tags, b.module) == ("soal-b", ("surel", "etika"), "surel")
    assert "tags:" not in b.body_html
    quiz_question = spec.modules[1].quiz.questions[0]
    assert (quiz_question.module, quiz_question.tags) == ("surel", ("dasar",))


@pytest.mark.parametrize(
    ("heading", "problem"),
    [
        ("### Soal {#a .Besar}", "tanda `Besar` tidak valid"),
        ("### Soal {#a #b}", "judul pertanyaan hanya boleh punya satu `#id`"),
        ("### Soal {#a .dasar x}", "`x` di akhir judul pertanyaan tidak dikenal"),
        ("### Soal {#a .berkas .surel}", "pertanyaan menandai dua modul (`berkas` dan `surel`)"),
        ("### Soal {#dua kata}", "id `dua kata` tidak valid"),
    ],
)
def test_bad_attributes_are_reported_at_the_heading(heading, problem):
    _, problems = parse(course(exam=f"{heading}\n- [x] Ya\n- [ ] Tidak\n"))
    assert any(p.startswith("10: ") and problem in p for p in problems), problems


def test_an_empty_tags_line_is_reported():
    _, problems = parse(course(exam="### Soal\ntags:\n\n- [x] Ya\n- [ ] Tidak\n"))
    assert any("baris `tags:` tanpa tanda" in p for p in problems), problems


def test_the_pretest_section_has_its_own_questions_and_settings():
    spec, problems = parse(
        course(
            "pretest:\n  draw: 1\n  review: marks\n",
            question("u1"),
            question("p1") + question("p2"),
        )
    )
    assert problems == []
    assert spec.pretest is True
    assert [q.qid for q in spec.pretest_quiz.questions] == ["p1", "p2"]
    assert spec.pretest_settings.draw == 1 and spec.pretest_settings.review == "marks"
    assert [q.qid for q in spec.exam.questions] == ["u1"]


def test_a_pretest_section_alone_switches_the_pretest_on():
    spec, problems = parse(course(exam=question("u1"), pretest=question("p1")))
    assert problems == [] and spec.pretest is True


def test_pretest_false_beside_a_pretest_section_is_an_error():
    _, problems = parse(course("pretest: false\n", question("u1"), question("p1")))
    assert "4: ada bagian `## Pre-test` tetapi `pretest: false`; hapus salah satunya" in problems


def test_pretest_settings_over_the_exam_pool_are_checked_against_it():
    spec, problems = parse(course("pretest:\n  draw: 1\n", question("u1") + question("u2")))
    assert problems == []
    assert spec.pretest_quiz is None and spec.pretest_settings.draw == 1
    _, problems = parse(course("pretest:\n  draw: 3\n", question("u1") + question("u2")))
    assert "5: `draw` (3) lebih besar dari jumlah pertanyaan (2)" in problems


def test_draw_per_module_needs_questions_of_every_module():
    exam = question("a", " .berkas") + question("b", " .berkas") + question("c", " .surel")
    spec, problems = parse(course("exam:\n  draw_per_module: 1\n", exam))
    assert problems == [] and spec.exam.settings.draw_per_module == 1
    _, problems = parse(course("exam:\n  draw_per_module: 2\n  draw: 3\n", exam))
    assert problems == [
        "5: `exam.draw_per_module` (2) butuh sekurangnya 2 pertanyaan bertanda modul `surel`; "
        "baru ada 1",
        "6: `exam.draw` (3) lebih kecil dari `draw_per_module` x jumlah modul (4)",
    ]


def test_draw_per_module_is_refused_in_a_module_quiz():
    files = dict(MODULES)
    files["01-berkas.md"] = (
        "---\ntitle: Berkas\nquiz:\n  draw_per_module: 1\n---\n\n## Kuis\n\n" + (question("x"))
    )
    source = CourseSource(
        "kursus", {k: v.encode() for k, v in {"course.md": course(), **files}.items()}, "kursus"
    )
    _, problems = parse_course(source)
    assert any("`draw_per_module` hanya untuk `exam` dan `pretest`" in p.message for p in problems)


def test_review_levels_are_read_and_unknown_ones_reported():
    spec, problems = parse(course("exam:\n  review: score\n", question("u1")))
    assert problems == [] and spec.exam.settings.review == "score"
    _, problems = parse(course("exam:\n  review: semua\n", question("u1")))
    assert problems == [
        "5: `exam.review` harus salah satu dari score, modules, marks, full; tertulis `semua`"
    ]


@pytest.mark.parametrize(("value", "days"), [(None, 60), (0, 0), (90, 90)])
def test_follow_up_days(value, days):
    front = "" if value is None else f"follow_up_days: {value}\n"
    spec, problems = parse(course(front, question("u1")))
    assert problems == [] and spec.follow_up_days == days


def test_a_bad_follow_up_days_is_reported():
    _, problems = parse(course("follow_up_days: 400\n", question("u1")))
    assert problems == [
        "4: `follow_up_days` harus bilangan bulat 0 sampai 365 (0: tanpa evaluasi lanjutan)"
    ]


def test_pretest_and_task_sections_are_refused_in_a_module():
    files = dict(MODULES)
    files["01-berkas.md"] = "---\ntitle: Berkas\n---\n\nIsi.\n\n## Tugas Penerapan\n\nTulis.\n"
    source = CourseSource(
        "kursus", {k: v.encode() for k, v in {"course.md": course(), **files}.items()}, "kursus"
    )
    _, problems = parse_course(source)
    assert any(
        "`## Tugas Penerapan` hanya untuk course.md, bukan untuk modul" in p.message
        for p in problems
    )


def test_the_task_section_is_cut_out_of_the_overview():
    rubric = "### Rubrik\n\n#### Mutu\n- 1: a\n- 2: b\n- 3: c\n"  # a task needs one
    spec, _ = parse(
        course(exam=question("u1")) + f"## Tugas Penerapan\n\nRahasia tugas.\n\n{rubric}"
    )
    assert "Rahasia tugas" not in spec.overview_html
