"""The quiz grammar: questions, choices, short answers, explanations and their errors."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.content.parse import parse_course
from elearn.content.quiz import parse_questions, section_kind
from elearn.content.render import Linker
from elearn.content.source import CourseSource

ROOT = "kursus-uji"
COURSE_MD = "---\ntitle: Kursus Uji\njp: 2\n---\n\nIkhtisar.\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
# Line 1 `---`, 2 title, 3 `---`, 4 blank, 5 `## Kuis`, 6 blank: questions start on line 7.
HEAD = "---\ntitle: Modul\n---\n\n## Kuis\n\n"
FIRST = 7


def make_source(module: str, extra: dict[str, bytes] | None = None) -> CourseSource:
    files = {"course.md": COURSE_MD.encode(), "01-modul.md": module.encode(), **(extra or {})}
    return CourseSource(ROOT, files, ROOT)


def quiz_of(section: str, extra: dict[str, bytes] | None = None):
    """Parse a module whose quiz section is SECTION; return the quiz, asserting no problems."""
    spec, problems = parse_course(make_source(HEAD + section, extra))
    assert [str(p) for p in problems] == []
    return spec.modules[0].quiz


def question(section: str, extra: dict[str, bytes] | None = None):
    quiz = quiz_of(section, extra)
    assert len(quiz.questions) == 1
    return quiz.questions[0]


def problems_of(section: str) -> list[str]:
    spec, problems = parse_course(make_source(HEAD + section))
    assert spec is None
    return [str(p) for p in problems]


NO_CORRECT = "pertanyaan tidak punya jawaban benar: tandai minimal satu pilihan dengan `- [x]`"
NEITHER = "pertanyaan tidak punya pilihan (`- [ ]` / `- [x]`) maupun jawaban singkat (`= ...`)"


def at(line: int, message: str) -> str:
    return f"{ROOT}/01-modul.md:{line}: {message}"


# --- question kinds ----------------------------------------------------------------------------


def test_single_choice_question():
    q = question(
        "### Tugas mana yang penting dan mendesak? {#kuadran-1}\n"
        "- [ ] Membaca berita daring\n"
        "- [x] Menyiapkan laporan untuk pimpinan hari ini\n"
        "- [ ] Menata ulang meja kerja\n"
    )
    assert q.qid == "kuadran-1"
    assert q.kind == "single"
    assert q.line == FIRST
    assert q.prompt == "Tugas mana yang penting dan mendesak?"
    assert [(c.html, c.correct) for c in q.choices] == [
        ("Membaca berita daring", False),
        ("Menyiapkan laporan untuk pimpinan hari ini", True),
        ("Menata ulang meja kerja", False),
    ]
    assert q.answers == ()
    assert q.explanation_html == ""
    assert q.body_html == ""


def test_multiple_answer_question_has_two_or_more_correct_choices():
    q = question(
        "### Pilih semua teknik yang membantu fokus.\n"
        "- [x] Teknik Pomodoro\n"
        "- [X] Mematikan notifikasi\n"
        "- [ ] Membuka semua aplikasi\n"
    )
    assert q.kind == "multiple"
    assert [c.correct for c in q.choices] == [True, True, False]


def test_short_answer_question_accepts_several_answers_trimmed_and_collapsed():
    q = question("### Ibu kota Kalimantan Barat?\n=   Pontianak  \n= Kota   Pontianak\n=Ptk\n")
    assert q.kind == "short"
    assert q.answers == ("Pontianak", "Kota Pontianak", "Ptk")
    assert q.choices == ()


def test_explanation_blockquote_after_the_answers():
    q = question(
        "### 1 + 1?\n- [ ] 1\n- [x] 2\n\n> Karena *satu* ditambah satu\n> sama dengan dua.\n"
    )
    assert q.explanation_html == ("<p>Karena <em>satu</em> ditambah satu\nsama dengan dua.</p>\n")


def test_explanation_of_a_short_answer_question():
    q = question("### Singkatan rencana hasil kerja?\n= RHK\n\n> Isi pokok SKP.\n")
    assert q.explanation_html == "<p>Isi pokok SKP.</p>\n"


def test_prompt_paragraphs_images_and_code_go_into_the_body():
    q = question(
        "### Berapa hasilnya? {#hasil}\n"
        "\n"
        "Perhatikan gambar dan kode berikut.\n"
        "\n"
        "![Diagram](media/diagram.png)\n"
        "\n"
        "```python\n"
        "print(1 + 1)\n"
        "```\n"
        "\n"
        "> Kutipan di dalam soal.\n"
        "\n"
        "= 2\n",
        {"media/diagram.png": PNG},
    )
    assert q.kind == "short"
    assert q.body_html == (
        "<p>Perhatikan gambar dan kode berikut.</p>\n"
        '<p><img src="media/diagram.png" alt="Diagram"></p>\n'
        "<pre><code>print(1 + 1)\n</code></pre>\n"
        "<blockquote>\n<p>Kutipan di dalam soal.</p>\n</blockquote>\n"
    )
    assert q.explanation_html == ""


def test_prompt_inline_markdown_is_rendered():
    q = question("### Apa arti **SKP** dalam `e-kinerja`?\n= Sasaran Kinerja Pegawai\n")
    assert q.prompt == "Apa arti **SKP** dalam `e-kinerja`?"
    assert q.prompt_html == "Apa arti <strong>SKP</strong> dalam <code>e-kinerja</code>?"


def test_choice_text_may_use_inline_markdown_and_continue_on_the_next_line():
    q = question("### Pilih.\n- [x] Satu *miring*\n  lanjut\n- [ ] Dua\n")
    assert [c.html for c in q.choices] == ["Satu <em>miring</em> lanjut", "Dua"]


def test_text_before_the_first_question_is_the_intro():
    quiz = quiz_of("Kerjakan dengan **jujur**.\n\n### Q?\n= a\n")
    assert quiz.intro_html == "<p>Kerjakan dengan <strong>jujur</strong>.</p>\n"
    assert quiz.questions[0].line == FIRST + 2


def test_several_questions_keep_their_lines_and_order():
    quiz = quiz_of("### A?\n= a\n\n### B?\n- [x] b\n- [ ] c\n\n> Jelas.\n\n### C?\n= c\n")
    assert [(q.qid, q.kind, q.line) for q in quiz.questions] == [
        ("a", "short", FIRST),
        ("b", "single", FIRST + 3),
        ("c", "short", FIRST + 9),
    ]
    assert quiz.intro_html == ""


# --- ids -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "qid", "prompt"),
    [
        ("Apa itu SKP? {#skp}", "skp", "Apa itu SKP?"),
        ("Apa itu SKP?   {#skp_1}  ", "skp_1", "Apa itu SKP?"),
        ("Apa itu SKP?", "apa-itu-skp", "Apa itu SKP?"),
        ("Kapan café buka?", "kapan-cafe-buka", "Kapan café buka?"),
        ("Berapa 12 × 2?", "berapa-12-2", "Berapa 12 × 2?"),
    ],
)
def test_question_ids(heading, qid, prompt):
    q = question(f"### {heading}\n= a\n")
    assert (q.qid, q.prompt) == (qid, prompt)


def test_slug_ids_are_capped_at_64_characters():
    q = question("### " + "kata " * 30 + "?\n= a\n")
    assert len(q.qid) <= 64
    assert not q.qid.endswith("-")


def test_explicit_id_survives_rewording():
    before = question("### Apa ibu kota Kalbar? {#ibu-kota}\n= Pontianak\n")
    after = question("### Sebutkan ibu kota Provinsi Kalimantan Barat. {#ibu-kota}\n= Pontianak\n")
    assert before.qid == after.qid == "ibu-kota"


def test_duplicate_explicit_id_mentions_the_first_line():
    assert problems_of("### A {#sama}\n= a\n\n### B {#sama}\n= b\n") == [
        at(FIRST + 3, f"id pertanyaan `sama` sudah dipakai di baris {FIRST}")
    ]


def test_duplicate_slug_id_mentions_the_first_line():
    assert problems_of("### Apa itu SKP?\n= a\n\n### Apa itu SKP!\n= b\n") == [
        at(FIRST + 3, f"id pertanyaan `apa-itu-skp` sudah dipakai di baris {FIRST}")
    ]


def test_explicit_id_may_clash_with_a_slug_id():
    assert problems_of("### Apa itu SKP?\n= a\n\n### Lain {#apa-itu-skp}\n= b\n") == [
        at(FIRST + 3, f"id pertanyaan `apa-itu-skp` sudah dipakai di baris {FIRST}")
    ]


def test_same_id_in_module_quiz_and_final_exam_is_fine():
    course = COURSE_MD + "\n## Ujian Akhir\n\n### Q {#sama}\n= a\n"
    files = {
        "course.md": course.encode(),
        "01-modul.md": (HEAD + "### Q {#sama}\n= a\n").encode(),
    }
    spec, problems = parse_course(CourseSource(ROOT, files, ROOT))
    assert problems == []
    assert spec.exam.questions[0].qid == spec.modules[0].quiz.questions[0].qid == "sama"
    assert spec.question_count == 2


@pytest.mark.parametrize("bad", ["Besar", "-awal", "dua kata", "titik.id", "é", "_awal"])
def test_invalid_explicit_id(bad):
    assert problems_of(f"### Q {{#{bad}}}\n= a\n") == [
        at(FIRST, f"id `{bad}` tidak valid: gunakan huruf kecil, angka, `-` atau `_`")
    ]


def test_empty_explicit_id():
    assert problems_of("### Q {#}\n= a\n") == [
        at(FIRST, "id `` tidak valid: gunakan huruf kecil, angka, `-` atau `_`")
    ]


def test_heading_without_text():
    assert problems_of("### {#q1}\n= a\n") == [
        at(FIRST, "pertanyaan tanpa teks: tulis pertanyaannya setelah `###`")
    ]


def test_heading_that_yields_no_slug_needs_an_id():
    assert problems_of("### ???\n= a\n") == [
        at(FIRST, "judul pertanyaan tidak menghasilkan id; tambahkan `{#id}` di akhir judul")
    ]


# --- choice keys ------------------------------------------------------------------------------


def test_choice_keys_are_stable_when_choices_are_reordered():
    first = question("### Pilih.\n- [ ] Merah\n- [x] Biru\n- [ ] Hijau\n")
    second = question("### Pilih.\n- [ ] Hijau\n- [ ] Merah\n- [x] Biru\n")
    assert {c.html: c.key for c in first.choices} == {c.html: c.key for c in second.choices}
    assert len({c.key for c in first.choices}) == 3


def test_choice_key_ignores_case_and_spacing_but_not_wording():
    a = question("### Pilih.\n- [x] Teknik  Pomodoro\n- [ ] Lain\n").choices[0]
    b = question("### Pilih.\n- [x] teknik pomodoro\n- [ ] Lain\n").choices[0]
    c = question("### Pilih.\n- [x] Teknik Pomodoro 25 menit\n- [ ] Lain\n").choices[0]
    assert a.key == b.key
    assert a.key != c.key


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet="abcdefghij XYZ0123", min_size=1, max_size=12).filter(
            lambda s: s.strip() and s.strip()[0] not in "0123456789"
        ),
        min_size=2,
        max_size=6,
        unique_by=lambda s: " ".join(s.split()).casefold(),
    ),
    st.randoms(use_true_random=False),
)
def test_choice_keys_follow_the_text_in_any_order(texts, rnd: random.Random):
    def section(order):
        lines = [f"- [{'x' if t == texts[0] else ' '}] {t}" for t in order]
        return "### Pilih.\n" + "\n".join(lines) + "\n"

    shuffled = list(texts)
    rnd.shuffle(shuffled)
    first = question(section(texts))
    second = question(section(shuffled))
    key_of = {" ".join(t.split()): c.key for t, c in zip(texts, first.choices, strict=True)}
    for text, choice in zip(shuffled, second.choices, strict=True):
        assert choice.key == key_of[" ".join(text.split())]
        assert choice.correct == (text == texts[0])


# --- short answers as a property --------------------------------------------------------------

ANSWER_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda s: s.strip())


@settings(max_examples=80, deadline=None)
@given(ANSWER_TEXT)
def test_any_printable_short_answer_round_trips_trimmed_and_collapsed(text):
    q = question(f"### Jawab.\n= {text}\n")
    assert q.kind == "short"
    assert q.answers == (" ".join(text.split()),)


# --- errors ---------------------------------------------------------------------------------


def test_no_correct_choice():
    assert problems_of("### Q?\n- [ ] a\n- [ ] b\n") == [at(FIRST, NO_CORRECT)]


def test_both_choices_and_answers():
    assert problems_of("### Q?\n- [x] a\n- [ ] b\n\n= a\n") == [
        at(FIRST, "pertanyaan memakai pilihan `- [ ]` dan juga jawaban `=`; pilih salah satu")
    ]


def test_choices_after_answers_is_one_problem():
    assert problems_of("### Q?\n= a\n\n- [x] a\n- [ ] b\n") == [
        at(FIRST, "pertanyaan memakai pilihan `- [ ]` dan juga jawaban `=`; pilih salah satu")
    ]


def test_answer_line_right_under_the_choices_counts_as_both():
    assert problems_of("### Q?\n- [x] a\n- [ ] b\n= a\n") == [
        at(FIRST, "pertanyaan memakai pilihan `- [ ]` dan juga jawaban `=`; pilih salah satu")
    ]


@pytest.mark.parametrize("body", ["", "Hanya teks.\n", "- satu\n- dua\n", "> Penjelasan saja.\n"])
def test_neither_choices_nor_answers(body):
    assert problems_of(f"### Q?\n{body}") == [at(FIRST, NEITHER)]


def test_a_single_choice_only():
    assert problems_of("### Q?\n- [x] satu-satunya\n") == [
        at(FIRST, "pertanyaan pilihan butuh minimal dua pilihan")
    ]


def test_duplicate_choice_mentions_the_first_line():
    assert problems_of("### Q?\n- [x] Pontianak\n- [ ] Sambas\n- [ ] pontianak \n") == [
        at(FIRST + 3, f"pilihan `pontianak` sudah ditulis di baris {FIRST + 1}")
    ]


def test_empty_choice():
    assert problems_of("### Q?\n- [x] a\n- [ ]\n") == [
        at(FIRST + 2, "pilihan kosong: tulis teks setelah `[ ]` atau `[x]`")
    ]


def test_list_item_without_a_checkbox_among_choices():
    assert problems_of("### Q?\n- [x] a\n- [ ] b\n- c\n") == [
        at(FIRST + 1, "setiap butir daftar pilihan harus diawali `[ ]` atau `[x]`")
    ]


def test_choices_in_two_lists():
    assert problems_of("### Q?\n- [x] a\n- [ ] b\n\nteks\n\n- [ ] c\n") == [
        at(
            FIRST + 4,
            "teks setelah jawaban tidak dikenali: penjelasan ditulis sebagai blockquote `> ...`, "
            "pertanyaan berikutnya diawali `###`",
        ),
        at(FIRST + 6, "pilihan jawaban harus ditulis dalam satu daftar, sebelum penjelasan"),
    ]


def test_choices_after_the_explanation():
    assert problems_of("### Q?\n- [x] a\n- [ ] b\n\n> P.\n\n- [ ] c\n") == [
        at(FIRST + 6, "pilihan jawaban harus ditulis dalam satu daftar, sebelum penjelasan")
    ]


def test_answers_in_two_groups():
    assert problems_of("### Q?\n= a\n\n= b\n") == [
        at(FIRST + 3, "jawaban `=` harus ditulis dalam satu kelompok, sebelum penjelasan")
    ]


def test_answer_glued_to_a_paragraph_without_a_blank_line():
    assert problems_of("### Q?\nTeks soal.\n= jawaban\n") == [
        at(FIRST, NEITHER),
        at(
            FIRST + 2,
            "baris jawaban `=` harus dipisah dari teks di atasnya dengan satu baris kosong",
        ),
    ]


def test_line_without_equals_inside_the_answers():
    assert problems_of("### Q?\n= a\nbukan jawaban\n= c\n") == [
        at(FIRST + 2, "setiap baris jawaban singkat harus diawali `=`")
    ]


@pytest.mark.parametrize(
    ("section", "offset"), [("### Q?\n=   \n= a\n", 1), ("### Q?\n= a\n=\n", 2)]
)
def test_empty_short_answer(section, offset):
    # `= a` over a bare `=` is a setext heading to CommonMark; still read as answer lines.
    assert problems_of(section) == [at(FIRST + offset, "jawaban singkat kosong setelah `=`")]


def test_setext_heading_in_a_prompt_stays_prompt():
    q = question("### Q?\nJudul\n=\n\n= a\n")
    assert q.body_html == "<h1>Judul</h1>\n"
    assert q.answers == ("a",)


def test_mixed_bullet_markers_make_two_lists():
    assert problems_of("### Q?\n- [x] a\n- [ ] b\n* [ ] c\n") == [
        at(FIRST + 3, "pilihan jawaban harus ditulis dalam satu daftar, sebelum penjelasan")
    ]


def test_text_after_the_explanation():
    assert problems_of("### Q?\n= a\n\n> Penjelasan.\n\nTeks nyasar.\n\n### R?\n= r\n") == [
        at(
            FIRST + 5,
            "teks setelah jawaban tidak dikenali: penjelasan ditulis sebagai blockquote `> ...`, "
            "pertanyaan berikutnya diawali `###`",
        )
    ]


def test_text_after_the_answers_without_explanation():
    problems = problems_of("### Q?\n- [x] a\n- [ ] b\n\n#### Catatan\n")
    assert problems == [
        at(
            FIRST + 4,
            "teks setelah jawaban tidak dikenali: penjelasan ditulis sebagai blockquote `> ...`, "
            "pertanyaan berikutnya diawali `###`",
        )
    ]


def test_two_explanations():
    assert problems_of("### Q?\n= a\n\n> Satu.\n\n> Dua.\n") == [
        at(FIRST + 5, "satu pertanyaan hanya punya satu penjelasan (blockquote `>`)")
    ]


def test_every_question_error_is_reported_at_once():
    assert problems_of(
        "### A?\n- [ ] a\n- [ ] b\n\n### B?\n- [x] a\n\n### C?\nteks\n\n### D {#X}\n= d\n"
    ) == [
        at(FIRST, NO_CORRECT),
        at(FIRST + 4, "pertanyaan pilihan butuh minimal dua pilihan"),
        at(FIRST + 7, NEITHER),
        at(FIRST + 10, "id `X` tidak valid: gunakan huruf kecil, angka, `-` atau `_`"),
    ]


# --- the building blocks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Kuis", "quiz"),
        ("QUIZ", "quiz"),
        ("  kuis ", "quiz"),
        ("Ujian Akhir", "exam"),
        ("ujian   akhir", "exam"),
        ("Final Exam", "exam"),
        ("Kuis Modul 1", None),
        ("Ujian", None),
        ("Latihan", None),
    ],
)
def test_section_kind(text, kind):
    assert section_kind(text) == kind


def test_parse_questions_reports_file_lines_from_first_line():
    reported: list[tuple[int, str]] = []
    questions, intro, _ = parse_questions(
        ["Pengantar.", "", "### Q?", "- [ ] a", "- [ ] b"],
        40,
        lambda line, message: reported.append((line, message)),
        Linker(),
    )
    assert questions == []
    assert intro == "<p>Pengantar.</p>\n"
    assert reported == [
        (42, "pertanyaan tidak punya jawaban benar: tandai minimal satu pilihan dengan `- [x]`")
    ]
