"""Position profiles (jabatan) from a spreadsheet or YAML, checked row by row."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field

import yaml

from .texts import N_

POSITION_TYPES = ("jpt", "administrator", "pengawas", "fungsional", "pelaksana")
BASE_COLUMNS = ("kode", "nama", "jenis")
# The optional front-line column (serves the public face to face), by its normalised name.
FRONT_LINE = "garisdepan"
FRONT_LINE_NAMES = (FRONT_LINE, "frontline")
YES = ("ya", "y", "yes", "true", "1")
NO = ("tidak", "t", "no", "false", "0")


@dataclass(frozen=True)
class PositionDef:
    code: str
    name: str
    type: str
    requirements: dict[str, int] = field(default_factory=dict)
    front_line: bool | None = None  # None: the file does not say (kept as it is)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"baris {self.row}" + (f", kolom {self.column}" if self.column else "")
        return f"{where}: {self.message}"


def normalise_header(name: str) -> str:
    """Match headers ignoring case, spaces and underscores (`Kode Jabatan` ~ `kode_jabatan`)."""
    return re.sub(r"[\s_]+", "", name.strip().lstrip("\ufeff").lower())


def is_front_line_column(name: str) -> bool:
    return normalise_header(str(name)).replace("-", "") in FRONT_LINE_NAMES


def front_line_value(raw) -> tuple[bool | None, str | None]:
    """`ya`/`tidak` (or yes/no, true/false, 1/0) -> the flag; empty -> None (not said)."""
    if isinstance(raw, bool):
        return raw, None
    text = "" if raw is None else str(raw).strip().lower()
    if not text:
        return None, None
    if text in YES:
        return True, None
    if text in NO:
        return False, None
    return None, f"garis depan harus `ya` atau `tidak`; tertulis `{str(raw).strip()}`"


def position_type(raw: str) -> str | None:
    value = " ".join(raw.split()).lower()
    if value in ("jpt", "jpt pratama", "jpt madya", "jpt utama"):
        return "jpt"
    return value if value in POSITION_TYPES else None


def _check(
    row: int, values: dict, levels: dict, known: Collection[str], seen: dict, errors: list
) -> PositionDef | None:
    before = len(errors)
    raw_code = values.get("kode")
    if isinstance(raw_code, int | float) and not isinstance(raw_code, bool):
        # YAML reads 00123 as a number and drops the zeros: ask for quotes instead of guessing.
        errors.append(RowError(row, "kode", N_('tulis kode dalam tanda kutip, mis. kode: "00123"')))
        return None
    code = str(raw_code or "").strip()
    name = " ".join(str(values.get("nama") or "").split())
    kind = position_type(str(values.get("jenis") or ""))
    if not code:
        errors.append(RowError(row, "kode", N_("kode jabatan wajib diisi")))
    elif code in seen:
        taken = N_("kode {c} sudah dipakai di baris {n}").format(c=code, n=seen[code])
        errors.append(RowError(row, "kode", taken))
    else:
        seen[code] = row
    if not name:
        errors.append(RowError(row, "nama", N_("nama jabatan wajib diisi")))
    if kind is None:
        allowed = ", ".join(POSITION_TYPES)
        errors.append(
            RowError(row, "jenis", N_("jenis harus salah satu dari: {t}").format(t=allowed))
        )
    front_line, problem = front_line_value(values.get(FRONT_LINE))
    if problem:
        errors.append(RowError(row, "garis_depan", problem))
    requirements = {}
    for slug, raw in levels.items():
        text = "" if raw is None else str(raw).strip()
        if not text:
            continue
        if slug not in known:
            unknown = N_("kompetensi `{s}` tidak dikenal").format(s=slug)
            errors.append(RowError(row, slug, unknown))
        elif not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 5:
            wrong = N_("level harus 1 sampai 5; tertulis `{v}`").format(v=text)
            errors.append(RowError(row, slug, wrong))
        else:
            requirements[slug] = int(text)
    if len(errors) > before:
        return None
    return PositionDef(code, name, kind, requirements, front_line)


def parse_csv(text: str, known: Collection[str]) -> tuple[list[PositionDef], list[RowError]]:
    """Read `kode, nama, jenis` plus one column per competency slug (comma or semicolon)."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    errors: list[RowError] = []
    try:
        header = next(reader)
    except StopIteration:
        return [], [RowError(1, "", N_("berkas kosong"))]
    columns = [normalise_header(h) for h in header]
    slug_of = {c.replace("-", ""): c for c in known}
    missing = [c for c in BASE_COLUMNS if c not in columns]
    for column in missing:
        errors.append(RowError(1, column, N_("kolom wajib tidak ada")))
    competency_columns = {}
    for index, column in enumerate(columns):
        if is_front_line_column(column):
            columns[index] = FRONT_LINE
            continue
        if column in BASE_COLUMNS or not column:
            continue
        slug = slug_of.get(column.replace("-", ""))
        if slug is None:
            errors.append(RowError(1, header[index].strip(), N_("kolom kompetensi tidak dikenal")))
        else:
            competency_columns[index] = slug
    # A wrong header does not stop the check: every row is still read with the columns that
    # are known, so one run reports every problem of the file (a missing column once).
    result, seen = [], {}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        values = {columns[i]: cells[i] for i in range(min(len(cells), len(columns)))}
        levels = {
            slug: cells[i] if i < len(cells) else "" for i, slug in competency_columns.items()
        }
        found: list[RowError] = []
        item = _check(number, values, levels, known, seen, found)
        errors += [e for e in found if e.column not in missing]
        if item:
            result.append(item)
    return (result if not errors else []), errors


def parse_yaml(text: str, known: Collection[str]) -> tuple[list[PositionDef], list[RowError]]:
    """Read a YAML list of {kode, nama, jenis, kompetensi: {slug: level}}."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        invalid = N_("YAML tidak valid: {e}").format(e=exc)
        return [], [RowError(mark.line + 1 if mark else 1, "", invalid)]
    if isinstance(data, dict) and "jabatan" in data:
        data = data["jabatan"]
    if not isinstance(data, list):
        return [], [RowError(1, "", N_("berkas harus berisi daftar jabatan"))]
    errors: list[RowError] = []
    result, seen = [], {}
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            errors.append(
                RowError(number, "", N_("setiap jabatan harus berisi kode, nama dan jenis"))
            )
            continue
        # Either a `kompetensi:` mapping, or one key per competency slug like the CSV columns.
        levels = entry.get("kompetensi")
        flags = [k for k in entry if is_front_line_column(k)]
        entry = {**entry, FRONT_LINE: entry[flags[0]]} if flags else entry
        if levels is None:
            levels = {
                k: v
                for k, v in entry.items()
                if str(k) not in BASE_COLUMNS and not is_front_line_column(k)
            }
        if not isinstance(levels, dict):
            errors.append(RowError(number, "kompetensi", N_("harus berisi baris `slug: level`")))
            continue
        item = _check(number, entry, {str(k): v for k, v in levels.items()}, known, seen, errors)
        if item:
            result.append(item)
    return (result if not errors else []), errors
