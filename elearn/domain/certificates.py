"""Certificate numbers, validity and the masking of NIPs on public pages."""

from __future__ import annotations

from datetime import datetime

DEFAULT_NUMBER_PATTERN = "ELN/{year}/{seq:06d}"


def format_number(pattern: str, year: int, sequence: int) -> str:
    """Fill a number pattern such as `ELN/{year}/{seq:06d}`."""
    return pattern.format(year=year, seq=sequence)


def add_years(moment: datetime, years: int) -> datetime:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def status(revoked_at: datetime | None, expires_at: datetime | None, now: datetime) -> str:
    """Return "revoked", "expired" or "valid"; revocation wins over expiry."""
    if revoked_at is not None:
        return "revoked"
    if expires_at is not None and expires_at <= now:
        return "expired"
    return "valid"


def mask_nip(nip: str | None) -> str:
    """Keep the birth year and the serial of an 18-digit NIP, hide the rest."""
    if not nip:
        return ""
    digits = "".join(ch for ch in nip if ch.isdigit())
    if len(digits) != 18:
        return "•" * max(len(digits) - 3, 0) + digits[-3:]
    return f"{digits[:4]}•••• •••••• • {digits[-3:]}"
