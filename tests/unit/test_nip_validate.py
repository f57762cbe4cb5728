"""NIP validation by employee type (asn-domain.md): each wrong part gets its own message."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elearn.domain.nip import validate_nip


@pytest.mark.parametrize(
    "raw",
    ["198609262015051001", "19860926 201505 1 001", " 19860926\u00a0201505 1 001 "],
)
def test_valid_pns_numbers_are_stored_as_digits(raw):
    result = validate_nip(raw, "PNS")
    assert result.ok and result.digits == "198609262015051001"


@pytest.mark.parametrize(
    ("raw", "kind", "message"),
    [
        ("", "PNS", "NIP wajib diisi."),
        ("1.98609E+17", "PNS", "angka ilmiah"),
        ("1,98609E+17", "PNS", "angka ilmiah"),
        ("19860926-201505-1-001", "PNS", "hanya boleh berisi angka"),
        ("19860926201505100", "PNS", "NIP harus 18 angka; yang dimasukkan 17 angka."),
        ("198602302015051001", "PNS", "bukan tanggal lahir yang sah"),
        ("198609262015131001", "PNS", "bulan TMT CPNS"),
        ("198609261985051001", "PNS", "harus sesudah tanggal lahir"),
        ("198609262015053001", "PNS", "harus 1 (laki-laki) atau 2 (perempuan)"),
        ("198609262015051000", "PNS", "mulai dari 001"),
        ("198609261980011001", "PPPK", "harus tahun setelah tahun lahir"),
        ("１９８６０９２６２０１５０５１００１", "PNS", "hanya boleh berisi angka"),
    ],
)
def test_each_wrong_part_is_named(raw, kind, message):
    result = validate_nip(raw, kind)
    assert not result.ok and result.digits is None
    assert message in result.error


def test_pppk_digits_13_14_are_a_batch_code_not_a_month():
    assert validate_nip("198609262024991001", "PPPK").ok
    assert not validate_nip("198609262024991001", "PNS").ok


@given(st.text(max_size=30))
def test_never_raises_and_ok_means_18_digits(raw):
    result = validate_nip(raw)
    assert result.ok == (result.digits is not None)
    if result.ok:
        assert len(result.digits) == 18 and result.digits.isdigit()
