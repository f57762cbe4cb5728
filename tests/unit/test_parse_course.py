"""parse_course on course folders built in memory: settings, sections, links, hashes, errors."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elearn.content.parse import UrlScheme, parse_course
from elearn.content.source import CourseSource, find_course_dirs, load_course_dir
from elearn.content.spec import Problem

ROOT = "kursus-uji"
COURSE_MD = """---
title: Kursus Uji
jp: 2
---

# Tentang kursus ini

Kursus untuk pengujian.
"""
MODULE_MD = """---
title: Modul Satu
---

Isi modul satu.
"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect/></svg>'


def make_source(files: dict | None = None, slug: str = ROOT) -> CourseSource:
    """A course folder in memory: course.md + one module, overridden by FILES (None removes)."""
    merged: dict[str, str | bytes | None] = {"course.md": COURSE_MD, "01-satu.md": MODULE_MD}
    merged.update(files or {})
    data = {
        name: text.encode() if isinstance(text, str) else text
        for name, text in merged.items()
        if text is not None
    }
    return CourseSource(slug, data, ROOT)


def parse(files: dict | None = None, slug: str = ROOT, **kwargs):
    return parse_course(make_source(files, slug), **kwargs)


def ok(files: dict | None = None, **kwargs):
    spec, problems = parse(files, **kwargs)
    assert [str(p) for p in problems] == []
    assert spec is not None
    return spec


def errors(files: dict | None = None, slug: str = ROOT, **kwargs) -> list[str]:
    spec, problems = parse(files, slug, **kwargs)
    assert spec is None
    assert problems, "expected problems"
    return [str(p) for p in problems]


def course_md(front: str, body: str = "\nIsi.\n") -> str:
    return f"---\n{front}---\n{body}"


def module_md(front: str = "title: Modul\n", body: str = "\nIsi.\n") -> str:
    return f"---\n{front}---\n{body}"


# --- course.md settings -------------------------------------------------------------------


def test_minimal_course_gets_defaults():
    spec = ok()
    assert spec.slug == ROOT
    assert spec.title == "Kursus Uji"
    assert spec.jp == 2
    assert spec.summary == ""
    assert spec.category == "umum"
    assert spec.pass_percent == 70
    assert spec.pretest is False
    assert spec.valid_years is None
    assert spec.competencies == ()
    assert spec.exam is None
    assert spec.media == ()
    assert [m.slug for m in spec.modules] == ["satu"]
    assert "Kursus untuk pengujian." in spec.overview_html


def test_every_course_setting_is_read():
    front = (
        "title: Pelayanan Prima bagi ASN\n"
        "summary: Melayani warga dengan   cepat.\n"
        "category: pelayanan-publik\n"
        "jp: 6\n"
        "competencies:\n"
        "  pelayanan-publik: 2\n"
        "  komunikasi: 3\n"
        "pass_percent: 80\n"
        "pretest: true\n"
        "valid_years: 3\n"
        "exam:\n"
        "  pass_percent: 75\n"
        "  attempts: 2\n"
        "  draw: 1\n"
        "  shuffle: true\n"
        "  time_limit: 30\n"
    )
    body = "\n# Tentang\n\nIsi.\n\n## Ujian Akhir\n\n### Satu tambah satu?\n= 2\n"
    spec = ok(
        {"course.md": course_md(front, body)},
        known_competencies={"pelayanan-publik", "komunikasi"},
    )
    assert spec.title == "Pelayanan Prima bagi ASN"
    assert spec.summary == "Melayani warga dengan cepat."
    assert spec.category == "pelayanan-publik"
    assert spec.jp == 6
    assert spec.competencies == (("pelayanan-publik", 2), ("komunikasi", 3))
    assert spec.pass_percent == 80
    assert spec.pretest is True
    assert spec.valid_years == 3
    assert spec.exam is not None
    assert spec.exam.settings.as_dict() == {
        "pass_percent": 75,
        "attempts": 2,
        "draw": 1,
        "shuffle": True,
        "time_limit": 30,
        "review": None,
        "draw_per_module": None,
    }
    assert spec.question_count == 1


def test_exam_without_settings_gets_quiz_defaults():
    body = "\n## Ujian Akhir\n\n### Ibu kota Kalbar?\n= Pontianak\n"
    spec = ok({"course.md": course_md("title: T\njp: 1\n", body)})
    assert spec.exam.settings.as_dict() == {
        "pass_percent": None,
        "attempts": 0,
        "draw": None,
        "shuffle": False,
        "time_limit": None,
        "review": None,
        "draw_per_module": None,
    }


def test_missing_title_and_jp_are_both_reported():
    assert errors({"course.md": course_md("summary: Ringkas\n")}) == [
        f"{ROOT}/course.md:1: `jp` wajib diisi: jam pelajaran yang dikreditkan (1 JP = 45 menit)",
        f"{ROOT}/course.md:1: `title` wajib diisi di pengaturan (front matter)",
    ]


def test_empty_title_is_reported_at_its_own_line():
    assert errors({"course.md": course_md("jp: 1\ntitle: '  '\n")}) == [
        f"{ROOT}/course.md:3: `title` wajib diisi di pengaturan (front matter)"
    ]


