"""NIP (Nomor Induk Pegawai): validation by employee type, and display in four groups."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .texts import N_

_SPACES = re.compile(r"[\s\u00a0]+")
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE][+]?\d+$")
EMPLOYEE_TYPES = ("PNS", "PPPK")


def format_nip(nip: str | None) -> str:
    """Show an 18-digit NIP as `19860926 201505 1 001`; anything else as given."""
    compact = "".join((nip or "").split())
    if len(compact) != 18 or not (compact.isascii() and compact.isdigit()):
        return nip or ""
    return f"{compact[:8]} {compact[8:14]} {compact[14]} {compact[15:]}"


@dataclass(frozen=True)
class NipResult:
    digits: str | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def validate_nip(raw: str | None, employee_type: str = "PNS") -> NipResult:
    """Check a NIP (PNS) or NI PPPK; spaces are allowed, the message names the wrong part."""
    text = _SPACES.sub("", raw or "")
    if not text:
        return NipResult(None, N_("NIP wajib diisi."))
    if _SCIENTIFIC.match(text):
        return NipResult(
            None,
            N_(
                "NIP {nip} sudah diubah Excel menjadi angka ilmiah; format kolom NIP sebagai "
                "teks lalu ketik ulang NIP-nya."
            ).format(nip=text),
        )
    if not (text.isascii() and text.isdigit()):
        return NipResult(None, N_("NIP hanya boleh berisi angka (spasi boleh)."))
    if len(text) != 18:
        return NipResult(
            None, N_("NIP harus 18 angka; yang dimasukkan {n} angka.").format(n=len(text))
        )
    born = _date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    if born is None:
        return NipResult(
            None,
            N_("8 angka pertama NIP ({d}) bukan tanggal lahir yang sah.").format(d=text[:8]),
        )
    kind = (employee_type or "PNS").strip().upper()
    if kind == "PPPK":
        year = int(text[8:12])
        if year <= born.year:
            return NipResult(
                None,
                N_("Angka ke-9 sampai 12 ({y}) harus tahun setelah tahun lahir.").format(y=year),
            )
    else:
        year, month = int(text[8:12]), int(text[12:14])
        if not 1 <= month <= 12:
            return NipResult(
                None,
                N_("Angka ke-13 dan 14 ({m}) harus bulan TMT CPNS 01–12.").format(m=text[12:14]),
            )
        if (year, month) <= (born.year, born.month):
            return NipResult(
                None,
                N_("TMT CPNS ({t}) harus sesudah tanggal lahir ({b}).").format(
                    t=text[8:14], b=text[:8]
                ),
            )
    if text[14] not in "12":
        return NipResult(
            None,
            N_("Angka ke-15 ({g}) harus 1 (laki-laki) atau 2 (perempuan).").format(g=text[14]),
        )
    if text[15:] == "000":
        return NipResult(None, N_("Tiga angka terakhir NIP (nomor urut) mulai dari 001."))
    return NipResult(text, None)
