"""Employee rows from an HR spreadsheet, validated row by row before anything is written."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .nip import EMPLOYEE_TYPES, validate_nip
from .positions import RowError, normalise_header

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


def validate_rows(
    rows: Sequence[Sequence],
    units: Collection[str],
    positions: Collection[str],
) -> tuple[list[EmployeeRow], list[RowError]]:
    """Check every data row; rows[0] is the header. Nothing is returned if any row is wrong."""
    if not rows:
        return [], [RowError(1, "", "berkas kosong")]
    header = [normalise_header(_text(h)) for h in rows[0]]
    errors = [
        RowError(1, column_name(c), "kolom wajib tidak ada") for c in REQUIRED if c not in header
    ]
    if errors:
        return [], errors
    index = {c: header.index(c) for c in COLUMNS if c in header}
    result: list[EmployeeRow] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):

        def raw(key: str, cells=cells):
            i = index.get(key)
            return cells[i] if i is not None and i < len(cells) else None

        values = {key: _text(raw(key)) for key in COLUMNS}
        if not any(values.values()):
            continue
        before = len(errors)

        def error(key: str, message: str, number=number) -> None:
            errors.append(RowError(number, column_name(key), message))

        kind = values["jenispegawai"].upper()
        if kind not in EMPLOYEE_TYPES:
            error("jenispegawai", "jenis pegawai harus PNS atau PPPK")
            kind = "PNS"
        nip_cell = raw("nip")
        if isinstance(nip_cell, int | float) and not isinstance(nip_cell, bool):
            error(
                "nip",
                "NIP tersimpan sebagai angka di Excel sehingga angka terakhirnya bisa hilang; "
                "format kolom NIP sebagai teks lalu ketik ulang",
            )
            nip = None
        else:
            checked = validate_nip(values["nip"], kind)
            nip = checked.digits
            if not checked.ok:
                error("nip", checked.error)
        if nip and nip in seen:
            error("nip", f"NIP {nip} sudah ada di baris {seen[nip]}")
        elif nip:
            seen[nip] = number
        if not values["nama"]:
            error("nama", "nama wajib diisi")
        email = values["email"] or None
        if email and not EMAIL.match(email):
            error("email", f"alamat e-mail `{email}` tidak valid")
        if not values["kodeunit"]:
            error("kodeunit", "kode unit wajib diisi")
        elif values["kodeunit"] not in units:
            error("kodeunit", f"unit `{values['kodeunit']}` tidak dikenal")
        position = values["kodejabatan"] or None
        if position and position not in positions:
            error("kodejabatan", f"jabatan `{position}` tidak dikenal")
        rank = None
        if values["golongan"]:
            rank = _rank(values["golongan"], kind)
            if rank is None:
                allowed = "I sampai XVII" if kind == "PPPK" else "I/a sampai IV/e"
                error(
                    "golongan",
                    f"golongan `{values['golongan']}` tidak dikenal untuk {kind} ({allowed})",
                )
        if len(errors) == before:
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
    return (result if not errors else []), errors