def test_title_must_be_one_line_of_text():
    assert errors({"course.md": course_md("title: [a, b]\njp: 1\n")}) == [
        f"{ROOT}/course.md:2: `title` harus berupa teks satu baris"
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("dua", "dua"), ("2.5", "2.5"), ("0", "0"), ("true", "True"), ("1001", "1001"), ("'2'", "2")],
)
def test_jp_must_be_an_integer_in_range(value, shown):
    assert errors({"course.md": course_md(f"title: T\njp: {value}\n")}) == [
        f"{ROOT}/course.md:3: `jp` harus bilangan bulat 1–1000; tertulis `{shown}`"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("pass_percent: 101", "`pass_percent` harus bilangan bulat 0–100; tertulis `101`"),
        (
            "pretest: ya",
            "`pretest` harus `true`, `false`, atau pengaturan soal (mis. `draw: 10`), bukan `ya`",
        ),
        ("valid_years: 0", "`valid_years` harus bilangan bulat 1–100; tertulis `0`"),
        (
            "category: Pelayanan Publik",
            "`category` harus slug huruf kecil, mis. `pelayanan-publik`",
        ),
        ("competencies: [komunikasi]", "`competencies` harus berisi baris `kode: level`"),
        ("exam: 3", "`exam` harus berisi pengaturan seperti `attempts: 3`"),
    ],
)
def test_invalid_course_setting_is_reported_at_its_line(line, message):
    body = "\nIsi.\n\n## Ujian Akhir\n\n### Q?\n= a\n"
    assert errors({"course.md": course_md(f"title: T\njp: 1\n{line}\n", body)}) == [
        f"{ROOT}/course.md:4: {message}"
    ]


def test_unknown_course_key_is_reported_with_the_known_keys():
    assert errors({"course.md": course_md("title: T\njp: 1\ntittle: Salah ketik\n")}) == [
        f"{ROOT}/course.md:4: kunci `tittle` tidak dikenal; yang dikenal: title, summary, "
        "category, jp, competencies, pass_percent, pretest, valid_years, exam, follow_up_days, task"
    ]


def test_unknown_exam_setting_is_reported_at_its_line():
    front = "title: T\njp: 1\nexam:\n  attempts: 2\n  attempt: 3\n"
    body = "\n## Ujian Akhir\n\n### Q?\n= a\n"
    assert errors({"course.md": course_md(front, body)}) == [
        f"{ROOT}/course.md:6: kunci `exam.attempt` tidak dikenal; "
        "yang dikenal: pass_percent, attempts, draw, shuffle, time_limit, review, draw_per_module"
    ]


def test_duplicate_keys_mention_the_first_line():
    front = "title: T\njp: 1\nexam:\n  draw: 1\n  draw: 1\ntitle: U\n"
    body = "\n## Ujian Akhir\n\n### Q?\n= a\n"
    assert errors({"course.md": course_md(front, body)}) == [
        f"{ROOT}/course.md:6: kunci `exam.draw` ditulis dua kali (baris 5)",
        f"{ROOT}/course.md:7: kunci `title` ditulis dua kali (baris 2)",
    ]


@pytest.mark.parametrize(
    ("front", "line", "problem"),
    [
        ("title: T\njp: 2\nsummary: a: b\n", 4, "mapping values are not allowed here"),
        ("title: T\njp: 2\ncompetencies:\n  x: 1\n y: 2\n", 6, None),
        ("title: [T\njp: 2\n", 3, None),
        ("title: T\n\tjp: 2\n", 3, None),
    ],
)
def test_malformed_yaml_is_one_problem_at_the_line_of_the_error(front, line, problem):
    found = errors({"course.md": course_md(front)})
    assert len(found) == 1, found
    assert found[0].startswith(f"{ROOT}/course.md:{line}: YAML tidak valid: ")
    if problem:
        assert found[0].endswith(problem)


@pytest.mark.parametrize(
    ("tagged", "tag"), [("!!int dua", "int"), ("!!float x", "float"), ("!!bool mungkin", "bool")]
)
def test_yaml_value_that_fails_its_explicit_tag_is_a_problem_not_a_crash(tagged, tag):
    value = tagged.split()[1]
    assert errors({"course.md": course_md(f"title: T\njp: {tagged}\n")}) == [
        f"{ROOT}/course.md:3: YAML tidak valid: nilai `{value}` tidak bisa dibaca sebagai `!!{tag}`"
    ]


def test_recursive_yaml_alias_is_a_problem_not_a_crash():
    found = errors({"course.md": course_md("title: T\njp: 1\nexam: &x {loop: *x}\n")})
    assert all(p.startswith(f"{ROOT}/course.md:") for p in found)


def test_deeply_nested_yaml_is_a_problem_not_a_crash():
    found = errors({"course.md": course_md("title: T\njp: " + "[" * 3000 + "\n")})
    assert found[0].startswith(f"{ROOT}/course.md:")
    assert "YAML tidak valid" in found[0]


def test_front_matter_must_be_a_mapping():
    assert errors({"course.md": course_md("- title\n- jp\n")}) == [
        f"{ROOT}/course.md:2: pengaturan harus berupa baris `kunci: nilai`"
    ]


def test_unclosed_front_matter_is_one_problem():
    assert errors({"course.md": "---\ntitle: T\njp: 1\n\n# Tentang\n"}) == [
        f"{ROOT}/course.md:1: pengaturan (front matter) tidak ditutup: "
        "tambahkan baris `---` di bawahnya"
    ]


@pytest.mark.parametrize("first", ["# Tentang", "---x", " title: T"])
def test_file_without_front_matter_is_reported(first):
    found = errors({"01-satu.md": f"{first}\ntitle: T\n---\n\nIsi.\n"})
    assert found == [
        f"{ROOT}/01-satu.md:1: berkas harus diawali pengaturan (front matter) "
        "di antara dua baris `---`"
    ]


