"""Every CSV and XLSX file the platform writes is written here, and every text cell goes
through `safe_cell` on its way out (tests/unit/test_spreadsheet_writers.py keeps
csv.writer and openpyxl's Workbook out of every other module)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from flask import Response, abort
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A text cell starting with one of these is run as a formula by Excel, LibreOffice or
# Google Sheets: OWASP "CSV Injection" (= + - @ tab CR), ASVS 1.2.10 (NUL), line feed,
# and the full-width forms some locales' spreadsheets read as the ASCII ones.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# A text that is only a signed decimal number ("-5", "+62", "-1.5") is no formula:
# it stays as written so that figures keep their sign.
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def safe_cell(value):
    """Neutralise text a spreadsheet would run as a formula (CSV/formula injection) by
    prefixing a single quote, as OWASP advises. Only text is touched: numbers, dates and
    None pass unchanged, and so does text that is just a signed number."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(safe_cell(value))


def csv_text(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    """The table as CSV text (for files the command line writes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_text(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    return buffer.getvalue()


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return ("\ufeff" + csv_text(headers, rows)).encode("utf-8")  # BOM: Excel reads UTF-8


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for name in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(name))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_value(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones; callers pass local time
    return safe_cell(value)


def table_response(
    fmt: str, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> Response:
    """Answer a download of `rows` as `filename`.csv or .xlsx; other formats are a 404."""
    if fmt == "csv":
        data, mimetype = csv_bytes(headers, rows), "text/csv"
    elif fmt == "xlsx":
        data, mimetype = xlsx_bytes(title, headers, rows), XLSX_MIME
    else:
        abort(404)
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
