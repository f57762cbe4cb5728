"""Every CSV/XLSX the platform writes goes through elearn/reporting/export.py, whose one
rule (`safe_cell`) neutralises text a spreadsheet would run as a formula.

The first test reads the source with `ast`: a module that builds a csv writer or an
openpyxl workbook anywhere else would bypass the escaping, and fails here by name.
"""

from __future__ import annotations

import ast
import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from elearn.reporting.export import csv_bytes, safe_cell, xlsx_bytes

PACKAGE = Path(__file__).resolve().parents[2] / "elearn"
WRITER_MODULE = PACKAGE / "reporting" / "export.py"
CSV_WRITERS = {"writer", "DictWriter"}
XLSX_WRITERS = {"Workbook", "WriteOnlyCell"}


def _writers_used(tree: ast.Module) -> list[str]:
    """csv writers and openpyxl workbooks this module builds or imports, by name."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "csv" and node.attr in CSV_WRITERS:
                found.append(f"csv.{node.attr}")
            if node.value.id == "openpyxl" and node.attr in XLSX_WRITERS:
                found.append(f"openpyxl.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = {alias.name for alias in node.names}
            if node.module == "csv" and names & CSV_WRITERS:
                found.append("from csv import writer")
            if node.module.startswith("openpyxl") and names & XLSX_WRITERS:
                found.append("from openpyxl import Workbook")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if any(m.split(".")[0] in ("xlsxwriter", "xlwt", "pyexcel") for m in modules):
                found.append("another spreadsheet writer")
    return found


def test_csv_and_xlsx_are_written_in_one_module_only():
    bypassing = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == WRITER_MODULE:
            continue
        used = _writers_used(ast.parse(path.read_text(encoding="utf-8")))
        if used:
            bypassing[str(path.relative_to(PACKAGE.parent))] = used
    assert bypassing == {}, "write CSV/XLSX through elearn.reporting.export"


def test_the_guard_sees_a_bypassing_writer():
    tree = ast.parse("import csv\nw = csv.writer(out)\nfrom openpyxl import Workbook\n")
    assert sorted(_writers_used(tree)) == ["csv.writer", "from openpyxl import Workbook"]


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","klik")',
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
        "\0=1+1",
        "\uff1d1+1",  # full-width equals sign
        "-",
        "+62 812",
    ],
)
def test_text_that_starts_a_formula_gets_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [
        "198609262015051001",  # a NIP: leading digits
        "Siti Rahmawati",
        "a=b",
        "'=already quoted",
        "",
        "-5",
        "+62",
        "-1.5",
        "-1,5",
        -5,
        -1.5,
        Decimal("-2.50"),
        0,
        None,
        date(2025, 1, 2),
    ],
)
def test_other_values_pass_unchanged(value):
    assert safe_cell(value) == value


def test_csv_and_xlsx_escape_text_but_keep_negative_numbers():
    headers = ["nip", "nama", "selisih"]
    rows = [["198609262015051001", "=cmd|' /C calc'!A0", -3], ["199001012019031003", "-", -1.5]]

    lines = list(csv.reader(io.StringIO(csv_bytes(headers, rows).decode("utf-8-sig"))))
    assert lines[1:] == [
        ["198609262015051001", "'=cmd|' /C calc'!A0", "-3"],
        ["199001012019031003", "'-", "-1.5"],
    ]

    sheet = load_workbook(io.BytesIO(xlsx_bytes("t", headers, rows))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert values == [
        ["198609262015051001", "'=cmd|' /C calc'!A0", -3],
        ["199001012019031003", "'-", -1.5],
    ]
    assert [cell.data_type for cell in sheet[2]] == ["s", "s", "n"]
