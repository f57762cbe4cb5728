"""courses/skm.yml: the mapping from each SKM element to the competencies and courses that
address it, read and checked in pure code (elearn/domain/skm_map.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from elearn.domain import skm_map
from elearn.domain.skm_map import CourseRef
from elearn.domain.texts import Text
from tests.helpers.shipped import dictionary, parse_shipped

REPO = Path(__file__).resolve().parents[2]
PATH = "courses/skm.yml"
COMPETENCIES = {"komunikasi", "integritas", "manajemen-waktu", "literasi-digital"}
COURSES = {
    "pelayanan-prima": ["standar-pelayanan", "menangani-pengaduan"],
    "manajemen-waktu": ["prioritas"],
    "literasi-digital": [],
}


def read(text: str):
    return skm_map.read(text, PATH, COMPETENCIES, COURSES)


def messages(text: str) -> list[str]:
    return [str(p) for p in read(text)[1]]


def shipped_courses() -> dict[str, list[str]]:
    """The shipped courses and their module slugs, as the course checker reads them."""
    found = {}
    for folder in sorted((REPO / "courses").iterdir()):
        if (folder / "course.md").is_file():
            _folder, spec = parse_shipped(folder.name)
            found[spec.slug] = [m.slug for m in spec.modules]
    return found


def test_the_shipped_mapping_is_valid_and_follows_the_design():
    text = (REPO / PATH).read_text(encoding="utf-8")
    mapping, problems = skm_map.read(text, PATH, dictionary(), shipped_courses())
    assert problems == []
    courses = {e.code: [c.key for c in e.courses] for e in mapping.entries}
    assert courses["U6"] == courses["U7"] == ["pelayanan-prima"]
    assert courses["U8"] == ["pelayanan-prima/menangani-pengaduan"]
    assert courses["U3"] == ["manajemen-waktu"]
    assert courses["U2"] == ["literasi-digital"]
    assert courses["U4"] == courses["U9"] == []  # biaya and sarana: not a matter of training
    assert mapping.entry(4).competencies == ()


def test_a_mapping_is_read_in_file_order_and_left_out_elements_map_to_nothing():
    mapping, problems = read(
        "elements:\n"
        "  U8:\n"
        "    competencies: [komunikasi, integritas]\n"
        "    courses:\n"
        "      - pelayanan-prima/menangani-pengaduan\n"
        "      - manajemen-waktu\n"
        "  u3:\n"  # the letter's case does not matter
        "    courses: manajemen-waktu\n"  # one value without brackets
        "  U9:\n"
        "  U4: {}\n"
    )
    assert problems == []
    assert mapping.entry(8).competencies == ("komunikasi", "integritas")
    assert mapping.entry(8).courses == (
        CourseRef("pelayanan-prima", "menangani-pengaduan"),
        CourseRef("manajemen-waktu"),
    )
    assert mapping.entry(3).courses == (CourseRef("manajemen-waktu"),)
    assert [e.element for e in mapping.entries] == list(range(1, 10))
    assert mapping.entry(1) == skm_map.Entry(1)
    assert (mapping.competency_count, mapping.course_count) == (2, 3)


def test_unknown_elements_keys_and_duplicates_are_reported_with_their_line():
    text = (
        "elements:\n"  # 1
        "  U10:\n"  # 2
        "    courses: [manajemen-waktu]\n"  # 3
        "  U3:\n"  # 4
        "    courses: [manajemen-waktu, manajemen-waktu]\n"  # 5
        "    kursus: [x]\n"  # 6
        "  U3: {}\n"  # 7
        "  U7:\n"  # 8
        "    competencies: [komunikasi, komunikasi]\n"  # 9
        "  U8: [pelayanan-prima]\n"  # 10
        "catatan: x\n"  # 11
    )
    assert messages(text) == [
        f"{PATH}:2: unsur `U10` tidak dikenal; tulis U1 sampai U9",
        f"{PATH}:5: kursus `manajemen-waktu` ditulis dua kali di `U3` (baris 5)",
        f"{PATH}:6: kunci `kursus` di `U3` tidak dikenal; yang dikenal: competencies, courses",
        f"{PATH}:7: unsur `U3` ditulis dua kali (baris 4)",
        f"{PATH}:9: kompetensi `komunikasi` ditulis dua kali di `U7` (baris 9)",
        f"{PATH}:10: unsur `U8` harus berisi `competencies:` dan/atau `courses:`, "
        "atau dibiarkan kosong",
        f"{PATH}:11: kunci `catatan` tidak dikenal; yang dikenal: elements",
    ]


def test_unknown_competencies_courses_and_modules_are_reported():
    text = (
        "elements:\n"
        "  U7:\n"
        "    competencies: [komunikasi, ilmu-sihir]\n"
        "    courses:\n"
        "      - pelayanan-prima/menangani-pengaduan\n"
        "      - pelayanan-prima/antrean\n"
        "      - kursus-hilang\n"
        "      - literasi-digital/apa-saja\n"
    )
    assert messages(text) == [
        f"{PATH}:3: kompetensi `ilmu-sihir` tidak dikenal di competencies.yml",
        f"{PATH}:6: modul `antrean` tidak ada di kursus `pelayanan-prima`; "
        "modulnya: standar-pelayanan, menangani-pengaduan",
        f"{PATH}:7: kursus `kursus-hilang` tidak dikenal: tidak ada di folder yang diperiksa "
        "dan belum diterbitkan",
        f"{PATH}:8: modul `apa-saja` tidak ada di kursus `literasi-digital`; modulnya: -",
    ]
    assert read(text)[0] is None  # nothing is taken from a file with problems


def test_a_course_named_whole_and_by_a_module_is_reported():
    text = "elements:\n  U6:\n    courses: [pelayanan-prima, pelayanan-prima/menangani-pengaduan]\n"
    assert messages(text) == [
        f"{PATH}:3: `pelayanan-prima/menangani-pengaduan` sudah tercakup oleh kursus "
        "`pelayanan-prima` utuh di `U6` (baris 3); tulis salah satunya"
    ]


@pytest.mark.parametrize(
    "value, message",
    [
        ("Pelayanan Prima", "`Pelayanan Prima` bukan kursus atau kursus/modul"),
        ("a/b/c", "`a/b/c` bukan kursus atau kursus/modul"),
        ("pelayanan-prima/", "`pelayanan-prima/` bukan kursus atau kursus/modul"),
    ],
)
def test_a_course_must_be_a_slug_or_slug_and_module(value, message):
    (found,) = messages(f"elements:\n  U6:\n    courses: ['{value}']\n")
    assert found.startswith(f"{PATH}:3: {message}")


@pytest.mark.parametrize(
    "text, line, start",
    [
        ("", 1, "berkas harus berisi `elements:`"),
        ("- U1\n", 1, "berkas harus berisi `elements:`"),
        ("elements: [U1]\n", 1, "berkas harus berisi `elements:`"),
        ("elements:\n  U1:\n    courses: [a\n", 4, "YAML tidak valid: "),
        ("elements:\n  U1:\n    courses: {a: b}\n", 3, "`courses` di `U1` harus berupa daftar"),
        ("elements:\n  U1:\n    courses: [[a]]\n", 3, "isi `courses` di `U1` harus berupa teks"),
        ("elements:\n  U1:\n    competencies: [Komunikasi]\n", 3, "kode kompetensi `Komunikasi`"),
        ("elements: {}\nelements: {}\n", 2, "`elements:` ditulis dua kali (baris 1)"),
        ("[" * 5000, 1, "YAML tidak valid"),
    ],
)
def test_malformed_files_say_where_and_what(text, line, start):
    found = read(text)[1]
    assert found and found[0].line == line and found[0].message.startswith(start), found


def test_an_empty_elements_block_is_a_map_of_nothing():
    mapping, problems = read("elements:\n")
    assert problems == [] and mapping.course_count == 0 and len(mapping.entries) == 9


@pytest.mark.parametrize("name", sorted(n for n, v in vars(skm_map).items() if isinstance(v, Text)))
def test_every_problem_text_is_in_the_course_format_document(name):
    """docs/course-format.md lists each text (a `{name}` written there as ‹...›)."""
    import re

    template = getattr(skm_map, name)
    pattern = "‹[^›\n]+›".join(re.escape(part) for part in re.split(r"\{[a-z_]+\}", template))
    document = (REPO / "docs" / "course-format.md").read_text(encoding="utf-8")
    assert re.search(pattern, document), f"{name} is not in the document: {template}"
