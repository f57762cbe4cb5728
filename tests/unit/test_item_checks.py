"""Item-writing warnings: each check on a question that should warn and on one that should not,
and every threshold at its edge."""

from __future__ import annotations

from pathlib import Path

import pytest

from elearn.content import item_checks as ic
from elearn.content.parse import parse_course
from elearn.content.source import CourseSource, load_course_dir

COURSES = Path(__file__).resolve().parents[2] / "courses"
# Line 1 `---`, 2 title, 3 `---`, 4 blank, 5 `## Kuis`, 6 blank: questions start on line 7.
MODULE_HEAD = "---\ntitle: Modul\n---\n\n## Kuis\n\n"
QUIZ_LINE = 5
EXPLAINED = "\n> Penjelasan.\n\n"


def course_of(module: str, course_md: str = "---\ntitle: Uji\njp: 2\n---\n\nIkhtisar.\n"):
    files = {"course.md": course_md.encode(), "01-modul.md": (MODULE_HEAD + module).encode()}
    spec, problems = parse_course(CourseSource("uji", files, "uji"))
    assert [str(p) for p in problems] == []
    return spec


def warnings_of(module: str) -> list[tuple[int, str]]:
    return ic.quiz_warnings(course_of(module).modules[0].quiz)


def messages(module: str) -> list[str]:
    return [message for _, message in warnings_of(module)]


def single(prompt: str, right: str, wrong: list[str], qid: str) -> str:
    choices = "".join(f"- [ ] {w}\n" for w in wrong)
    return f"### {prompt} {{#{qid}}}\n- [x] {right}\n{choices}{EXPLAINED}"


# The right choice is the longest ----------------------------------------------------------


def longest_quiz(longest: int, total: int) -> str:
    """TOTAL single-choice questions; in LONGEST of them the right choice is the longest."""
    parts = []
    for n in range(total):
        right = "jawaban yang paling panjang" if n < longest else "pendek"
        parts.append(single(f"Soal {n}?", right, ["salah satu", "salah dua"], f"q{n}"))
    return "".join(parts)


def test_the_right_choice_longest_in_most_questions_warns_at_the_quiz_heading():
    text = ic.LONGEST_IS_CORRECT.format(count=3, total=4)
    assert (QUIZ_LINE, text) in warnings_of(longest_quiz(3, 4))


@pytest.mark.parametrize(
    ("longest", "total"),
    [(2, 4), (3, ic.LONGEST_MIN_QUESTIONS - 1)],  # exactly half; too few questions to judge
)
def test_the_longest_pattern_needs_more_than_half_of_enough_questions(longest, total):
    assert not any("terpanjang" in m for m in messages(longest_quiz(longest, total)))


def test_a_tie_for_the_longest_or_two_choices_are_not_counted():
    tie = single("Seri?", "sama panjang", ["beda panjang", "pendek"], "tie")
    two = single("Dua pilihan?", "jawaban yang panjang", ["pendek"], "two")
    assert not ic.correct_is_longest(course_of(tie).modules[0].quiz.questions[0].choices)
    assert not any("terpanjang" in m for m in messages(two + longest_quiz(2, 3)))


def test_length_is_the_visible_text_not_the_markdown():
    # `**a**` shows as "a": five characters of Markdown, one of text.
    quiz = course_of(single("Tebal?", "**a**", ["bb", "cc"], "q")).modules[0].quiz
    assert not ic.correct_is_longest(quiz.questions[0].choices)


# "Semua benar" and friends ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Semua benar", "semua jawaban benar", "Semua jawaban di atas benar.", "Semua salah",
     "Tidak ada yang benar", "All of the above"],
)  # fmt: skip
def test_catch_all_choices_warn_at_their_own_line(text):
    module = single("Mana yang tepat?", "Membaca ulang", ["Menebak", text], "q")
    assert (10, ic.CATCH_ALL_CHOICE.format(text=text)) in warnings_of(module)


@pytest.mark.parametrize("text", ["Semua berkas disimpan benar di folder", "Benar", "Salah"])
def test_choices_that_only_contain_those_words_do_not_warn(text):
    module = single("Mana yang tepat?", "Membaca ulang", ["Menebak", text], "q")
    assert not any("mudah ditebak" in m for m in messages(module))


# Multiple answers with one wrong option --------------------------------------------------


