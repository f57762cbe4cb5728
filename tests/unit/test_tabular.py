"""Reading the spreadsheets HR already has: CSV in its usual shapes, and XLSX."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from elearn.domain.employees import validate_rows
from elearn.uploads.tables import TableError, read_table

NIP = "198609262015051001"


def xlsx(rows, extra_sheet=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Pegawai"
    for values in rows:
        sheet.append(values)
    if extra_sheet:
        other = workbook.create_sheet("Lain")
        for values in extra_sheet:
            other.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, change) -> bytes:
    """Copy an XLSX, letting `change(name, content)` return new content (or None to drop)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = change(info.filename, src.read(info.filename))
            if content is not None:
                dst.writestr(info, content)
    return out.getvalue()


# --- CSV --------------------------------------------------------------------------------------


def test_csv_with_commas():
    data = b"nip,nama\n198609262015051001,Siti\n"
    assert read_table("pegawai.csv", data) == [["nip", "nama"], [NIP, "Siti"]]


def test_csv_with_bom_semicolons_and_crlf():
    text = "\ufeffnip;nama;kode_unit\r\n198609262015051001;Siti, S.Kom;DISKOMINFO\r\n;;\r\n"
    rows = read_table("pegawai.csv", text.encode("utf-8"))
    assert rows == [["nip", "nama", "kode_unit"], [NIP, "Siti, S.Kom", "DISKOMINFO"], ["", "", ""]]
    assert rows[0][0] == "nip"  # the BOM is not part of the first header


def test_csv_without_bom_keeps_non_ascii_names():
    data = "nip,nama\n198609262015051001,Ni Luh Putu Ayu Dewi Ångström\n".encode()
    assert read_table("pegawai.CSV", data)[1][1] == "Ni Luh Putu Ayu Dewi Ångström"


def test_csv_quoted_fields_keep_their_delimiters():
    data = b'nip,nama\n198609262015051001,"Rahmawati, Siti"\n'
    assert read_table("pegawai.csv", data)[1] == [NIP, "Rahmawati, Siti"]


def test_empty_csv_gives_no_rows():
    assert read_table("pegawai.csv", b"") == []


@pytest.mark.parametrize(
    "data",
    ["nip;nama\n198609262015051001;Sité\n".encode("cp1252"), b"nip,nama\n\xff\xfe\x00"],
)
def test_non_utf8_csv_is_refused_in_bahasa_indonesia(data):
    with pytest.raises(TableError) as caught:
        read_table("pegawai.csv", data)
    assert str(caught.value) == (
        "Berkas CSV bukan UTF-8. Simpan ulang dari Excel sebagai \u201cCSV UTF-8\u201d."
    )


def test_csv_with_a_monstrous_field_is_a_table_error():
    data = b"nip,nama\n198609262015051001," + b"a" * 200_000 + b"\n"
    with pytest.raises(TableError, match="tidak dapat dibaca"):
        read_table("pegawai.csv", data)


def test_csv_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr("elearn.uploads.tables.MAX_ROWS", 3)
    with pytest.raises(TableError, match="lebih dari 3 baris"):
        read_table("pegawai.csv", b"nip\n1\n2\n3\n")


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_first_sheet_with_text_and_numeric_nip_cells():
    data = xlsx(
        [
            ["NIP", "Nama", "Jenis Pegawai", "Kode Unit", "Golongan"],
            [NIP, "Siti Rahmawati", "PNS", "DISKOMINFO", "III/a"],
            [198609262015051002, "Budi Santoso", "PNS", "DISKOMINFO", None],
        ],
        extra_sheet=[["bukan", "ini"]],
    )
    rows = read_table("pegawai.xlsx", data)
    assert rows[0] == ["NIP", "Nama", "Jenis Pegawai", "Kode Unit", "Golongan"]
    assert rows[1] == [NIP, "Siti Rahmawati", "PNS", "DISKOMINFO", "III/a"]
    assert isinstance(rows[2][0], int | float) and rows[2][4] is None

    result, errors = validate_rows(rows, {"DISKOMINFO"}, set())
    assert result == []
    assert len(errors) == 1
    assert str(errors[0]).startswith("baris 3, kolom nip: NIP tersimpan sebagai angka di Excel")


def test_xlsx_is_recognised_by_content_whatever_its_name():
    data = xlsx([["nip", "nama"], [NIP, "Siti"]])
    assert read_table("unggahan", data) == [["nip", "nama"], [NIP, "Siti"]]


BROKEN = "Berkas XLSX rusak atau bukan berkas Excel."


def broken_files() -> list[bytes]:
    good = xlsx([["nip", "nama"], [NIP, "Siti"]])
    return [
        good[: len(good) // 2],  # truncated download
        b"PK\x03\x04 bukan zip",
        b"nip,nama\n",  # a CSV renamed to .xlsx
        rezip(good, lambda name, c: c[: len(c) // 2] if name.endswith("sheet1.xml") else c),
        rezip(good, lambda name, c: None if name == "xl/workbook.xml" else c),
    ]


@pytest.mark.parametrize("data", broken_files(), ids=["truncated", "pk", "csv", "sheet", "wb"])
def test_broken_xlsx_is_a_table_error(data):
    with pytest.raises(TableError) as caught:
        read_table("pegawai.xlsx", data)
    assert str(caught.value) == BROKEN


def test_zip_bomb_like_xlsx_is_refused_before_unpacking():
    good = xlsx([["nip", "nama"], [NIP, "Siti"]])
    huge = b"\0" * (8 * 1024 * 1024)  # deflates to a few kilobytes
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("xl/media/padding.bin", huge)
    data = out.getvalue()
    assert len(data) < 100_000
    with pytest.raises(TableError) as caught:
        read_table("pegawai.xlsx", data)
    assert str(caught.value) == "Berkas XLSX terlalu besar setelah dibuka; periksa isinya."


def test_xlsx_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr("elearn.uploads.tables.MAX_ROWS", 2)
    data = xlsx([["nip"], ["1"], ["2"], ["3"]])
    with pytest.raises(TableError, match="lebih dari 2 baris"):
        read_table("pegawai.xlsx", data)