def test_front_matter_delimiters_may_carry_trailing_spaces_and_dots_close():
    spec = ok({"01-satu.md": "---  \ntitle: Modul A\n...\n\nIsi.\n"})
    assert spec.modules[0].title == "Modul A"


@pytest.mark.parametrize(
    ("level", "shown"), [("0", "0"), ("6", "6"), ("dua", "dua"), ("true", "True"), ("2.5", "2.5")]
)
def test_competency_level_outside_1_to_5(level, shown):
    front = f"title: T\njp: 1\ncompetencies:\n  komunikasi: 2\n  integritas: {level}\n"
    known = {"komunikasi", "integritas"}
    assert errors({"course.md": course_md(front)}, known_competencies=known) == [
        f"{ROOT}/course.md:6: level kompetensi `integritas` harus 1–5; tertulis `{shown}`"
    ]


def test_unknown_competency_is_reported_at_its_line():
    front = "title: T\njp: 1\ncompetencies:\n  komunikasi: 2\n  komunkasi: 2\n"
    assert errors({"course.md": course_md(front)}, known_competencies={"komunikasi"}) == [
        f"{ROOT}/course.md:6: kompetensi `komunkasi` tidak dikenal di competencies.yml"
    ]


def test_any_competency_code_is_accepted_without_a_dictionary():
    front = "title: T\njp: 1\ncompetencies:\n  apa-saja: 4\n"
    assert ok({"course.md": course_md(front)}).competencies == (("apa-saja", 4),)


def test_pretest_needs_a_final_exam():
    assert errors({"course.md": course_md("title: T\njp: 1\npretest: true\n")}) == [
        f"{ROOT}/course.md:4: `pretest` butuh soal: bagian `## Pre-test` atau "
        "`## Ujian Akhir` di course.md"
    ]


def test_exam_settings_need_a_final_exam_section():
    assert errors({"course.md": course_md("title: T\njp: 1\nexam:\n  attempts: 2\n")}) == [
        f"{ROOT}/course.md:4: ada pengaturan `exam` tetapi tidak ada bagian `## Ujian Akhir`"
    ]


def test_course_folder_name_must_be_a_slug():
    assert errors(slug="Kursus Uji") == [
        f"{ROOT}/course.md:1: nama folder kursus `Kursus Uji` harus huruf kecil, angka dan "
        "tanda hubung, mis. `pelayanan-prima`"
    ]


def test_display_root_prefixes_paths_and_empty_root_does_not():
    source = make_source({"01-satu.md": "x"})
    bare = CourseSource(source.slug, source.files, "")
    assert [str(p) for p in parse_course(bare)[1]][0].startswith("01-satu.md:1: ")
    assert str(Problem("a/b.md", 3, "pesan")) == "a/b.md:3: pesan"


# --- module files ---------------------------------------------------------------------------


def test_module_settings_are_read():
    front = (
        "title: Matriks Eisenhower\nminutes: 30\nquiz:\n  pass_percent: 80\n  attempts: 3\n"
        "  draw: 1\n  shuffle: true\n  time_limit: 20\n"
    )
    body = "\nIsi.\n\n## Kuis\n\n### Q?\n= a\n\n### R?\n= b\n"
    module = ok({"01-satu.md": module_md(front, body)}).modules[0]
    assert module.title == "Matriks Eisenhower"
    assert module.minutes == 30
    assert module.slug == "satu"
    assert module.filename == "01-satu.md"
    assert module.position == 1
    assert module.quiz.settings.as_dict() == {
        "pass_percent": 80,
        "attempts": 3,
        "draw": 1,
        "shuffle": True,
        "time_limit": 20,
        "review": None,
        "draw_per_module": None,
    }


@pytest.mark.parametrize(
    ("words", "minutes"), [(0, 5), (10, 5), (500, 5), (501, 10), (1000, 10), (1001, 15)]
)
def test_minutes_default_from_word_count(words, minutes):
    body = "\n" + " ".join(["kata"] * words) + "\n"
    assert ok({"01-satu.md": module_md("title: M\n", body)}).modules[0].minutes == minutes


def test_quiz_text_does_not_count_towards_minutes():
    quiz = "\n## Kuis\n\n### Q?\n= " + " ".join(["kata"] * 2000) + "\n"
    assert ok({"01-satu.md": module_md("title: M\n", "\nIsi.\n" + quiz)}).modules[0].minutes == 5


def test_module_title_falls_back_to_first_h1_then_to_slug():
    spec = ok(
        {
            "01-satu.md": module_md("minutes: 10\n", "\n# Judul dari H1\n\nIsi.\n"),
            "02-dua-tiga.md": module_md("", "\nIsi.\n"),
        }
    )
    assert [m.title for m in spec.modules] == ["Judul dari H1", "Dua tiga"]
    # The H1 that repeats the title is not shown twice.
    assert "<h1>" not in spec.modules[0].html


