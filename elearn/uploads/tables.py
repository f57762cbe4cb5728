"""Spreadsheets HR already has: CSV (comma or semicolon, UTF-8 with or without BOM) or XLSX."""

from __future__ import annotations

import csv
import io
import zipfile

from flask_babel import gettext as _


class TableError(ValueError):
    """The file cannot be read as a table; the message says why, in Bahasa Indonesia."""


MAX_ROWS = 200_000
UPLOAD_LIMIT = 20 * 1024 * 1024  # about 100,000 employees as CSV: the body an import may post


def read_table(filename: str, data: bytes) -> list[list]:
    """Return the rows of the first sheet (XLSX) or of the CSV file, header first."""
    if filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(
            _("Berkas CSV bukan UTF-8. Simpan ulang dari Excel sebagai \u201cCSV UTF-8\u201d.")
        ) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:  # e.g. a field longer than the csv module allows
        raise TableError(_("Berkas CSV tidak dapat dibaca sebagai tabel; periksa isinya.")) from exc
    if len(rows) > MAX_ROWS:
        raise TableError(
            _("Berkas berisi lebih dari %(n)s baris; bagi menjadi beberapa berkas.", n=MAX_ROWS)
        )
    return rows


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # A few kilobytes can unpack to gigabytes: refuse suspicious ratios first.
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > 200 * 1024 * 1024 or unpacked > 200 * max(len(data), 1):
                raise TableError(_("Berkas XLSX terlalu besar setelah dibuka; periksa isinya."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except TableError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableError(_("Berkas XLSX rusak atau bukan berkas Excel.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        # Read-only mode parses the sheet lazily, so a broken sheet only fails here.
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS:
                raise TableError(
                    _(
                        "Berkas berisi lebih dari %(n)s baris; bagi menjadi beberapa berkas.",
                        n=MAX_ROWS,
                    )
                )
        return rows
    except TableError:
        raise
    except Exception as exc:
        raise TableError(_("Berkas XLSX rusak atau bukan berkas Excel.")) from exc
    finally:
        workbook.close()