def test_a_multiple_answer_question_with_one_wrong_choice_warns():
    module = "### Pilih yang benar {#q}\n- [x] Satu\n- [x] Dua\n- [ ] Tiga\n" + EXPLAINED
    assert (7, ic.ONE_WRONG_CHOICE) in warnings_of(module)


def test_a_multiple_answer_question_with_two_wrong_choices_does_not():
    module = "### Pilih yang benar {#q}\n- [x] Satu\n- [x] Dua\n- [ ] Tiga\n- [ ] Empat\n"
    assert ic.ONE_WRONG_CHOICE not in messages(module + EXPLAINED)


def test_a_single_choice_question_with_one_wrong_choice_does_not():
    assert ic.ONE_WRONG_CHOICE not in messages(single("Benar?", "Ya", ["Tidak"], "q"))


# Explanations ----------------------------------------------------------------------------


def test_a_question_without_explanation_warns_at_its_line():
    module = "### Tanpa penjelasan {#a}\n- [x] Ya\n- [ ] Tidak\n\n" + single("B?", "Ya", ["X"], "b")
    found = warnings_of(module)
    assert (7, ic.NO_EXPLANATION) in found
    assert [line for line, m in found if m == ic.NO_EXPLANATION] == [7]


# The stem gives the answer away ----------------------------------------------------------


def test_an_acronym_answer_spelled_out_in_the_stem_warns():
    module = "### Singkatan dari Aparatur Sipil Negara adalah ... {#q}\n= ASN\n" + EXPLAINED
    assert (7, ic.STEM_SPELLS_ACRONYM.format(acronym="ASN")) in warnings_of(module)


def test_an_acronym_choice_spelled_out_with_a_joining_word_warns():
    stem = "Penyelenggara Sistem dan Transaksi Elektronik disingkat?"
    module = single(stem, "PSTE", ["BKN", "LAN"], "q")
    assert ic.STEM_SPELLS_ACRONYM.format(acronym="PSTE") in messages(module)


@pytest.mark.parametrize(
    "stem",
    [
        "Apa kepanjangan ASN?",  # asks for the expansion: the learner must know it
        "Singkatan dari aparatur sipil negara?",  # lower case: words, not a spelled-out name
        "Siapa Aparatur kantor Sipil Negara?",  # not consecutive
    ],
)
def test_an_acronym_not_spelled_out_does_not_warn(stem):
    module = f"### {stem} {{#q}}\n= ASN\n" + EXPLAINED
    assert not any("singkatan" in m for m in messages(module))


def test_an_acronym_inside_a_longer_answer_is_not_the_acronym_rule():
    stem = "Aparatur Sipil Negara melapor kepada siapa?"
    module = single(stem, "Atasan ASN", ["Warga", "Teman"], "q")
    assert not any("singkatan" in m for m in messages(module))


def test_words_only_the_right_choice_shares_with_the_stem_warn():
    stem = "Mengapa formulir di akun pribadi tidak dianjurkan?"
    right = "Data tersimpan di akun pribadi pegawai"
    module = single(stem, right, ["Biaya berbayar", "Ponsel lambat"], "q")
    assert ic.STEM_HAS_ANSWER.format(words="akun, pribadi") in messages(module)


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        ("Data tersimpan di akun lain", ["Biaya berbayar", "Ponsel lambat"]),  # one word
        ("Data di akun pribadi", ["Akun pribadi lambat", "Ponsel lambat"]),  # not distinctive
        ("Data di akun pribadi", ["Formulir berbayar", "Ponsel lambat"]),  # a distractor too
    ],
)
def test_shared_words_that_do_not_single_out_the_right_choice_do_not_warn(right, wrong):
    stem = "Mengapa formulir di akun pribadi tidak dianjurkan?"
    assert not any("memuat kata" in m for m in messages(single(stem, right, wrong, "q")))


def test_common_words_are_no_clue():
    stem = "Apakah yang harus dilakukan untuk tersebut?"
    module = single(stem, "Harus untuk tersebut", ["Menunggu", "Menebak"], "q")
    assert not any("memuat kata" in m for m in messages(module))