def test_h1_that_differs_from_the_title_stays_in_the_page():
    spec = ok({"01-satu.md": module_md("title: Lain\n", "\n# Judul H1\n\nIsi.\n")})
    assert "<h1>Judul H1</h1>" in spec.modules[0].html


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("minutes: 0", "`minutes` harus bilangan bulat 1–1440; tertulis `0`"),
        ("minutes: sepuluh", "`minutes` harus bilangan bulat 1–1440; tertulis `sepuluh`"),
        (
            "menit: 10",
            "kunci `menit` tidak dikenal; yang dikenal: title, minutes, quiz",
        ),
        ("quiz: 3", "`quiz` harus berisi pengaturan seperti `attempts: 3`"),
    ],
)
def test_invalid_module_setting_is_reported_at_its_line(line, message):
    body = "\nIsi.\n\n## Kuis\n\n### Q?\n= a\n"
    assert errors({"01-satu.md": module_md(f"title: M\n{line}\n", body)}) == [
        f"{ROOT}/01-satu.md:3: {message}"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "attempt: 3",
            "kunci `quiz.attempt` tidak dikenal; yang dikenal: pass_percent, attempts, "
            "draw, shuffle, time_limit, review, draw_per_module",
        ),
        ("attempts: -1", "`quiz.attempts` harus bilangan bulat 0–1000; tertulis `-1`"),
        ("pass_percent: 101", "`quiz.pass_percent` harus bilangan bulat 0–100; tertulis `101`"),
        ("time_limit: 0", "`quiz.time_limit` harus bilangan bulat 1–1440; tertulis `0`"),
        ("draw: 0", "`quiz.draw` harus bilangan bulat 1–1000; tertulis `0`"),
        ("shuffle: kadang", "`quiz.shuffle` harus `true` atau `false`; tertulis `kadang`"),
    ],
)
def test_invalid_quiz_setting_is_reported_at_its_line(line, message):
    body = "\nIsi.\n\n## Kuis\n\n### Q?\n= a\n"
    assert errors({"01-satu.md": module_md(f"title: M\nquiz:\n  {line}\n", body)}) == [
        f"{ROOT}/01-satu.md:4: {message}"
    ]


def test_quiz_settings_without_a_quiz_section():
    assert errors({"01-satu.md": module_md("title: M\nquiz:\n  attempts: 2\n")}) == [
        f"{ROOT}/01-satu.md:3: ada pengaturan `quiz` tetapi tidak ada bagian `## Kuis`"
    ]


def test_modules_are_ordered_by_number_and_slugged_by_filename():
    spec = ok(
        {
            "01-satu.md": None,
            "10-sepuluh.md": module_md("title: Sepuluh\n"),
            "2-dua.md": module_md("title: Dua\n"),
            "1-satu-lagi.md": module_md("title: Satu\n"),
        }
    )
    assert [(m.position, m.slug, m.filename) for m in spec.modules] == [
        (1, "satu-lagi", "1-satu-lagi.md"),
        (2, "dua", "2-dua.md"),
        (3, "sepuluh", "10-sepuluh.md"),
    ]
    assert spec.total_minutes == 15


BAD_MODULE_NAME = "nama berkas modul harus nomor urut lalu slug huruf kecil, mis. `01-pengantar.md`"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("1-Satu.md", BAD_MODULE_NAME),
        ("satu.md", BAD_MODULE_NAME),
        ("01-satu_dua.md", BAD_MODULE_NAME),
        ("01-satu--dua.md", BAD_MODULE_NAME),
        ("01-.md", BAD_MODULE_NAME),
        ("01-satu.MD", "berkas tidak dikenal: gambar dan lampiran disimpan di folder `media/`"),
        ("README.txt", "berkas tidak dikenal: gambar dan lampiran disimpan di folder `media/`"),
        ("gambar.png", "berkas tidak dikenal: gambar dan lampiran disimpan di folder `media/`"),
        ("bab/01-a.md", "subfolder tidak dikenal: gambar dan lampiran disimpan di folder `media/`"),
    ],
)  # fmt: skip
def test_bad_file_names_are_reported(name, message):
    assert errors({name: MODULE_MD}) == [f"{ROOT}/{name}:1: {message}"]


@pytest.mark.parametrize("order", [["01-satu.md", "02-satu.md"], ["02-satu.md", "01-satu.md"]])
def test_duplicate_module_slug_blames_the_later_file_whatever_the_order(order):
    files = {"course.md": COURSE_MD.encode(), **{name: MODULE_MD.encode() for name in order}}
    _, problems = parse_course(CourseSource(ROOT, files, ROOT))
    assert [str(p) for p in problems] == [
        f"{ROOT}/02-satu.md:1: slug modul `satu` sudah dipakai oleh `01-satu.md`"
    ]


def test_course_without_modules():
    assert errors({"01-satu.md": None}) == [
        f"{ROOT}/course.md:1: kursus tidak punya modul: tambahkan berkas seperti `01-pengantar.md`"
    ]


def test_missing_course_md():
    assert errors({"course.md": None}) == [
        f"{ROOT}/course.md:1: course.md tidak ada: setiap kursus butuh berkas ini"
    ]


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_non_utf8_file_is_reported_at_the_line_of_the_bad_byte(newline, bom):
    lines = [b"---", b"title: Modul", b"---", b"", b"Baris lima.", b"Caf\xe9 di baris enam."]
    data = bom + newline.join(lines) + newline
    assert errors({"01-satu.md": data}) == [
        f"{ROOT}/01-satu.md:6: berkas bukan teks UTF-8: simpan ulang sebagai UTF-8"
    ]


def test_non_utf8_course_md():
    assert errors({"course.md": b"---\ntitle: \xff\n---\n"}) == [
        f"{ROOT}/course.md:2: berkas bukan teks UTF-8: simpan ulang sebagai UTF-8"
    ]


# --- quiz and exam sections -----------------------------------------------------------------

SECTIONED = """---
title: Modul
---

# Modul

Isi awal.

```markdown
## Kuis

### Ini contoh, bukan soal
- [x] contoh
```

## Kuis

### Ibu kota Kalbar?
= Pontianak

## Penutup

Isi setelah kuis.
"""


