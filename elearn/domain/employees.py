"""Employee rows from an HR spreadsheet, validated row by row before anything is written."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from .nip import EMPLOYEE_TYPES, validate_nip
from .positions import RowError, normalise_header
from .texts import N_

COLUMNS = ("nip", "nama", "email", "jenispegawai", "kodeunit", "kodejabatan", "golongan")
REQUIRED = ("nip", "nama", "jenispegawai", "kodeunit")
SHOWN = {
    "jenispegawai": "jenis_pegawai",
    "kodeunit": "kode_unit",
    "kodejabatan": "kode_jabatan",
}
PNS_RANKS = (
    "I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d",
    "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
)  # fmt: skip
# PPPK grades are Roman numerals I to XVII.
PPPK_GRADES = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
    "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)  # fmt: skip
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class EmployeeRow:
    row: int
    nip: str
    name: str
    email: str | None
    employee_type: str
    unit_code: str
    position_code: str | None
    rank: str | None


def column_name(key: str) -> str:
    return SHOWN.get(key, key)


def _rank(raw: str, employee_type: str) -> str | None:
    """Normalise `iii/a`, `III / A` or `3a`-free input to the canonical form, or None."""
    compact = raw.replace(" ", "").upper()
    allowed = PPPK_GRADES if employee_type == "PPPK" else PNS_RANKS
    for rank in allowed:
        if compact == rank.upper():
            return rank
    return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\u00a0", " ").split())


NUMERIC_NIP = N_(
    "NIP tersimpan sebagai angka di Excel sehingga angka terakhirnya bisa hilang; "
    "format kolom NIP sebagai teks lalu ketik ulang"
)

Problems = list[tuple[str, str]]  # (column key, message), in the order of the columns


def _identity(values: dict, nip_cell, problems: Problems) -> tuple[str, str | None]:
    """The employee type (PNS when unknown, to check the rest) and the NIP digits."""
    kind = values["jenispegawai"].upper()
    if kind not in EMPLOYEE_TYPES:
        problems.append(("jenispegawai", N_("jenis pegawai harus PNS atau PPPK")))
        kind = "PNS"
    if isinstance(nip_cell, int | float) and not isinstance(nip_cell, bool):
        problems.append(("nip", NUMERIC_NIP))
        return kind, None
    checked = validate_nip(values["nip"], kind)
    if not checked.ok:
        problems.append(("nip", checked.error))
    return kind, checked.digits


def _placement(
    values: dict, kind: str, units: Collection[str], positions: Collection[str], problems: Problems
) -> tuple[str | None, str | None, str | None]:
    """The e-mail, position code and rank of a row, each checked."""
    if not values["nama"]:
        problems.append(("nama", N_("nama wajib diisi")))
    email = values["email"] or None
    if email and not EMAIL.match(email):
        problems.append(("email", N_("alamat e-mail `{e}` tidak valid").format(e=email)))
    if not values["kodeunit"]:
        problems.append(("kodeunit", N_("kode unit wajib diisi")))
    elif values["kodeunit"] not in units:
        unit = values["kodeunit"]
        problems.append(("kodeunit", N_("unit `{u}` tidak dikenal").format(u=unit)))
    position = values["kodejabatan"] or None
    if position and position not in positions:
        problems.append(("kodejabatan", N_("jabatan `{p}` tidak dikenal").format(p=position)))
    rank = None
    if values["golongan"]:
        rank = _rank(values["golongan"], kind)
        if rank is None:
            allowed = N_("I sampai XVII") if kind == "PPPK" else N_("I/a sampai IV/e")
            text = N_("golongan `{g}` tidak dikenal untuk {k} ({a})").format(
                g=values["golongan"], k=kind, a=allowed
            )
            problems.append(("golongan", text))
    return email, position, rank


def _header_errors(rows: Sequence[Sequence]) -> tuple[list[str], list[RowError]]:
    if not rows:
        return [], [RowError(1, "", N_("berkas kosong"))]
    header = [normalise_header(_text(h)) for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    return header, [RowError(1, column_name(c), N_("kolom wajib tidak ada")) for c in missing]


def validate_rows(
    rows: Sequence[Sequence],
    units: Collection[str],
    positions: Collection[str],
    positions_of_unit: Mapping[str, Collection[str]] | None = None,
) -> tuple[list[EmployeeRow], list[RowError]]:
    """Check every data row; rows[0] is the header. Nothing is returned if any row is wrong.

    `positions_of_unit`, when given, narrows the position codes to those an employee of
    each unit may hold (their government's); another one reads as unknown.
    """
    result, errors = check_rows(rows, units, positions, positions_of_unit)
    return (result if not errors else []), errors


def check_rows(
    rows: Sequence[Sequence],
    units: Collection[str],
    positions: Collection[str],
    positions_of_unit: Mapping[str, Collection[str]] | None = None,
) -> tuple[list[EmployeeRow], list[RowError]]:
    """Like `validate_rows`, but also return the rows that are right when others are not,
    so that a caller can check those further and report every problem of a file at once."""
    header, errors = _header_errors(rows)
    if not rows:
        return [], errors
    # A missing column is reported once, on row 1; the other columns are still checked.
    missing = {c for c in REQUIRED if c not in header}
    if "jenispegawai" in missing:  # the NIP and the rank are read by the employee type
        missing |= {"nip", "golongan"}
    index = {c: header.index(c) for c in COLUMNS if c in header}
    result: list[EmployeeRow] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        raw = {c: cells[i] if i < len(cells) else None for c, i in index.items()}
        values = {key: _text(raw.get(key)) for key in COLUMNS}
        if not any(values.values()):
            continue
        problems: Problems = []
        kind, nip = _identity(values, raw.get("nip"), problems)
        if nip and nip in seen:
            problems.append(
                ("nip", N_("NIP {nip} sudah ada di baris {n}").format(nip=nip, n=seen[nip]))
            )
        elif nip:
            seen[nip] = number
        allowed = positions
        if positions_of_unit is not None:
            # With an unknown unit (already reported) the position cannot be judged.
            allowed = positions_of_unit.get(values["kodeunit"], {values["kodejabatan"]})
        email, position, rank = _placement(values, kind, units, allowed, problems)
        problems = [(key, message) for key, message in problems if key not in missing]
        errors += [RowError(number, column_name(key), message) for key, message in problems]
        if not problems and not missing:
            result.append(
                EmployeeRow(
                    row=number,
                    nip=nip,
                    name=values["nama"],
                    email=email.lower() if email else None,
                    employee_type=kind,
                    unit_code=values["kodeunit"],
                    position_code=position,
                    rank=rank,
                )
            )
    return result, errors
