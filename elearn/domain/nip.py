"""NIP (Nomor Induk Pegawai): 18 digits shown in four groups."""

from __future__ import annotations


def format_nip(nip: str | None) -> str:
    """Show an 18-digit NIP as `19860926 201505 1 001`; anything else as given."""
    digits = "".join((nip or "").split())
    if len(digits) != 18 or not (digits.isascii() and digits.isdigit()):
        return nip or ""
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