def test_quiz_section_runs_to_the_next_level_2_heading():
    module = ok({"01-satu.md": SECTIONED}).modules[0]
    assert [q.qid for q in module.quiz.questions] == ["ibu-kota-kalbar"]
    assert module.quiz.questions[0].line == 18
    assert "Isi setelah kuis." in module.html
    assert [(t.level, t.anchor, t.text) for t in module.toc] == [(2, "penutup", "Penutup")]


def test_kuis_heading_inside_a_fenced_code_block_is_content():
    module = ok({"01-satu.md": SECTIONED}).modules[0]
    assert "<pre><code" in module.html
    assert "## Kuis" in module.html
    assert "Ini contoh, bukan soal" in module.html
    assert len(module.quiz.questions) == 1


def test_quiz_never_reaches_the_module_page():
    body = (
        "\nIsi.\n\n## Kuis\n\nPetunjuk kuis.\n\n### Pilih warna langit {#langit}\n"
        "- [x] Biru-rahasia\n- [ ] Hijau-rahasia\n\n> Penjelasan-rahasia.\n\n"
        "### Ibu kota?\n= Pontianak-rahasia\n"
    )
    module = ok({"01-satu.md": module_md("title: M\n", body)}).modules[0]
    assert "rahasia" not in module.html
    assert "rahasia" not in module.text
    assert "Petunjuk" not in module.html
    assert "kuis" not in module.html.casefold()
    assert module.toc == ()
    assert module.quiz.intro_html == "<p>Petunjuk kuis.</p>\n"


@pytest.mark.parametrize("heading", ["## Kuis", "## Quiz", "## kuis", "##   QUIZ  ", "## Kuis ##"])
def test_quiz_heading_spellings(heading):
    body = f"\nIsi.\n\n{heading}\n\n### Q?\n= a\n"
    assert ok({"01-satu.md": module_md("title: M\n", body)}).modules[0].quiz is not None


@pytest.mark.parametrize("heading", ["## Ujian Akhir", "## Final Exam", "## ujian  akhir"])
def test_final_exam_in_course_md(heading):
    body = f"\n# Tentang\n\nIkhtisar.\n\n{heading}\n\n### Jawaban-rahasia?\n= rahasia\n"
    spec = ok({"course.md": course_md("title: T\njp: 1\n", body)})
    assert [q.qid for q in spec.exam.questions] == ["jawaban-rahasia"]
    assert spec.exam.questions[0].line == 12
    assert "rahasia" not in spec.overview_html
    assert "rahasia" not in spec.text
    assert "Ikhtisar." in spec.overview_html


def test_content_after_the_final_exam_is_overview_again():
    body = "\nAwal.\n\n## Ujian Akhir\n\n### Q?\n= a\n\n## Kontak\n\nHubungi kami.\n"
    spec = ok({"course.md": course_md("title: T\njp: 1\n", body)})
    assert "Hubungi kami." in spec.overview_html
    assert 'id="kontak"' in spec.overview_html


# Misplaced sections and broken links, each reported at its line with what to do; the
# expected messages are given without the course folder ROOT/ in front.
@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # `Catatan` over `---` is a level-2 (setext) heading: without the error, question R and
        # its answer would become page content.
        pytest.param(
            {
                "01-satu.md": module_md(
                    "title: M\n",
                    "\n## Kuis\n\n### Q?\n= a\n\n> Penjelasan.\n\n"
                    "Catatan\n---\n\n### R?\n= rahasia\n",
                )
            },
            [
                "01-satu.md:12: baris `---` tepat di bawah teks menjadikannya judul yang menutup "
                "bagian soal; beri baris kosong di atas `---`, atau tulis judulnya sebagai `## ...`"
            ],
            id="dashes_under_text_in_a_quiz_do_not_silently_end_it",
        ),
        pytest.param(
            {
                "01-satu.md": module_md(
                    "title: M\n",
                    "\n## Kuis\n\n### Q?\n= a\n\n> Penjelasan.\n\n---\n\n### R?\n= rahasia\n",
                )
            },
            [
                "01-satu.md:12: teks setelah jawaban tidak dikenali: penjelasan ditulis sebagai "
                "blockquote `> ...`, pertanyaan berikutnya diawali `###`"
            ],
            id="separator_line_after_a_blank_line_stays_inside_the_quiz",
        ),
        pytest.param(
            {"course.md": course_md("title: T\njp: 1\n", "\nIsi.\n\n## Kuis\n\n### Q?\n= a\n")},
            ["course.md:8: `## Kuis` hanya untuk modul; di course.md gunakan `## Ujian Akhir`"],
            id="kuis_in_course_md_is_an_error",
        ),
        pytest.param(
            {"01-satu.md": module_md("title: M\n", "\nIsi.\n\n## Ujian Akhir\n\n### Q?\n= a\n")},
            ["01-satu.md:7: `## Ujian Akhir` hanya untuk course.md; di modul gunakan `## Kuis`"],
            id="final_exam_in_a_module_is_an_error",
        ),
        pytest.param(
            {
                "01-satu.md": module_md(
                    "title: M\n", "\n## Kuis\n\n### Q?\n= a\n\n## Quiz\n\n### R?\n= b\n"
                )
            },
            ["01-satu.md:10: bagian soal ditulis dua kali (yang pertama di baris 5)"],
            id="two_quiz_sections_in_one_module",
        ),
        pytest.param(
            {
                "course.md": course_md(
                    "title: T\njp: 1\nexam:\n  draw: 2\n", "\n## Ujian Akhir\n\n### Q?\n= a\n"
                )
            },
            ["course.md:5: `draw` (2) lebih besar dari jumlah pertanyaan (1)"],
            id="exam_draw_larger_than_the_pool",
        ),
        pytest.param(
            {
                "01-satu.md": module_md(
                    "title: M\n", "\nIsi.\n\nLihat gambar:\n\n![g](media/tidak-ada.png)\n"
                )
            },
            [
                "01-satu.md:9: berkas media `media/tidak-ada.png` tidak ada di folder `media/` "
                "kursus ini"
            ],
            id="link_to_a_missing_media_file",
        ),
        pytest.param(
            {"01-satu.md": module_md("title: M\n", "\nIsi.\n\n[lanjut](03-tiga.md#awal)\n")},
            [
                "01-satu.md:7: tautan `03-tiga.md#awal` tidak menunjuk ke berkas kursus yang ada; "
                "gunakan alamat lengkap (https://...) atau nama berkas modul"
            ],
            id="link_to_a_missing_module_file",
        ),
        pytest.param(
            {
                "01-satu.md": module_md("title: M\n", "\n![g](media/g.png)\n"),
                "media/g.png": b"bukan png",
            },
            [
                "01-satu.md:5: berkas media `media/g.png` tidak ada di folder `media/` kursus ini",
                "media/g.png:1: isi berkas media `g.png` bukan PNG seperti namanya",
            ],
            id="rejected_media_file_also_breaks_links_to_it",
        ),
    ],
)
def test_problem_is_reported_at_its_line(files, expected):
    assert errors(files) == [f"{ROOT}/{message}" for message in expected]