def test_a_short_answer_written_in_the_stem_warns_but_not_a_number_inside_another():
    leak = "### Kanal lapor.go.id disebut SP4N-... {#a}\n= LAPOR\n" + EXPLAINED
    number = "### 12 orang selama 2 jam: berapa jam kerja? {#b}\n= 24 jam\n" + EXPLAINED
    short = "### Berapa hari? Batasnya 30 hari. {#c}\n= 3\n" + EXPLAINED
    assert ic.STEM_HAS_ANSWER.format(words="LAPOR") in messages(leak)
    assert not any("memuat kata" in m for m in messages(number + short))


# The exam pool ---------------------------------------------------------------------------


def exam_course(count: int, settings: str) -> str:
    questions = "".join(single(f"Soal {n}?", "Ya", ["Tidak"], f"u{n}") for n in range(count))
    return f"---\ntitle: Uji\njp: 2\n{settings}---\n\n## Ujian Akhir\n\n{questions}"


@pytest.mark.parametrize(
    ("count", "settings", "draw"),
    [(6, "", 6), (5, "exam:\n  draw: 3\n", 3)],  # no draw: every attempt asks all of them
)
def test_an_exam_pool_under_twice_its_draw_warns_at_the_exam_heading(count, settings, draw):
    spec = course_of(single("M?", "Ya", ["Tidak"], "m"), exam_course(count, settings))
    found = ic.course_warnings(spec)
    text = ic.POOL_TOO_SMALL.format(count=count, factor=ic.POOL_FACTOR, draw=draw)
    assert [(p.path, p.line) for p in found if p.message == text] == [
        ("course.md", 6 + bool(settings) * 2)
    ]


def test_an_exam_pool_of_twice_its_draw_does_not_warn_nor_does_a_module_quiz():
    spec = course_of(longest_quiz(0, 4), exam_course(6, "exam:\n  draw: 3\n"))
    assert not any("bank soal" in p.message for p in ic.course_warnings(spec))


def test_course_warnings_name_each_file_by_its_display_path():
    spec = course_of(longest_quiz(4, 4))
    found = ic.course_warnings(spec, lambda path: f"kursus/{path}")
    assert {p.path for p in found} == {"kursus/01-modul.md"}
    assert str(found[0]).startswith("kursus/01-modul.md:5: ")


# The shipped courses: what the checks find there (the course issue rewrites them) -----------


def test_the_shipped_courses_have_no_item_writing_warning():
    """The second edition (issue 14) fixed the first edition's patterns (23 multiple-answer
    questions with one wrong option, 3 small exam pools, the SKP and SPBE acronyms)."""
    found = []
    for folder in sorted(p for p in COURSES.iterdir() if p.is_dir()):
        spec, problems = parse_course(load_course_dir(folder, folder.name))
        assert problems == []
        found += ic.course_warnings(spec)
    assert [str(w) for w in found] == []


def test_every_warning_text_is_listed_for_the_document():
    names = dict(ic.iter_texts())
    assert {"LONGEST_IS_CORRECT", "POOL_TOO_SMALL", "NO_EXPLANATION"} <= names.keys()


def tagged_exam(count: int) -> str:
    questions = "".join(
        f"### Soal {n}? {{#u{n} .modul}}\n- [x] Ya\n- [ ] Tidak\n{EXPLAINED}" for n in range(count)
    )
    settings = "exam:\n  draw_per_module: 2\n"
    return f"---\ntitle: Uji\njp: 2\n{settings}---\n\n## Ujian Akhir\n\n{questions}"


@pytest.mark.parametrize(("count", "warns"), [(3, True), (4, False)])
def test_draw_per_module_times_the_modules_is_what_an_attempt_draws(count, warns):
    spec = course_of(single("M?", "Ya", ["Tidak"], "m"), tagged_exam(count))
    text = ic.POOL_TOO_SMALL.format(count=count, factor=ic.POOL_FACTOR, draw=2)
    assert (text in [p.message for p in ic.course_warnings(spec)]) is warns


def test_the_pre_test_questions_are_checked_but_not_as_a_pool():
    course_md = (
        "---\ntitle: Uji\njp: 2\npretest: true\n---\n\n## Pre-test\n\n"
        "### Tanpa penjelasan? {#p1}\n- [x] Ya\n- [ ] Tidak\n"
    )
    spec = course_of(single("M?", "Ya", ["Tidak"], "m"), course_md)
    assert [(p.path, p.line, p.message) for p in ic.course_warnings(spec)] == [
        ("course.md", 9, ic.NO_EXPLANATION)
    ]
