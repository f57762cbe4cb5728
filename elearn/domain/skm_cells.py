"""Reading one cell of an SKM spreadsheet: numbers written with a decimal comma or point,
dates as Indonesians write them, ISO dates and Excel's serial dates, scores, periods, and
free text made safe to keep. Each reader returns the value or raises `Bad` with a message.

Pure: no Flask, no database.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from . import skm
from .texts import N_, Text

COMMENT_MAX = 1000  # letters kept of a respondent's comment
SERVICE_MAX = 200  # SkmService.name
MAX_RESPONDENTS = 10_000_000
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (after its leap bug)
EARLIEST = date(2000, 1, 1)  # periods start in 2000 (domain.skm.parse_period)
LATEST = date(2100, 12, 31)
# Control characters but the line feed (Unicode's Cc), and the direction overrides and
# isolates that can make a comment read differently from what it holds.
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
LOCAL_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: \d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?")
SERIAL = re.compile(r"\d{5}(?:[.,]\d+)?")
DECIMAL = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
SCORE = re.compile(r"([1-4])(?:[.,]0+)?")
ELEMENT = re.compile(r"(?:U|UNSUR)?0?([1-9])")


class Bad(ValueError):
    """A cell that cannot be read; `message` says why (a Text, in Bahasa Indonesia)."""

    def __init__(self, message: Text):
        super().__init__(str(message))
        self.message = message


def text(value) -> str:
    """A cell as one line of text, whitespace collapsed (12.0 from Excel reads "12")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\u00a0", " ").split())


def header_key(name: str) -> str:
    """A header compared by its lowercase letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", name.lstrip("\ufeff").casefold())


def _without_controls(value: str) -> str:
    """The text without control characters (a tab becomes a space, line breaks stay) and
    without direction overrides."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return CONTROLS.sub("", value)


def clean_text(value, limit: int) -> str | None:
    """Free text on one line, at most `limit` letters; None when empty."""
    cleaned = " ".join(_without_controls(text(value)).split())[:limit].strip()
    return cleaned or None


def comment(value) -> tuple[str | None, int]:
    """A respondent's comment without control characters, and 1 when it had to be cut."""
    if value is None:
        return None, 0
    lines = [" ".join(line.split()) for line in _without_controls(str(value)).split("\n")]
    kept = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not kept:
        return None, 0
    if len(kept) > COMMENT_MAX:
        return kept[:COMMENT_MAX].rstrip(), 1
    return kept, 0


def service(value) -> str | None:
    """A service's name as written, or None when the cell is empty."""
    name = " ".join(_without_controls(text(value)).split())
    if len(name) > SERVICE_MAX:
        raise Bad(N_("nama layanan lebih dari {n} huruf").format(n=SERVICE_MAX))
    return name or None


def shown_day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _written_day(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value)
    written = text(value)
    try:
        if found := ISO_DAY.fullmatch(written):
            return date(int(found[1]), int(found[2]), int(found[3]))
        if found := LOCAL_DAY.fullmatch(written):
            return date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:  # 31/02/2026
        return None
    if SERIAL.fullmatch(written):  # a serial date saved as text
        return _serial(float(written.replace(",", ".")))
    return None


def _serial(number: float) -> date | None:
    if not 1 <= number < 2958466:  # Excel's last day is 31/12/9999
        return None
    return EXCEL_EPOCH + timedelta(days=int(number))


def day(value, today: date | None = None) -> date:
    """A date written 31/12/2026, 31-12-2026, 2026-12-31 or stored as an Excel date."""
    if value is None or text(value) == "":
        raise Bad(N_("tanggal wajib diisi"))
    found = _written_day(value)
    written = text(value)
    if found is None:
        raise Bad(
            N_("tanggal `{v}` tidak dikenal; tulis 31/12/2026 atau 2026-12-31").format(v=written)
        )
    if not EARLIEST <= found <= LATEST:
        raise Bad(N_("tanggal {d} di luar tahun 2000 sampai 2100").format(d=shown_day(found)))
    if today is not None and found > today:
        raise Bad(N_("tanggal {d} belum terjadi").format(d=shown_day(found)))
    return found


def period(value) -> skm.Period | None:
    """A period label (2026, 2026-S1, 2026-Q3, 2026-07), None when the cell is empty."""
    written = text(value)
    if not written:
        return None
    found = skm.parse_period(written.replace(" ", "").replace("/", "-"))
    if found is None:
        raise Bad(
            N_("periode `{v}` tidak dikenal; tulis 2026, 2026-S1, 2026-Q3 atau 2026-07").format(
                v=written
            )
        )
    return found


def score(value) -> int:
    """One element's score, 1 to 4."""
    written = text(value)
    if not written:
        raise Bad(N_("nilai wajib diisi (1, 2, 3 atau 4)"))
    found = SCORE.fullmatch(written)
    if found is None:
        raise Bad(N_("nilai harus 1, 2, 3 atau 4; tertulis `{v}`").format(v=written))
    return int(found[1])


def element(value) -> int:
    """An element written 1 to 9 or U1 to U9."""
    written = text(value)
    found = ELEMENT.fullmatch(written.upper().replace(" ", ""))
    if found is None:
        raise Bad(N_("unsur harus 1 sampai 9 atau U1 sampai U9; tertulis `{v}`").format(v=written))
    return int(found[1])


def average(value) -> float:
    """An element's average, 1.00 to 4.00, with a decimal comma or point."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        found = float(value)
    else:
        written = text(value)
        if not DECIMAL.fullmatch(written):
            raise Bad(
                N_("rata-rata harus angka 1,00 sampai 4,00; tertulis `{v}`").format(v=written)
            )
        found = float(written.replace(",", "."))
    if not 1 <= found <= 4:
        raise Bad(
            N_("rata-rata harus angka 1,00 sampai 4,00; tertulis `{v}`").format(v=text(value))
        )
    return found


def respondents(value) -> int:
    """How many people answered: a whole number above zero (1.234 reads as 1234)."""
    written = text(value)
    if THOUSANDS.fullmatch(written):
        written = written.replace(".", "")
    if not written.isdigit() or int(written) == 0:
        raise Bad(
            N_("jumlah responden harus bilangan bulat lebih dari 0; tertulis `{v}`").format(
                v=written
            )
        )
    if int(written) > MAX_RESPONDENTS:
        raise Bad(N_("jumlah responden {v} terlalu besar").format(v=written))
    return int(written)


GENDERS = {
    "l": "Laki-laki",
    "lakilaki": "Laki-laki",
    "pria": "Laki-laki",
    "p": "Perempuan",
    "perempuan": "Perempuan",
    "wanita": "Perempuan",
}


def gender(value, limit: int) -> str | None:
    """The respondent's gender: L/P and the usual words made one spelling, else as written."""
    written = clean_text(value, limit)
    if written is None:
        return None
    return GENDERS.get(header_key(written), written)


def age_group(value, limit: int) -> str | None:
    """An age as a band of ten years (a survey needs no exact age); a band as written."""
    if isinstance(value, float) and not value.is_integer():
        value = int(value)
    written = clean_text(value, limit)
    if written is None or not written.isdigit():
        return written
    years = int(written)
    if not 10 <= years <= 120:
        raise Bad(N_("umur {v} tidak masuk akal").format(v=written))
    if years < 20:
        return "<20"
    if years >= 60:
        return "60+"
    low = years // 10 * 10
    return f"{low}-{low + 9}"