@pytest.mark.parametrize("section", ["## Kuis\n", "## Kuis\n\nHanya petunjuk.\n"])
def test_empty_quiz_section(section):
    assert errors({"01-satu.md": module_md("title: M\n", f"\nIsi.\n\n{section}")}) == [
        f"{ROOT}/01-satu.md:7: bagian soal tidak berisi pertanyaan: "
        "setiap pertanyaan diawali `### `"
    ]


def test_draw_larger_than_the_pool():
    front = "title: M\nquiz:\n  attempts: 1\n  draw: 3\n"
    body = "\n## Kuis\n\n### Q?\n= a\n\n### R?\n= b\n"
    assert errors({"01-satu.md": module_md(front, body)}) == [
        f"{ROOT}/01-satu.md:5: `draw` (3) lebih besar dari jumlah pertanyaan (2)"
    ]


@pytest.mark.parametrize(
    ("draw", "draw_problem"),
    [(5, ["01-satu.md:4: `draw` (5) lebih besar dari jumlah pertanyaan (3)"]), (3, [])],
)
def test_a_broken_question_still_counts_in_the_pool_and_is_reported(draw, draw_problem):
    front = f"title: M\nquiz:\n  draw: {draw}\n"
    body = "\n## Kuis\n\n### Q?\n= a\n\n### R?\n- [ ] x\n- [ ] y\n\n### S?\n= c\n"
    assert errors({"01-satu.md": module_md(front, body)}) == [
        f"{ROOT}/{message}"
        for message in [
            *draw_problem,
            "01-satu.md:12: pertanyaan tidak punya jawaban benar: tandai minimal satu pilihan "
            "dengan `- [x]`",
        ]
    ]


def test_draw_equal_to_the_pool_is_fine():
    body = "\n## Kuis\n\n### Q?\n= a\n\n### R?\n= b\n"
    quiz = ok({"01-satu.md": module_md("title: M\nquiz:\n  draw: 2\n", body)}).modules[0].quiz
    assert quiz.settings.draw == 2


# --- links and media -------------------------------------------------------------------------

URLS = UrlScheme(
    media=lambda name, sha: f"/m/{sha[:8]}/{name}",
    module=lambda slug, fragment: f"/k/{slug}" + (f"#{fragment}" if fragment else ""),
    course=lambda fragment: "/k/" + (f"#{fragment}" if fragment else ""),
)


def test_relative_links_are_rewritten_through_the_url_scheme():
    body = (
        "\n![Matriks](media/matriks.png)\n\n[lanjut](02-dua.md#langkah-1) "
        "[awal](02-dua.md) [ikhtisar](course.md#cara) [berkas](./media/panduan.pdf)\n"
    )
    spec = ok(
        {
            "01-satu.md": module_md("title: M\n", body),
            "02-dua.md": MODULE_MD,
            "media/matriks.png": PNG,
            "media/panduan.pdf": b"%PDF-1.4\n",
        },
        urls=URLS,
    )
    png, pdf = sorted(spec.media, key=lambda m: m.name)
    html = spec.modules[0].html
    assert f'<img src="/m/{png.sha256[:8]}/matriks.png" alt="Matriks">' in html
    assert 'href="/k/dua#langkah-1"' in html
    assert 'href="/k/dua"' in html
    assert 'href="/k/#cara"' in html
    assert f'href="/m/{pdf.sha256[:8]}/panduan.pdf"' in html


def test_default_url_scheme_keeps_relative_links():
    body = "\n![g](media/g.png) [dua](02-dua.md#x)\n"
    spec = ok(
        {"01-satu.md": module_md("title: M\n", body), "02-dua.md": MODULE_MD, "media/g.png": PNG}
    )
    assert 'src="media/g.png"' in spec.modules[0].html
    assert 'href="dua#x"' in spec.modules[0].html


def test_media_files_are_listed_with_hash_and_type():
    import hashlib

    spec = ok({"media/b.svg": SVG, "media/a.png": PNG})
    assert [(m.name, m.mime, m.sha256) for m in spec.media] == [
        ("a.png", "image/png", hashlib.sha256(PNG).hexdigest()),
        ("b.svg", "image/svg+xml", hashlib.sha256(SVG).hexdigest()),
    ]
    assert spec.media[0].data == PNG


