"""Position profiles (jabatan) from CSV or YAML, checked row by row in Bahasa Indonesia."""

from __future__ import annotations

import pytest

from elearn.domain.positions import (
    POSITION_TYPES,
    PositionDef,
    RowError,
    normalise_header,
    parse_csv,
    parse_yaml,
    position_type,
)

KNOWN = {
    "integritas",
    "kerja-sama",
    "komunikasi",
    "orientasi-pada-hasil",
    "pelayanan-publik",
    "pengembangan-diri-dan-orang-lain",
    "mengelola-perubahan",
    "pengambilan-keputusan",
    "perekat-bangsa",
    "literasi-digital",
}

GOOD_CSV = (
    "kode,nama,jenis,integritas,kerja-sama,literasi-digital\n"
    "JPT-01,Kepala Dinas Kominfo,JPT Pratama,4,4,\n"
    "ADM-01,Sekretaris Dinas,administrator,3,3,2\n"
    "PLK-01,Pengelola Data,pelaksana,1,,1\n"
)


def where(errors):
    return [(e.row, e.column) for e in errors]


# CSV ---------------------------------------------------------------------------------------


def test_csv_with_commas():
    positions, errors = parse_csv(GOOD_CSV, KNOWN)
    assert errors == []
    assert positions == [
        PositionDef("JPT-01", "Kepala Dinas Kominfo", "jpt", {"integritas": 4, "kerja-sama": 4}),
        PositionDef(
            "ADM-01",
            "Sekretaris Dinas",
            "administrator",
            {"integritas": 3, "kerja-sama": 3, "literasi-digital": 2},
        ),
        # a blank level means the position does not require the competency
        PositionDef(
            "PLK-01", "Pengelola Data", "pelaksana", {"integritas": 1, "literasi-digital": 1}
        ),
    ]


def test_csv_with_semicolons_as_excel_in_indonesian_locale_writes_it():
    text = GOOD_CSV.replace(",", ";")
    assert parse_csv(text, KNOWN) == parse_csv(GOOD_CSV, KNOWN)


def test_csv_semicolons_with_commas_inside_names():
    text = "kode;nama;jenis;integritas\nADM-02;Kepala Bagian Umum, Setda;administrator;3\n"
    positions, errors = parse_csv(text, KNOWN)
    assert errors == []
    assert positions == [
        PositionDef("ADM-02", "Kepala Bagian Umum, Setda", "administrator", {"integritas": 3})
    ]


def test_csv_with_utf8_bom_and_windows_line_ends():
    text = "\ufeff" + GOOD_CSV.replace("\n", "\r\n")
    assert parse_csv(text, KNOWN) == parse_csv(GOOD_CSV, KNOWN)


def test_csv_headers_ignore_case_spaces_and_underscores():
    text = (
        " KODE , Nama ,Jenis,Kerja Sama,ORIENTASI_PADA_HASIL,Pengembangan Diri dan Orang Lain\n"
        "PGW-01,Kepala Seksi Pelayanan,Pengawas,2,2,2\n"
    )
    positions, errors = parse_csv(text, KNOWN)
    assert errors == []
    assert positions == [
        PositionDef(
            "PGW-01",
            "Kepala Seksi Pelayanan",
            "pengawas",
            {"kerja-sama": 2, "orientasi-pada-hasil": 2, "pengembangan-diri-dan-orang-lain": 2},
        )
    ]


def test_csv_trims_values_and_skips_blank_rows():
    text = (
        "kode,nama,jenis,integritas\n"
        "\n"
        "  FUN-01 , Analis   Kebijakan  Ahli Muda ,fungsional, 3 \n"
        ",,,\n"
    )
    positions, errors = parse_csv(text, KNOWN)
    assert errors == []
    assert positions == [
        PositionDef("FUN-01", "Analis Kebijakan Ahli Muda", "fungsional", {"integritas": 3})
    ]


def test_csv_short_rows_leave_trailing_competencies_unrequired():
    positions, errors = parse_csv(
        "kode,nama,jenis,integritas,komunikasi\nPLK-02,Pengadministrasi,pelaksana,1\n", KNOWN
    )
    assert errors == []
    assert positions[0].requirements == {"integritas": 1}


def test_csv_unknown_competency_column_is_a_header_error():
    text = "kode,nama,jenis,integritas,Kejujuran\nPLK-01,Pengelola Data,pelaksana,1,2\n"
    positions, errors = parse_csv(text, KNOWN)
    assert positions == []
    assert where(errors) == [(1, "Kejujuran")]
    assert str(errors[0]) == "baris 1, kolom Kejujuran: kolom kompetensi tidak dikenal"


