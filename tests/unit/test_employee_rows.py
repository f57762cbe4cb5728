"""Employee rows from an HR spreadsheet: every rule names the row and the column."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.domain.employees import EmployeeRow, validate_rows

HEADER = ["nip", "nama", "email", "jenis_pegawai", "kode_unit", "kode_jabatan", "golongan"]
UNITS = {"DISKOMINFO", "BKPSDM"}
POSITIONS = {"JF-AK-1", "PLK-ADM"}
PNS_NIP = "198609262015051001"
PNS_NIP_2 = "199001012019032002"
# Digits 13-14 of an NI PPPK are a batch code, not a month: 13 is fine for PPPK.
PPPK_NIP = "199001012021131001"


def row(**overrides) -> list:
    values = {
        "nip": PNS_NIP,
        "nama": "Siti Rahmawati",
        "email": "siti@medan.go.id",
        "jenis_pegawai": "PNS",
        "kode_unit": "DISKOMINFO",
        "kode_jabatan": "JF-AK-1",
        "golongan": "III/a",
    }
    values.update(overrides)
    return [values[h] for h in HEADER]


def check(*rows, header=HEADER):
    return validate_rows([header, *rows], UNITS, POSITIONS)


def only_error(*rows, header=HEADER) -> str:
    result, errors = check(*rows, header=header)
    assert result == []
    assert len(errors) == 1, [str(e) for e in errors]
    return str(errors[0])


# --- a valid file -----------------------------------------------------------------------------


def test_valid_rows_become_employee_rows():
    result, errors = check(
        row(),
        row(
            nip="19900101 201903 2 002",
            nama="Budi Santoso",
            email="",
            kode_unit="BKPSDM",
            kode_jabatan="",
            golongan="",
        ),
        row(nip=PPPK_NIP, nama="Dewi", jenis_pegawai="pppk", golongan="ix", email="Dewi@X.go.id"),
    )
    assert errors == []
    assert result == [
        EmployeeRow(
            row=2,
            nip=PNS_NIP,
            name="Siti Rahmawati",
            email="siti@medan.go.id",
            employee_type="PNS",
            unit_code="DISKOMINFO",
            position_code="JF-AK-1",
            rank="III/a",
        ),
        EmployeeRow(3, PNS_NIP_2, "Budi Santoso", None, "PNS", "BKPSDM", None, None),
        EmployeeRow(4, PPPK_NIP, "Dewi", "dewi@x.go.id", "PPPK", "DISKOMINFO", "JF-AK-1", "IX"),
    ]


def test_headers_match_ignoring_case_spaces_and_underscores_in_any_order():
    header = ["Golongan", "NAMA", "Kode Unit", " NIP ", "Jenis_Pegawai", "kode jabatan", "E mail"]
    cells = ["II/c", "Budi", "BKPSDM", PNS_NIP, "PNS", "PLK-ADM", "budi@medan.go.id"]
    result, errors = validate_rows([header, cells], UNITS, POSITIONS)
    assert errors == []
    (employee,) = result
    assert (employee.nip, employee.name, employee.unit_code) == (PNS_NIP, "Budi", "BKPSDM")
    assert (employee.position_code, employee.rank, employee.email) == (
        "PLK-ADM",
        "II/c",
        "budi@medan.go.id",
    )


def test_optional_columns_may_be_left_out():
    header = ["nip", "nama", "jenis pegawai", "kode unit"]
    result, errors = validate_rows([header, [PNS_NIP, "Siti", "PNS", "BKPSDM"]], UNITS, POSITIONS)
    assert errors == []
    assert result[0].email is None and result[0].position_code is None and result[0].rank is None


def test_stray_and_non_breaking_spaces_are_trimmed():
    result, errors = check(
        row(
            nip="\u00a019860926\u00a0201505 1 001 ",
            nama="  Siti \u00a0 Rahmawati\u00a0",
            email=" siti@medan.go.id\u00a0",
            jenis_pegawai=" PNS\u00a0",
            kode_unit="\u00a0DISKOMINFO ",
            kode_jabatan=" JF-AK-1\u00a0",
            golongan=" III / a ",
        )
    )
    assert errors == []
    (employee,) = result
    assert employee.nip == PNS_NIP
    assert employee.name == "Siti Rahmawati"
    assert employee.email == "siti@medan.go.id"
    assert (employee.unit_code, employee.position_code, employee.rank) == (
        "DISKOMINFO",
        "JF-AK-1",
        "III/a",
    )


def test_blank_rows_are_skipped_but_keep_the_row_numbers():
    blank = ["", " ", "\u00a0", None, "", "", ""]
    result, errors = check(blank, row(), [], [None] * 7, row(nip=PNS_NIP_2))
    assert errors == []
    assert [r.row for r in result] == [3, 6]
    _, errors = check(blank, row(nama=""))
    assert [str(e) for e in errors] == ["baris 3, kolom nama: nama wajib diisi"]


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("PNS", "iii/a", "III/a"),
        ("PNS", "III / A", "III/a"),
        ("PNS", "iv/e", "IV/e"),
        ("PNS", "I/a", "I/a"),
        ("PPPK", "ix", "IX"),
        ("PPPK", "xvii", "XVII"),
        ("PPPK", " i ", "I"),
    ],
)
def test_golongan_is_normalised(kind, raw, expected):
    nip = PPPK_NIP if kind == "PPPK" else PNS_NIP
    result, errors = check(row(nip=nip, jenis_pegawai=kind, golongan=raw))
    assert errors == []
    assert result[0].rank == expected


# --- each rule, with its row and column -------------------------------------------------------


def test_empty_file_is_refused():
    assert [str(e) for e in validate_rows([], UNITS, POSITIONS)[1]] == ["baris 1: berkas kosong"]


def test_missing_required_columns_are_named_on_row_1():
    result, errors = check(row(), header=["nip", "nama", "email", "golongan"])
    assert result == []
    assert [str(e) for e in errors] == [
        "baris 1, kolom jenis_pegawai: kolom wajib tidak ada",
        "baris 1, kolom kode_unit: kolom wajib tidak ada",
    ]
    _, errors = check(header=["NIP", "Nama Lengkap", "Jenis Pegawai", "Kode Unit"])
    assert [str(e) for e in errors] == ["baris 1, kolom nama: kolom wajib tidak ada"]


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19860926201505100", "NIP harus 18 angka; yang dimasukkan 17 angka."),
        ("19860926201505100A", "NIP hanya boleh berisi angka (spasi boleh)."),
        ("NIP198609262015051", "NIP hanya boleh berisi angka (spasi boleh)."),
        ("198602302015051001", "8 angka pertama NIP (19860230) bukan tanggal lahir yang sah."),
        ("198609262015131001", "Angka ke-13 dan 14 (13) harus bulan TMT CPNS 01–12."),
        ("198609262015053001", "Angka ke-15 (3) harus 1 (laki-laki) atau 2 (perempuan)."),
        ("198609262015051000", "Tiga angka terakhir NIP (nomor urut) mulai dari 001."),
        ("1.98609E+17", "NIP 1.98609E+17 sudah diubah Excel menjadi angka ilmiah"),
        ("", "NIP wajib diisi."),
    ],
)
def test_bad_pns_nip_is_named_with_row_and_column(nip, message):
    error = only_error(row(), row(nip=nip, nama="Budi"))
    assert error.startswith("baris 3, kolom nip: ")
    assert message in error


def test_month_13_is_a_batch_code_for_pppk_but_wrong_for_pns():
    nip = "199001012021131001"
    assert check(row(nip=nip, jenis_pegawai="PPPK", golongan="V"))[1] == []
    error = only_error(row(nip=nip, jenis_pegawai="PNS", golongan=""))
    assert error == "baris 2, kolom nip: Angka ke-13 dan 14 (13) harus bulan TMT CPNS 01–12."


def test_pppk_year_must_follow_the_birth_year():
    error = only_error(row(nip="199001011989011001", jenis_pegawai="PPPK", golongan=""))
    assert error == (
        "baris 2, kolom nip: Angka ke-9 sampai 12 (1989) harus tahun setelah tahun lahir."
    )


@pytest.mark.parametrize("cell", [198609262015051001, 1.98609262015051e17, 198609262015051001.0])
def test_numeric_nip_cell_from_excel_is_refused(cell):
    error = only_error(row(nip=cell))
    assert error.startswith("baris 2, kolom nip: NIP tersimpan sebagai angka di Excel")
    assert "format kolom NIP sebagai teks" in error


@pytest.mark.parametrize("kind", ["", "CPNS", "honorer", "P3K"])
def test_bad_employee_type(kind):
    error = only_error(row(jenis_pegawai=kind))
    assert error == "baris 2, kolom jenis_pegawai: jenis pegawai harus PNS atau PPPK"


def test_empty_name():
    assert only_error(row(nama=" \u00a0 ")) == "baris 2, kolom nama: nama wajib diisi"


@pytest.mark.parametrize("email", ["siti", "siti@medan", "siti@@medan.go.id", "si ti@medan.go.id"])
def test_bad_email(email):
    error = only_error(row(email=email))
    assert error == f"baris 2, kolom email: alamat e-mail `{email}` tidak valid"


def test_missing_and_unknown_unit():
    assert only_error(row(kode_unit="")) == "baris 2, kolom kode_unit: kode unit wajib diisi"
    assert only_error(row(kode_unit="DINKES")) == (
        "baris 2, kolom kode_unit: unit `DINKES` tidak dikenal"
    )
    # Codes are matched exactly.
    assert "tidak dikenal" in only_error(row(kode_unit="diskominfo"))


def test_unknown_position():
    assert only_error(row(kode_jabatan="JF-XX")) == (
        "baris 2, kolom kode_jabatan: jabatan `JF-XX` tidak dikenal"
    )


@pytest.mark.parametrize(
    ("kind", "rank", "allowed"),
    [
        ("PNS", "IX", "I/a sampai IV/e"),
        ("PNS", "IV/f", "I/a sampai IV/e"),
        ("PNS", "V/a", "I/a sampai IV/e"),
        ("PNS", "3a", "I/a sampai IV/e"),
        ("PPPK", "III/a", "I sampai XVII"),
        ("PPPK", "XVIII", "I sampai XVII"),
        ("PPPK", "0", "I sampai XVII"),
    ],
)
def test_golongan_must_fit_the_employee_type(kind, rank, allowed):
    nip = PPPK_NIP if kind == "PPPK" else PNS_NIP
    error = only_error(row(nip=nip, jenis_pegawai=kind, golongan=rank))
    assert error == (
        f"baris 2, kolom golongan: golongan `{rank}` tidak dikenal untuk {kind} ({allowed})"
    )


def test_duplicate_nip_mentions_the_first_row():
    error = only_error(row(), row(nip=PNS_NIP_2), row(nip="19860926 201505 1 001", nama="Lain"))
    assert error == f"baris 4, kolom nip: NIP {PNS_NIP} sudah ada di baris 2"


def test_duplicate_of_a_row_with_other_errors_still_points_at_it():
    result, errors = check(row(email="salah"), row())
    assert result == []
    assert [str(e) for e in errors] == [
        "baris 2, kolom email: alamat e-mail `salah` tidak valid",
        f"baris 3, kolom nip: NIP {PNS_NIP} sudah ada di baris 2",
    ]


def test_nothing_is_returned_when_any_row_is_wrong_and_all_errors_are_listed():
    result, errors = check(
        row(),
        row(nip=PNS_NIP_2, nama="", kode_unit="X", golongan="Z"),
        row(nip=PPPK_NIP, jenis_pegawai="PPPK", golongan="XVII"),
    )
    assert result == []
    assert [(e.row, e.column) for e in errors] == [
        (3, "nama"),
        (3, "kode_unit"),
        (3, "golongan"),
    ]


def test_errors_in_several_rows_keep_file_order():
    _, errors = check(row(nip="123"), row(nip=PNS_NIP_2), row(nip=PPPK_NIP, jenis_pegawai="X"))
    assert [str(e).split(":")[0] for e in errors] == [
        "baris 2, kolom nip",
        "baris 4, kolom jenis_pegawai",
        "baris 4, kolom nip",
    ]


# --- never raises -----------------------------------------------------------------------------

cell = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.text(alphabet="0123456789 \u00a0.,E+-/", max_size=22),
    st.sampled_from(["PNS", "PPPK", "pppk", "DISKOMINFO", "JF-AK-1", "III/a", "ix", PNS_NIP]),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    header=st.one_of(
        st.just(HEADER),
        st.permutations(HEADER),
        st.lists(st.one_of(st.sampled_from(HEADER), st.text(max_size=10), st.none()), max_size=9),
    ),
    rows=st.lists(st.lists(cell, max_size=9), max_size=6),
)
def test_validate_rows_never_raises(header, rows):
    result, errors = validate_rows([header, *rows], UNITS, POSITIONS)
    assert not (result and errors)
    for error in errors:
        assert str(error).startswith(f"baris {error.row}")
    for employee in result:
        assert len(employee.nip) == 18 and employee.nip.isdigit()
        assert employee.unit_code in UNITS