def test_missing_media_in_a_question_and_in_course_md():
    body = "\n## Kuis\n\n### Apa ini?\n\n![x](media/x.png)\n\n= a\n"
    found = errors(
        {
            "01-satu.md": module_md("title: M\n", body),
            "course.md": course_md("title: T\njp: 1\n", "\nIsi.\n\n![y](media/y.png)\n"),
        }
    )
    assert found == [
        f"{ROOT}/01-satu.md:9: berkas media `media/x.png` tidak ada di folder `media/` kursus ini",
        f"{ROOT}/course.md:8: berkas media `media/y.png` tidak ada di folder `media/` kursus ini",
    ]


def test_absolute_and_anchor_links_are_left_alone():
    body = "\n[situs](https://example.go.id/a) [surel](mailto:a@b.id) [atas](#atas)\n"
    html = ok({"01-satu.md": module_md("title: M\n", body)}).modules[0].html
    assert 'href="https://example.go.id/a"' in html
    assert 'href="mailto:a@b.id"' in html
    assert 'href="#atas"' in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("media/a.exe", b"MZ", "jenis berkas media `a.exe` tidak diizinkan; "
         "yang diizinkan: gif, jpeg, jpg, pdf, png, svg, webp"),
        ("media/a.png", b"GIF89a", "isi berkas media `a.png` bukan PNG seperti namanya"),
        ("media/a.svg", b"<svg><script>alert(1)</script></svg>",
         "SVG `a.svg` berisi skrip, event handler atau rujukan luar; "
         "simpan ulang sebagai gambar biasa"),
        ("media/a.png", PNG + b"\0" * 2048,
         "berkas media `a.png` terlalu besar (2 KB); batasnya 1 KB"),
    ],
)  # fmt: skip
def test_media_problems_are_reported_on_the_media_file(name, data, message):
    assert errors({name: data}, media_max_bytes=1024) == [f"{ROOT}/{name}:1: {message}"]


# --- all problems at once --------------------------------------------------------------------


def test_all_problems_of_a_course_are_reported_at_once_sorted_by_path_and_line():
    spec, problems = parse(
        {
            "course.md": course_md("title: T\njp: nol\npretest: true\ncompetencies:\n  asing: 9\n"),
            "01-satu.md": module_md(
                "title: M\nquiz:\n  draw: 5\n",
                "\n![g](media/g.png)\n\n## Kuis\n\n### Q?\n- [ ] a\n- [ ] b\n\n### R?\n= r\n",
            ),
            "02-dua.md": module_md("tittle: Dua\n", "\n## Kuis\n\n### Q? {#Q}\n= a\n"),
            "media/x.bmp": b"BM",
            "catatan.txt": "x",
        },
        known_competencies={"komunikasi"},
    )
    assert spec is None
    assert [str(p) for p in problems] == [
        f"{ROOT}/01-satu.md:4: `draw` (5) lebih besar dari jumlah pertanyaan (2)",
        f"{ROOT}/01-satu.md:7: berkas media `media/g.png` tidak ada di folder `media/` kursus ini",
        f"{ROOT}/01-satu.md:11: pertanyaan tidak punya jawaban benar: tandai minimal satu pilihan "
        "dengan `- [x]`",
        f"{ROOT}/02-dua.md:2: kunci `tittle` tidak dikenal; yang dikenal: title, minutes, quiz",
        f"{ROOT}/02-dua.md:7: id `Q` tidak valid: gunakan huruf kecil, angka, `-` atau `_`",
        f"{ROOT}/catatan.txt:1: berkas tidak dikenal: gambar dan lampiran disimpan di folder "
        "`media/`",
        f"{ROOT}/course.md:3: `jp` harus bilangan bulat 1–1000; tertulis `nol`",
        f"{ROOT}/course.md:4: `pretest` butuh soal: bagian `## Pre-test` atau "
        "`## Ujian Akhir` di course.md",
        f"{ROOT}/course.md:6: kompetensi `asing` tidak dikenal di competencies.yml",
        f"{ROOT}/media/x.bmp:1: jenis berkas media `x.bmp` tidak diizinkan; "
        "yang diizinkan: gif, jpeg, jpg, pdf, png, svg, webp",
    ]
    assert problems == sorted(problems)


def test_source_problems_are_reported_with_the_rest():
    source = make_source({"01-satu.md": "x"})
    early = Problem(f"{ROOT}/media/link.png", 1, "tautan simbolik tidak diizinkan di folder kursus")
    source = CourseSource(source.slug, source.files, ROOT, (early,))
    _, problems = parse_course(source)
    assert problems[0].path == f"{ROOT}/01-satu.md"
    assert early in problems


# --- content hash -----------------------------------------------------------------------------


def test_content_hash_is_stable_for_identical_files():
    first = ok({"media/a.png": PNG})
    second = ok({"media/a.png": PNG})
    assert first.content_hash == second.content_hash
    assert len(first.content_hash) == 64


@pytest.mark.parametrize(
    "change",
    [
        {"01-satu.md": MODULE_MD.replace("satu.", "satu!")},
        {"course.md": COURSE_MD.replace("jp: 2", "jp: 3")},
        {"01-satu.md": MODULE_MD + "\n"},
        {"media/a.png": PNG + b"\0"},
        {"media/b.png": PNG},
        {"01-satu.md": None, "01-pertama.md": MODULE_MD},
    ],
)
def test_content_hash_changes_with_any_edit(change):
    base = ok({"media/a.png": PNG}).content_hash
    assert ok({"media/a.png": PNG, **change}).content_hash != base