def test_csv_missing_base_column_is_a_header_error():
    positions, errors = parse_csv("kode,nama,integritas\nPLK-01,Pengelola Data,1\n", KNOWN)
    assert positions == []
    assert where(errors) == [(1, "jenis")]
    assert "kolom wajib tidak ada" in str(errors[0])


def test_csv_empty_file():
    positions, errors = parse_csv("", KNOWN)
    assert positions == []
    assert len(errors) == 1
    assert errors[0].row == 1
    assert str(errors[0]) == "baris 1: berkas kosong"


@pytest.mark.parametrize("level", ["0", "6", "10", "-1", "tiga", "2.5", "3a", "²", "٣"])
def test_csv_level_outside_one_to_five_or_not_a_number(level):
    text = f"kode,nama,jenis,integritas,komunikasi\nADM-01,Sekretaris,administrator,3,{level}\n"
    positions, errors = parse_csv(text, KNOWN)
    assert positions == []
    assert where(errors) == [(2, "komunikasi")]
    message = str(errors[0])
    assert message.startswith("baris 2, kolom komunikasi: ")
    assert "1 sampai 5" in message
    assert level in message


@pytest.mark.parametrize("level", ["1", "5", " 4 ", "03"])
def test_csv_levels_one_to_five_accepted(level):
    positions, errors = parse_csv(
        f"kode,nama,jenis,integritas\nA,Jabatan A,pelaksana,{level}\n", KNOWN
    )
    assert errors == []
    assert positions[0].requirements == {"integritas": int(level)}


def test_csv_errors_are_reported_row_by_row_and_nothing_is_returned():
    text = (
        "kode,nama,jenis,integritas\n"
        "ADM-01,Sekretaris Dinas,administrator,3\n"  # row 2: fine
        ",Tanpa Kode,pelaksana,1\n"  # row 3: no kode
        "PLK-09,,pelaksana,1\n"  # row 4: no nama
        "PLK-10,Staf,honorer,1\n"  # row 5: unknown jenis
        "ADM-01,Sekretaris Lagi,administrator,7\n"  # row 6: duplicate kode and bad level
        "PLK-11,Staf Umum,pelaksana,1\n"  # row 7: fine
    )
    positions, errors = parse_csv(text, KNOWN)
    assert positions == []
    assert where(errors) == [
        (3, "kode"),
        (4, "nama"),
        (5, "jenis"),
        (6, "kode"),
        (6, "integritas"),
    ]
    messages = [str(e) for e in errors]
    assert messages[0] == "baris 3, kolom kode: kode jabatan wajib diisi"
    assert messages[1] == "baris 4, kolom nama: nama jabatan wajib diisi"
    assert messages[2].startswith("baris 5, kolom jenis: jenis harus salah satu dari: ")
    for kind in POSITION_TYPES:
        assert kind in messages[2]
    assert messages[3] == "baris 6, kolom kode: kode ADM-01 sudah dipakai di baris 2"
    assert messages[4] == "baris 6, kolom integritas: level harus 1 sampai 5; tertulis `7`"


def test_csv_a_single_wrong_row_discards_every_row():
    text = GOOD_CSV + "PLK-02,Pengadministrasi,pelaksana,9,,\n"
    positions, errors = parse_csv(text, KNOWN)
    assert positions == []
    assert where(errors) == [(5, "integritas")]


# position types ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("JPT Pratama", "jpt"),
        ("JPT Madya", "jpt"),
        ("jpt  utama", "jpt"),
        ("JPT", "jpt"),
        ("Administrator", "administrator"),
        (" pengawas ", "pengawas"),
        ("FUNGSIONAL", "fungsional"),
        ("Pelaksana", "pelaksana"),
        ("honorer", None),
        ("", None),
        ("struktural", None),
    ],
)
def test_position_type(raw, kind):
    assert position_type(raw) == kind


def test_header_normalisation():
    assert normalise_header("\ufeff Kode_Jabatan ") == "kodejabatan"
    assert normalise_header("Kerja Sama") == normalise_header("kerja_sama") == "kerjasama"


def test_row_error_text_is_indonesian():
    assert str(RowError(4, "jenis", "tidak dikenal")) == "baris 4, kolom jenis: tidak dikenal"
    assert str(RowError(1, "", "berkas kosong")) == "baris 1: berkas kosong"


# YAML --------------------------------------------------------------------------------------


