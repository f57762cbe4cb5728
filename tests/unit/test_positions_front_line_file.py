"""The positions file's optional front-line column (issue 18): `garis_depan` or `front_line`
(any case, spaces or underscores), ya/tidak; an empty cell or no column says nothing."""

from __future__ import annotations

import pytest

from elearn.domain.positions import front_line_value, parse_csv, parse_yaml

KNOWN = {"integritas", "komunikasi"}


@pytest.mark.parametrize("header", ["garis_depan", "Garis Depan", "front_line", "FRONT-LINE"])
def test_the_column_is_read_under_either_name(header):
    text = (
        f"kode,nama,jenis,integritas,{header}\nA,Loket,pelaksana,1,ya\nB,Arsip,pelaksana,,Tidak\n"
    )
    positions, errors = parse_csv(text, KNOWN)
    assert errors == []
    assert [(p.code, p.front_line, p.requirements) for p in positions] == [
        ("A", True, {"integritas": 1}),
        ("B", False, {}),
    ]


def test_no_column_or_an_empty_cell_leaves_the_flag_unsaid():
    positions, _ = parse_csv("kode,nama,jenis\nA,Loket,pelaksana\n", KNOWN)
    assert positions[0].front_line is None
    positions, _ = parse_csv("kode,nama,jenis,garis_depan\nA,Loket,pelaksana,\n", KNOWN)
    assert positions[0].front_line is None


def test_a_value_other_than_ya_or_tidak_is_a_row_error():
    positions, errors = parse_csv("kode,nama,jenis,garis_depan\nA,Loket,pelaksana,kadang\n", KNOWN)
    assert positions == []
    assert [str(e) for e in errors] == [
        "baris 2, kolom garis_depan: garis depan harus `ya` atau `tidak`; tertulis `kadang`"
    ]


def test_yaml_takes_the_key_and_yaml_booleans():
    text = (
        "jabatan:\n"
        "  - {kode: A, nama: Loket, jenis: pelaksana, garis_depan: ya, integritas: 2}\n"
        "  - {kode: B, nama: Arsip, jenis: pelaksana, front_line: false}\n"
        "  - {kode: C, nama: Kasi, jenis: pengawas, kompetensi: {komunikasi: 2}}\n"
    )
    positions, errors = parse_yaml(text, KNOWN)
    assert errors == []
    assert [(p.code, p.front_line, p.requirements) for p in positions] == [
        ("A", True, {"integritas": 2}),
        ("B", False, {}),
        ("C", None, {"komunikasi": 2}),
    ]


@pytest.mark.parametrize(
    "raw, flag",
    [("ya", True), ("YA ", True), ("yes", True), ("1", True), ("tidak", False), ("no", False)],
)
def test_values(raw, flag):
    assert front_line_value(raw) == (flag, None)
