"""parse_file: one file of a course folder read on its own, while other files have problems."""

from __future__ import annotations

from elearn.content.parse import parse_course, parse_file
from elearn.content.source import CourseSource

COURSE_MD = "---\ntitle: Kursus Uji\njp: 2\n---\n\n# Tentang\n\nLihat [modul](01-satu.md).\n"
MODULE_MD = (
    "---\ntitle: Modul Satu\n---\n\nIsi modul satu.\n\n## Kuis\n\n### Dua tambah dua?\n= 4\n"
)
BROKEN_MD = "---\ntitle: Modul Dua\n---\n\n## Kuis\n\n### Tanpa jawaban\n"


def source(**files: str) -> CourseSource:
    merged = {"course.md": COURSE_MD, "01-satu.md": MODULE_MD, "02-dua.md": BROKEN_MD}
    merged.update(files)
    return CourseSource("kursus-uji", {k: v.encode() for k, v in merged.items()}, "")


def test_a_module_is_read_while_another_module_has_a_problem():
    spec, problems = parse_course(source())
    assert spec is None and [p.path for p in problems] == ["02-dua.md"]
    found = parse_file(source(), "01-satu.md")
    assert found.problems == ()
    assert found.course is None
    assert found.module is not None
    assert (found.module.title, found.module.position) == ("Modul Satu", 1)
    assert [q.answers for q in found.module.quiz.questions] == [("4",)]


def test_the_problems_are_those_of_the_file_asked_for_with_their_lines():
    found = parse_file(source(), "02-dua.md")
    assert [(p.line, p.message) for p in found.problems] == [
        (
            7,
            "pertanyaan tidak punya pilihan (`- [ ]` / `- [x]`) maupun jawaban singkat (`= ...`)",
        )
    ]
    assert found.module is not None and found.module.quiz is None


def test_course_md_is_read_without_its_modules():
    found = parse_file(source(), "course.md")
    assert found.problems == ()
    assert found.course is not None
    assert (found.course.title, found.course.jp, found.course.modules) == ("Kursus Uji", 2, ())
    assert 'href="satu"' in found.course.overview_html  # the module's own address


def test_course_md_without_jp_gives_no_course_but_its_problem():
    found = parse_file(source(**{"course.md": "---\ntitle: Kursus\n---\n"}), "course.md")
    assert found.course is None
    assert [p.message.split(":")[0] for p in found.problems] == ["`jp` wajib diisi"]


def test_a_file_that_is_not_a_module_gives_nothing():
    found = parse_file(source(**{"catatan.md": "halo"}), "catatan.md")
    assert (found.module, found.course) == (None, None)
    assert [p.message for p in found.problems] == [
        "nama berkas modul harus nomor urut lalu slug huruf kecil, mis. `01-pengantar.md`"
    ]