GOOD_YAML = """
- kode: JPT-01
  nama: Kepala Dinas Kominfo
  jenis: JPT Pratama
  kompetensi:
    integritas: 4
    kerja-sama: 4
- kode: PLK-01
  nama: Pengelola Data
  jenis: pelaksana
  kompetensi:
    integritas: 1
    literasi-digital: "1"
    komunikasi:
"""

GOOD_POSITIONS = [
    PositionDef("JPT-01", "Kepala Dinas Kominfo", "jpt", {"integritas": 4, "kerja-sama": 4}),
    PositionDef("PLK-01", "Pengelola Data", "pelaksana", {"integritas": 1, "literasi-digital": 1}),
]


def test_yaml_list():
    assert parse_yaml(GOOD_YAML, KNOWN) == (GOOD_POSITIONS, [])


def test_yaml_under_a_jabatan_key():
    text = "jabatan:\n" + "\n".join("  " + line for line in GOOD_YAML.splitlines())
    assert parse_yaml(text, KNOWN) == (GOOD_POSITIONS, [])


def test_yaml_slug_keys_without_kompetensi_mapping():
    text = """
- kode: ADM-01
  nama: Sekretaris Dinas
  jenis: administrator
  integritas: 3
  pelayanan-publik: 3
"""
    positions, errors = parse_yaml(text, KNOWN)
    assert errors == []
    assert positions == [
        PositionDef(
            "ADM-01",
            "Sekretaris Dinas",
            "administrator",
            {"integritas": 3, "pelayanan-publik": 3},
        )
    ]


def test_yaml_position_without_competencies():
    positions, errors = parse_yaml("- {kode: P1, nama: Staf, jenis: pelaksana}\n", KNOWN)
    assert errors == []
    assert positions == [PositionDef("P1", "Staf", "pelaksana", {})]


def test_yaml_errors_row_by_row():
    text = """
- kode: ADM-01
  nama: Sekretaris Dinas
  jenis: administrator
  kompetensi: {integritas: 3}
- nama: Tanpa Kode
  jenis: pelaksana
- kode: PLK-02
  jenis: pelaksana
- kode: PLK-03
  nama: Staf
  jenis: honorer
- kode: ADM-01
  nama: Sekretaris Lagi
  jenis: administrator
  kompetensi: {integritas: 0, kejujuran: 2, komunikasi: tinggi}
- kode: PLK-04
  nama: Staf Umum
  jenis: pelaksana
  kompetensi: [integritas]
- bukan jabatan
"""
    positions, errors = parse_yaml(text, KNOWN)
    assert positions == []
    assert where(errors) == [
        (2, "kode"),
        (3, "nama"),
        (4, "jenis"),
        (5, "kode"),
        (5, "integritas"),
        (5, "kejujuran"),
        (5, "komunikasi"),
        (6, "kompetensi"),
        (7, ""),
    ]
    messages = [str(e) for e in errors]
    assert messages[3] == "baris 5, kolom kode: kode ADM-01 sudah dipakai di baris 1"
    assert messages[4] == "baris 5, kolom integritas: level harus 1 sampai 5; tertulis `0`"
    assert messages[5] == "baris 5, kolom kejujuran: kompetensi `kejujuran` tidak dikenal"
    assert "tinggi" in messages[6]
    assert messages[8].startswith("baris 7: ")


@pytest.mark.parametrize("level", [6, -1, 2.5, True, "x"])
def test_yaml_bad_levels(level):
    text = (
        "- kode: A\n  nama: Jabatan A\n  jenis: pelaksana\n"
        f"  kompetensi:\n    integritas: {level}\n"
    )
    positions, errors = parse_yaml(text, KNOWN)
    assert positions == []
    assert where(errors) == [(1, "integritas")]


@pytest.mark.parametrize(
    "text",
    ["", "jabatan: 3\n", "kode: A\nnama: B\n", "just text\n", "jabatan:\n"],
)
def test_yaml_that_is_not_a_list_of_positions(text):
    positions, errors = parse_yaml(text, KNOWN)
    assert positions == []
    assert where(errors) == [(1, "")]
    assert "daftar jabatan" in str(errors[0])


def test_invalid_yaml_names_the_line():
    positions, errors = parse_yaml("- kode: A\n  nama: [B\n  jenis: pelaksana\n- x: {\n", KNOWN)
    assert positions == []
    assert len(errors) == 1
    assert errors[0].row >= 2
    assert "YAML tidak valid" in str(errors[0])
    assert str(errors[0]).startswith(f"baris {errors[0].row}: ")
