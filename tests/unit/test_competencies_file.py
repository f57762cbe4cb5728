"""competencies.yml: the dictionary of competencies that courses and certificates refer to."""

from __future__ import annotations

from pathlib import Path

import pytest

from elearn.content.competencies import GROUPS, parse_competencies

REPO = Path(__file__).resolve().parents[2]
PATH = "courses/competencies.yml"
LEVELS = "    levels:\n" + "".join(f"      {i}: Deskripsi level {i}.\n" for i in range(1, 6))


def entry(slug: str = "literasi-digital", body: str | None = None) -> str:
    if body is None:
        body = "    code: T.01\n    name: Literasi Digital\n    group: teknis\n" + LEVELS
    return f"  {slug}:\n{body}"


def parse(text: str):
    return parse_competencies(text, PATH)


def messages(text: str) -> list[str]:
    return [str(p) for p in parse(text)[1]]


def test_the_shipped_dictionary_is_valid():
    text = (REPO / PATH).read_text(encoding="utf-8")
    found, problems = parse(text)
    assert problems == []
    assert found
    assert len({c.slug for c in found}) == len(found)
    for competency in found:
        assert competency.group in GROUPS
        assert len(competency.levels) == 5
        assert all(level and "\n" not in level for level in competency.levels)


def test_an_entry_is_read_with_folded_text():
    text = (
        "competencies:\n"
        "  integritas:\n"
        "    code: M.01\n"
        "    name: Integritas\n"
        "    group: manajerial\n"
        "    description: >-\n"
        "      Bertindak jujur,\n"
        "      taat aturan.\n" + LEVELS
    )
    (competency,), problems = parse(text)
    assert problems == []
    assert competency.slug == "integritas"
    assert competency.code == "M.01"
    assert competency.name == "Integritas"
    assert competency.group == "manajerial"
    assert competency.description == "Bertindak jujur, taat aturan."
    assert competency.levels == tuple(f"Deskripsi level {i}." for i in range(1, 6))


def test_code_and_description_are_optional():
    body = "    name: Literasi Digital\n    group: teknis\n" + LEVELS
    (competency,), problems = parse("competencies:\n" + entry(body=body))
    assert problems == []
    assert (competency.code, competency.description) == ("", "")


def test_entries_keep_file_order():
    text = "competencies:\n" + entry("b-satu") + entry("a-dua")
    assert [c.slug for c in parse(text)[0]] == ["b-satu", "a-dua"]


@pytest.mark.parametrize("text", ["", "# kosong\n", "lain: 1\n", "- a\n", "competencies: [a]\n"])
def test_file_needs_a_competencies_mapping(text):
    assert messages(text) == [
        f"{PATH}:1: berkas harus berisi `competencies:` dengan satu entri per kompetensi"
    ]


def test_malformed_yaml_reports_its_line():
    found = messages("competencies:\n  a:\n    name: [x\n")
    assert len(found) == 1
    assert found[0].startswith(f"{PATH}:4: YAML tidak valid: ")


def test_deeply_nested_yaml_is_a_problem_not_a_crash():
    assert messages("competencies: " + "[" * 3000) == [
        f"{PATH}:1: YAML tidak valid: susunan bertingkat terlalu dalam"
    ]


@pytest.mark.parametrize("slug", ["Literasi", "literasi_digital", "literasi digital", "-a"])
def test_slug_must_be_lowercase_with_hyphens(slug):
    assert messages("competencies:\n" + entry(f"'{slug}'")) == [
        f"{PATH}:2: kode kompetensi `{slug}` harus slug huruf kecil, mis. `literasi-digital`"
    ]


def test_duplicate_slug_mentions_the_first_line():
    text = "competencies:\n" + entry("a") + entry("b") + entry("a")
    found, problems = parse(text)
    assert [c.slug for c in found] == ["a", "b"]
    assert [str(p) for p in problems] == [f"{PATH}:22: kompetensi `a` ditulis dua kali (baris 2)"]


def test_entry_must_be_a_mapping():
    assert messages("competencies:\n  a: Satu\n  b:\n") == [
        f"{PATH}:2: kompetensi `a` harus berisi name, group dan levels",
        f"{PATH}:3: kompetensi `b` harus berisi name, group dan levels",
    ]


def test_unknown_key_is_reported():
    body = "    name: A\n    group: teknis\n    nama: B\n" + LEVELS
    assert messages("competencies:\n" + entry("a", body)) == [
        f"{PATH}:2: kunci `nama` di `a` tidak dikenal; "
        "yang dikenal: code, name, group, description, levels"
    ]


def test_every_missing_field_is_reported_at_once():
    assert messages("competencies:\n" + entry("a", "    group: lain\n")) == [
        f"{PATH}:2: kompetensi `a` butuh `name`",
        f"{PATH}:2: `group` kompetensi `a` harus salah satu dari: "
        "manajerial, sosial-kultural, teknis",
        f"{PATH}:2: kompetensi `a` butuh `levels` dengan deskripsi level 1 sampai 5",
    ]


@pytest.mark.parametrize(
    "levels",
    [
        "    levels: [a, b, c, d, e]\n",
        "    levels:\n      1: a\n      2: b\n      3: c\n      4: d\n",
        "    levels:\n      1: a\n      2: b\n      3: c\n      4: d\n      5: e\n      6: f\n",
        # Mixed key types used to crash the sort.
        "    levels:\n      1: a\n      2: b\n      3: c\n      4: d\n      lima: e\n",
    ],
)
def test_levels_must_be_exactly_1_to_5(levels):
    body = "    name: A\n    group: teknis\n" + levels
    assert messages("competencies:\n" + entry("a", body)) == [
        f"{PATH}:2: kompetensi `a` butuh `levels` dengan deskripsi level 1 sampai 5"
    ]


@pytest.mark.parametrize("value", ["''", "'   '", "3", "[a]"])
def test_every_level_description_must_be_filled(value):
    levels = LEVELS.replace("Deskripsi level 4.", value)
    body = "    name: A\n    group: teknis\n" + levels
    assert messages("competencies:\n" + entry("a", body)) == [
        f"{PATH}:2: setiap deskripsi level kompetensi `a` harus diisi"
    ]


def test_bad_explicit_tag_is_a_problem_not_a_crash():
    body = "    name: !!int satu\n    group: teknis\n" + LEVELS
    found, problems = parse("competencies:\n" + entry("b") + entry("a", body))
    assert [c.slug for c in found] == ["b"]
    assert [str(p) for p in problems] == [
        f"{PATH}:13: YAML tidak valid: nilai `satu` tidak bisa dibaca sebagai `!!int`"
    ]


def test_valid_entries_survive_invalid_ones():
    text = "competencies:\n" + entry("baik") + entry("rusak", "    group: teknis\n")
    found, problems = parse(text)
    assert [c.slug for c in found] == ["baik"]
    assert [p.line for p in problems] == [12, 12]