def test_crlf_and_bom_files_hash_and_parse_like_lf():
    body = "\nIsi.\n\n## Kuis\n\n### Q?\n= a\n"
    text = module_md("title: M\n", body)
    lf = ok({"01-satu.md": text})
    for variant in (
        text.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + text.encode(),
        b"\xef\xbb\xbf" + text.replace("\n", "\r").encode(),
    ):
        other = ok({"01-satu.md": variant})
        assert other.content_hash == lf.content_hash
        assert other.modules == lf.modules


def test_crlf_file_reports_the_same_lines_as_lf():
    text = module_md("title: M\nquiz:\n  draw: 9\n", "\n## Kuis\n\n### Q?\n- [ ] a\n- [x] a\n")
    lf = errors({"01-satu.md": text})
    assert errors({"01-satu.md": text.replace("\n", "\r\n")}) == lf
    assert lf == [
        f"{ROOT}/01-satu.md:4: `draw` (9) lebih besar dari jumlah pertanyaan (1)",
        f"{ROOT}/01-satu.md:11: pilihan `a` sudah ditulis di baris 10",
    ]


# --- loading from disk ------------------------------------------------------------------------


def write_course(folder, files: dict[str, str | bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)


def test_load_course_dir_reads_files_and_ignores_hidden_ones(tmp_path):
    folder = tmp_path / "kursus-disk"
    write_course(
        folder,
        {
            "course.md": COURSE_MD,
            "01-satu.md": MODULE_MD,
            "media/a.png": PNG,
            ".git/config": "x",
            ".catatan.md": "x",
            "media/.DS_Store": b"\0",
            "Thumbs.db": b"\0",
        },
    )
    source = load_course_dir(folder, display_root="courses/kursus-disk")
    assert source.slug == "kursus-disk"
    assert sorted(source.files) == ["01-satu.md", "course.md", "media/a.png"]
    assert source.problems == ()
    spec, problems = parse_course(source)
    assert problems == []
    assert spec.content_hash == make_source({"media/a.png": PNG}).content_hash()


def test_load_course_dir_refuses_symlinks(tmp_path):
    outside = tmp_path / "rahasia.png"
    outside.write_bytes(PNG)
    folder = tmp_path / "kursus-disk"
    write_course(folder, {"course.md": COURSE_MD, "01-satu.md": MODULE_MD})
    (folder / "media").mkdir()
    os.symlink(outside, folder / "media" / "tautan.png")
    os.symlink(folder / "01-satu.md", folder / "02-dua.md")
    source = load_course_dir(folder, display_root="k")
    assert sorted(source.files) == ["01-satu.md", "course.md"]
    spec, problems = parse_course(source)
    assert spec is None
    assert [str(p) for p in problems] == [
        "k/02-dua.md:1: tautan simbolik tidak diizinkan di folder kursus",
        "k/media/tautan.png:1: tautan simbolik tidak diizinkan di folder kursus",
    ]


def test_find_course_dirs(tmp_path):
    write_course(tmp_path / "b-kursus", {"course.md": COURSE_MD})
    write_course(tmp_path / "a-kursus", {"course.md": COURSE_MD})
    write_course(tmp_path / ".tersembunyi", {"course.md": COURSE_MD})
    write_course(tmp_path / "bukan-kursus", {"catatan.md": "x"})
    assert [p.name for p in find_course_dirs(tmp_path)] == ["a-kursus", "b-kursus"]
    assert find_course_dirs(tmp_path / "a-kursus") == [tmp_path / "a-kursus"]
    assert find_course_dirs(tmp_path / "tidak-ada") == []


# --- properties -------------------------------------------------------------------------------

MARKDOWN_PIECES = st.sampled_from(
    [
        "---\n", "title: T\n", "quiz:\n", "  draw: 2\n", "minutes: x\n", "## Kuis\n",
        "## Ujian Akhir\n", "### Q {#a}\n", "### Q\n", "### {#}\n", "- [x] a\n", "- [ ] b\n",
        "= x\n", "=\n", "> e\n", "\n", "teks\n", "```\n", "![i](media/x.png)\n",
        "[l](02-b.md#x)\n", "<script>x</script>\n", "[^1]: f\n", "x[^1]\n", "    kode\n",
        "|a|b|\n|-|-|\n", "  - [x] bersarang\n", "Kuis\n----\n", "\r\n", "\ufeff", "a: [\n",
        "!!int x\n", "<!--\n",
    ]
)  # fmt: skip
TEXTS = st.lists(MARKDOWN_PIECES | st.text(max_size=12), max_size=25).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(module=TEXTS, course=TEXTS)
def test_parse_course_never_raises_and_reports_within_the_file(module, course):
    for files in ({"01-satu.md": module}, {"course.md": course}):
        data = {n: t.encode("utf-8", "surrogatepass") for n, t in files.items()}
        spec, problems = parse({**data})
        assert (spec is None) == bool(problems)
        assert problems == sorted(problems)
        for problem in problems:
            name = problem.path.removeprefix(f"{ROOT}/")
            text = files.get(name, COURSE_MD if name == "course.md" else MODULE_MD)
            line_count = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
            assert 1 <= problem.line <= line_count, str(problem)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=200))
def test_parse_course_never_raises_on_arbitrary_bytes(data):
    spec, problems = parse({"01-satu.md": data, "media/x.png": data})
    assert (spec is None) == bool(problems)
