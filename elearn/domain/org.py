"""Organisation units from a spreadsheet (`kode, nama, kode_induk`), checked row by row."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

from .positions import RowError, normalise_header
from .texts import N_

COLUMNS = ("kode", "nama", "kodeinduk")


@dataclass(frozen=True)
class UnitDef:
    code: str
    name: str
    parent_code: str | None


def _columns(reader) -> tuple[dict[str, int] | None, list[RowError]]:
    """Where each column there is, from the header row (None for an empty file), and the
    columns that are missing: the rows are still checked with the others."""
    header = next(reader, None)
    if header is None:
        return None, [RowError(1, "", N_("berkas kosong"))]
    columns = [normalise_header(h) for h in header]
    missing = [c for c in COLUMNS if c not in columns]
    names = {"kodeinduk": "kode_induk"}
    errors = [RowError(1, names.get(c, c), N_("kolom wajib tidak ada")) for c in missing]
    return {c: columns.index(c) for c in COLUMNS if c in columns}, errors


def _units(reader, index: dict[str, int]) -> tuple[list[UnitDef], dict[str, int], list[RowError]]:
    """Each row's unit, the row number of each code, and the errors of single rows."""
    errors: list[RowError] = []
    units: list[UnitDef] = []
    rows: dict[str, int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        code, name, parent = (
            cells[index[c]].strip() if c in index and index[c] < len(cells) else "" for c in COLUMNS
        )
        name = " ".join(name.split())
        if not name and "nama" in index:
            errors.append(RowError(number, "nama", N_("nama unit wajib diisi")))
        if not code:
            if "kode" in index:
                errors.append(RowError(number, "kode", N_("kode unit wajib diisi")))
            continue
        if code in rows:
            errors.append(
                RowError(
                    number,
                    "kode",
                    N_("kode {c} sudah dipakai di baris {n}").format(c=code, n=rows[code]),
                )
            )
            continue
        rows[code] = number
        if parent == code:
            errors.append(
                RowError(number, "kode_induk", N_("unit tidak boleh menjadi induk dirinya"))
            )
        units.append(UnitDef(code, name, parent or None))
    return units, rows, errors


def _tree_errors(
    units: list[UnitDef], rows: dict[str, int], existing: dict[str, str | None]
) -> list[RowError]:
    """Parents nobody knows, then parents that lead back to the unit (a cycle)."""
    known = set(existing) | set(rows)
    errors = [
        RowError(
            rows[u.code],
            "kode_induk",
            N_("unit induk {c} tidak dikenal").format(c=u.parent_code),
        )
        for u in units
        if u.parent_code and u.parent_code not in known
    ]
    parents = {**existing, **{u.code: u.parent_code for u in units}}
    for unit in units:
        seen, cursor = {unit.code}, unit.parent_code
        while cursor:
            if cursor in seen:
                circle = N_("susunan induk membentuk lingkaran")
                errors.append(RowError(rows[unit.code], "kode_induk", circle))
                break
            seen.add(cursor)
            cursor = parents.get(cursor)
    return errors


def parse_org_csv(
    text: str, existing_parents: Mapping[str, str | None] | None = None
) -> tuple[list[UnitDef], list[RowError]]:
    """Read units; a parent must be in the file or already known; no cycles.

    `existing_parents` maps codes already stored to their parent codes.
    """
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    index, errors = _columns(reader)
    if index is None:
        return [], errors
    units, rows, row_errors = _units(reader, index)
    errors += row_errors
    errors += _tree_errors(units, rows, dict(existing_parents or {}))
    return (units if not errors else []), errors


def closure_rows(parents: Mapping[int, int | None]) -> list[tuple[int, int, int]]:
    """Return (ancestor, descendant, depth) for every unit and each of its ancestors.

    `parents` maps unit ids to parent ids; a unit is its own ancestor at depth 0.
    A cycle (which imports refuse) stops the walk rather than looping forever.
    """
    rows = []
    for unit in parents:
        seen = set()
        node, depth = unit, 0
        while node is not None and node not in seen:
            seen.add(node)
            rows.append((node, unit, depth))
            node, depth = parents.get(node), depth + 1
    return rows
