"""Every import reports every problem of a file at once, with line numbers (issue 12,
finding 14): a wrong header does not hide the wrong rows below it."""

from __future__ import annotations

from elearn.domain.employees import validate_rows
from elearn.domain.org import parse_org_csv
from elearn.domain.positions import parse_csv

KNOWN = ("integritas", "komunikasi")


def messages(errors) -> list[str]:
    return [str(e) for e in errors]


def test_positions_unknown_column_and_bad_level_are_both_reported():
    text = (
        "kode,nama,jenis,integritas,sulap\n"
        "JF-1,Analis,fungsional,3,1\n"
        "JF-2,Pranata,fungsional,9,1\n"
        "JF-3,,pelaksana,2,\n"
    )
    defs, errors = parse_csv(text, KNOWN)
    assert defs == []
    assert messages(errors) == [
        "baris 1, kolom sulap: kolom kompetensi tidak dikenal",
        "baris 3, kolom integritas: level harus 1 sampai 5; tertulis `9`",
        "baris 4, kolom nama: nama jabatan wajib diisi",
    ]


def test_positions_missing_column_is_named_once_and_rows_still_checked():
    defs, errors = parse_csv("kode,nama,integritas\nA,Satu,7\nB,Dua,1\n", KNOWN)
    assert defs == []
    assert messages(errors) == [
        "baris 1, kolom jenis: kolom wajib tidak ada",
        "baris 2, kolom integritas: level harus 1 sampai 5; tertulis `7`",
    ]


def test_org_missing_column_and_row_problems_are_both_reported():
    units, errors = parse_org_csv("kode,nama\nKOTA,Kota\nDINAS,\nKOTA,Lagi\n")
    assert units == []
    assert messages(errors) == [
        "baris 1, kolom kode_induk: kolom wajib tidak ada",
        "baris 3, kolom nama: nama unit wajib diisi",
        "baris 4, kolom kode: kode KOTA sudah dipakai di baris 2",
    ]


def test_org_row_without_code_also_reports_its_missing_name():
    _, errors = parse_org_csv("kode,nama,kode_induk\n,,KOTA\n")
    assert messages(errors) == [
        "baris 2, kolom nama: nama unit wajib diisi",
        "baris 2, kolom kode: kode unit wajib diisi",
    ]


def test_employees_missing_column_and_bad_row_are_both_reported():
    rows = [
        ["nip", "nama", "jenis_pegawai", "golongan"],
        ["198609262015051001", "Siti", "PNS", "V/z"],
        ["19860926201505100", "Budi", "PNS", "III/a"],
    ]
    result, errors = validate_rows(rows, {"DINAS"}, set())
    assert result == []
    assert messages(errors) == [
        "baris 1, kolom kode_unit: kolom wajib tidak ada",
        "baris 2, kolom golongan: golongan `V/z` tidak dikenal untuk PNS (I/a sampai IV/e)",
        "baris 3, kolom nip: NIP harus 18 angka; yang dimasukkan 17 angka.",
    ]
