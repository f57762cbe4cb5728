"""Module file names, their order and the editor's starting texts."""

import pytest

from elearn.content import outline
from elearn.content.frontmatter import split_front_matter
from elearn.content.parse import parse_course
from elearn.content.source import CourseSource


def test_module_names_in_number_order():
    paths = ["course.md", "10-akhir.md", "2-dua.md", "01-awal.md", "media/a.png", "catatan.md"]
    assert outline.module_names(paths) == ["01-awal.md", "2-dua.md", "10-akhir.md"]
    assert outline.slug_of("10-akhir.md") == "akhir"
    assert outline.number_of("2-dua.md") == 2
    assert not outline.is_module("catatan.md")


@pytest.mark.parametrize(
    ("slug", "taken", "problem"),
    [
        ("", (), "empty"),
        ("Besar", (), "format"),
        ("a--b", (), "format"),
        ("-awal", (), "format"),
        ("quiz", (), "reserved"),
        ("exam", (), "reserved"),
        ("pengantar", ("pengantar",), "taken"),
        ("x" * 61, (), "long"),
        ("komunikasi-empatik", ("pengantar",), None),
    ],
)
def test_module_slug_rules(slug, taken, problem):
    assert outline.module_slug_problem(slug, taken) == problem


def test_course_slug_rules():
    assert outline.course_slug_problem("pelayanan-prima") is None
    assert outline.course_slug_problem("new") == "reserved"
    assert outline.course_slug_problem("Pelayanan Prima") == "format"
    assert outline.course_slug_problem("") == "empty"


def test_slug_for_title_drops_accents_and_punctuation():
    assert (
        outline.slug_for_title("Komunikasi Empatik: Dasar-dasar!")
        == "komunikasi-empatik-dasar-dasar"
    )
    assert outline.slug_for_title("Écrire à l'État") == "ecrire-a-l-etat"


def test_next_name_appends_after_the_highest_number():
    assert outline.next_name(["course.md"], "awal") == "01-awal.md"
    assert outline.next_name(["01-a.md", "07-b.md", "course.md"], "c") == "08-c.md"
    assert outline.next_name([f"{n:02d}-m{n}.md" for n in range(1, 100)], "akhir") == "100-akhir.md"


def test_renamed_keeps_the_prefix():
    assert outline.renamed("03-lama.md", "baru") == "03-baru.md"
    assert outline.renamed("7-lama.md", "baru") == "7-baru.md"
    with pytest.raises(ValueError):
        outline.renamed("course.md", "x")


def test_moving_and_renumbering():
    order = ["01-a.md", "02-b.md", "03-c.md"]
    assert outline.moved(order, "02-b.md", -1) == ["02-b.md", "01-a.md", "03-c.md"]
    assert outline.moved(order, "02-b.md", 1) == ["01-a.md", "03-c.md", "02-b.md"]
    assert outline.moved(order, "01-a.md", -1) == order  # already first
    assert outline.moved(order, "03-c.md", 1) == order  # already last
    assert outline.renumber(["02-b.md", "01-a.md", "03-c.md"]) == [
        ("02-b.md", "01-b.md"),
        ("01-a.md", "02-a.md"),
    ]
    # Gaps and single digits are tidied; names already right are left alone.
    assert outline.renumber(["1-a.md", "05-b.md", "03-c.md"]) == [
        ("1-a.md", "01-a.md"),
        ("05-b.md", "02-b.md"),
    ]
    assert outline.duplicate_slugs(["01-a.md", "02-a.md", "03-b.md"]) == {"a"}


@pytest.mark.parametrize(
    "title",
    [
        "Pengantar",
        "Modul 1: Dasar",
        "#1 paling penting",
        "yes",
        "Kutip \"ganda\" dan 'tunggal'",
        "123",
    ],
)
def test_yaml_text_round_trips_through_the_front_matter(title):
    text = outline.module_template(title)
    assert split_front_matter(text).data["title"] in (
        title,
        int(title) if title.isdigit() else title,
    )
    assert outline.title_of(text) == title


def test_with_title_replaces_adds_or_creates_front_matter():
    text = "---\ntitle: Lama\nminutes: 5\n---\n\n# Isi\n"
    assert outline.with_title(text, "Baru: bagian 2") == (
        '---\ntitle: "Baru: bagian 2"\nminutes: 5\n---\n\n# Isi\n'
    )
    folded = "---\ntitle: >-\n  Judul panjang\n  dua baris\nminutes: 5\n---\nIsi\n"
    assert outline.title_of(outline.with_title(folded, "Pendek")) == "Pendek"
    assert "minutes: 5" in outline.with_title(folded, "Pendek")
    assert outline.with_title("---\nminutes: 5\n---\nIsi\n", "Judul").startswith(
        "---\ntitle: Judul\nminutes: 5\n---"
    )
    assert outline.title_of(outline.with_title("# Tanpa pengaturan\n", "Judul")) == "Judul"


def test_the_starting_texts_make_a_valid_course():
    files = {
        "course.md": outline.course_template("Kursus: Baru").encode(),
        "01-pengantar.md": outline.first_module_template().encode(),
        "02-lanjutan.md": outline.module_template("Lanjutan").encode(),
    }
    spec, problems = parse_course(CourseSource("kursus-baru", files, ""))
    assert problems == []
    assert spec.title == "Kursus: Baru"
    assert [m.slug for m in spec.modules] == ["pengantar", "lanjutan"]
    assert len(spec.modules[1].quiz.questions) == 1
