"""SKM results from a survey tool's spreadsheet, checked row by row before anything is stored.

Two shapes, told apart by the header row:
- one row per respondent: unit code, date, U1..U9 (1-4), optionally service, period, the
  respondent's profile and a comment (`RESPONDENTS`);
- one row per unit and element: unit code, period, element, average (1-4) and number of
  respondents, optionally service (`AVERAGES`).

Pure: cells in, rows and errors out. Which unit codes the importer may use is passed in;
storage lives in elearn/skm/importing.py. Cell readers are in skm_cells.py.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from . import skm
from .positions import RowError
from .skm_cells import (
    Bad,
    age_group,
    average,
    clean_text,
    comment,
    day,
    element,
    gender,
    header_key,
    period,
    respondents,
    score,
    service,
    shown_day,
    text,
)
from .texts import N_, Text

RESPONDENTS = "responden"
AVERAGES = "ringkasan"
SHAPES = (RESPONDENTS, AVERAGES)
QUICK_SCORES = {**{n: n for n in skm.SCORES}, **{str(n): n for n in skm.SCORES}}
MEMO_SIZE = 100_000  # distinct (column, cell) pairs remembered while reading a file
MAX_ERRORS = 1000  # a page lists this many; the count says how many more there are
PROFILE_MAX = {"gender": 20, "age_group": 20, "education": 40, "occupation": 60}
SCORE_FIELDS = tuple(f"u{n}" for n in skm.ELEMENT_NUMBERS)

# Each field, the name the page and the sample files use, and the header spellings read as
# it (compared as lowercase letters and digits only: "Kode Unit", "kode_unit" and
# "KODE-UNIT" are one spelling).
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "unit": ("kode_unit", ("unit", "kodeunit", "kodeunitkerja", "unitkerja", "unitlayanan")),
    "service": ("layanan", ("layanan", "jenislayanan", "namalayanan")),
    "date": ("tanggal", ("tanggal", "tgl", "tanggalsurvei", "tanggalpengisian")),
    "period": ("periode", ("periode", "periodesurvei")),
    **{f"u{n}": (f"U{n}", (f"u{n}", f"unsur{n}")) for n in skm.ELEMENT_NUMBERS},
    "gender": ("jenis_kelamin", ("jeniskelamin", "jk", "kelamin")),
    "age": ("umur", ("umur", "usia", "kelompokumur", "kelompokusia")),
    "education": ("pendidikan", ("pendidikan", "pendidikanterakhir")),
    "occupation": ("pekerjaan", ("pekerjaan", "pekerjaanutama")),
    "comment": ("saran", ("saran", "komentar", "saranmasukan", "masukan", "kritiksaran")),
    "element": ("unsur", ("unsur", "kodeunsur", "nomorunsur", "nounsur", "elemen")),
    "average": ("rata_rata", ("ratarata", "nrr", "nilairatarata", "nrrunsur")),
    "respondents": ("jumlah_responden", ("responden", "jumlahresponden", "jmlresponden")),
}
ALIASES = {alias: key for key, (_name, spellings) in FIELDS.items() for alias in spellings}
REQUIRED = {
    RESPONDENTS: ("unit", "date", *SCORE_FIELDS),
    AVERAGES: ("unit", "period", "element", "average", "respondents"),
}
OPTIONAL = {
    RESPONDENTS: ("service", "period", "gender", "age", "education", "occupation", "comment"),
    AVERAGES: ("service",),
}


def column_name(key: str) -> str:
    """The name a field goes by on the page and in the sample files."""
    return FIELDS[key][0]


def required_columns(shape: str) -> list[str]:
    return [column_name(k) for k in REQUIRED[shape]]


def optional_columns(shape: str) -> list[str]:
    return [column_name(k) for k in OPTIONAL[shape]]


@dataclass(frozen=True)
class Respondent:
    row: int
    unit_code: str
    service: str | None
    period: str
    answered_on: date
    scores: tuple[int, ...]
    gender: str | None = None
    age_group: str | None = None
    education: str | None = None
    occupation: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class ElementAverage:
    row: int
    unit_code: str
    service: str | None
    period: str
    element: int
    average: float
    respondents: int


@dataclass
class Errors:
    """Every problem counted, the first MAX_ERRORS kept (a file of 200,000 wrong rows would
    otherwise make a page nobody reads)."""

    kept: list[RowError] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.count += 1
        if len(self.kept) < MAX_ERRORS:
            self.kept.append(RowError(row, column, message))


@dataclass
class Reading:
    """What a file holds: its shape, its rows when every one is right, and its errors."""

    shape: str | None = None
    respondents: list[Respondent] = field(default_factory=list)
    averages: list[ElementAverage] = field(default_factory=list)
    errors: Errors = field(default_factory=Errors)
    ignored: tuple[str, ...] = ()  # columns of the file that are not read (e.g. a name)
    warnings: list[Text] = field(default_factory=list)
    comments_cut: int = 0  # comments longer than skm_cells.COMMENT_MAX, shortened

    @property
    def ok(self) -> bool:
        return self.errors.count == 0 and self.shape is not None

    @property
    def rows(self) -> int:
        return len(self.respondents) + len(self.averages)


@dataclass(frozen=True)
class Header:
    shape: str | None
    index: dict[str, int]  # field -> column position
    names: dict[str, str]  # field -> the header as the file writes it
    ignored: tuple[str, ...]


def read_header(cells: Sequence, errors: Errors) -> Header:
    """Recognise the shape of a file from its header row, reporting what is missing."""
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    unknown: list[str] = []
    for position, cell in enumerate(cells):
        written = text(cell)
        key = ALIASES.get(header_key(written))
        if key is None:
            if written:
                unknown.append(written)
        elif key in index:
            message = N_("kolom `{a}` dan `{b}` berarti hal yang sama; sisakan satu").format(
                a=names[key], b=written
            )
            errors.add(1, written, message)
        else:
            index[key], names[key] = position, written
    if any(k in index for k in SCORE_FIELDS):
        shape = RESPONDENTS
    elif any(k in index for k in ("element", "average", "respondents")):
        shape = AVERAGES
    else:
        errors.add(1, "", UNKNOWN_HEADER)
        return Header(None, index, names, tuple(unknown))
    wanted = REQUIRED[shape] + OPTIONAL[shape]
    unknown += [names[k] for k in index if k not in wanted]
    for key in REQUIRED[shape]:
        if key not in index:
            errors.add(1, column_name(key), N_("kolom wajib tidak ada"))
    kept = {k: i for k, i in index.items() if k in wanted}
    return Header(shape, kept, {k: names[k] for k in kept}, tuple(unknown))


UNKNOWN_HEADER = N_(
    "baris judul tidak dikenali: berkas per responden butuh kolom kode_unit, tanggal dan "
    "U1 sampai U9; berkas ringkasan butuh kode_unit, periode, unsur, rata_rata dan "
    "jumlah_responden"
)


def read_rows(
    table: Sequence[Sequence],
    units: Collection[str],
    granularity: str = "semester",
    today: date | None = None,
) -> Reading:
    """Check every data row of `table` (rows[0] is the header) against the unit codes the
    importer may use. Rows are returned only when no row is wrong (all or nothing).

    `granularity` ("year", "semester", "quarter", "month") gives a respondent without a
    period the period holding their date; `today`, when given, refuses later dates."""
    if granularity not in skm.GRANULARITIES:
        raise ValueError(granularity)
    reading = Reading()
    if not table or not any(text(c) for c in table[0]):
        reading.errors.add(1, "", N_("berkas kosong atau baris pertamanya bukan judul kolom"))
        return reading
    header = read_header(table[0], reading.errors)
    reading.shape, reading.ignored = header.shape, header.ignored
    if header.shape is None:
        return reading
    row_reader = _RowReader(header, units, granularity, today, reading)
    read = row_reader.respondent if header.shape == RESPONDENTS else row_reader.average
    for number, cells in enumerate(table[1:], start=2):
        if any(c is not None and (not isinstance(c, str) or c.strip()) for c in cells):
            read(number, cells)
    if reading.shape == AVERAGES:
        reading.warnings += incomplete_groups(reading.averages)
    if reading.rows == 0 and reading.errors.count == 0:
        reading.errors.add(2, "", N_("berkas tidak berisi baris data"))
    if reading.errors.count:
        reading.respondents, reading.averages = [], []
    return reading


class _Invalid:
    """A cell that could not be read (its error is already recorded)."""


INVALID = _Invalid()


class _RowReader:
    def __init__(self, header: Header, units, granularity, today, reading: Reading):
        self.header = header
        self.exact = set(units)
        self.units = {code.casefold(): code for code in units}
        self.granularity = granularity
        self.today = today
        self.reading = reading
        self.seen: dict[tuple, int] = {}
        self.wrong = False  # a cell of the current row could not be read
        self.memo: dict[tuple, object] = {}  # (field, type, cell) -> value or Bad
        positions = [header.index.get(key) for key in SCORE_FIELDS]
        self.score_positions = None if None in positions else positions

    def cell(self, cells: Sequence, key: str):
        position = self.header.index.get(key)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def value(self, number: int, cells: Sequence, key: str, parse, *args):
        """The cell of `key` read by `parse`, or INVALID after recording why. A required
        column the file lacks was reported once, on row 1: its cells are INVALID silently.

        Survey files repeat their values (units, dates, scores): each distinct value of a
        column is read once, which keeps 200,000 rows within seconds."""
        position = self.header.index.get(key)
        if position is None and key in REQUIRED[self.header.shape]:
            self.wrong = True
            return INVALID
        raw = cells[position] if position is not None and position < len(cells) else None
        memo_key = (key, type(raw), raw)  # True == 1 == 1.0, read differently
        found = self.memo.get(memo_key, INVALID)
        if found is INVALID:
            try:
                found = parse(raw, *args)
            except Bad as bad:
                found = bad
            if len(self.memo) < MEMO_SIZE:
                self.memo[memo_key] = found
        if isinstance(found, Bad):
            self.reading.errors.add(number, self.header.names[key], found.message)
            self.wrong = True
            return INVALID
        return found

    def quick_scores(self, cells: Sequence) -> tuple[int, ...] | None:
        """The nine scores when each is plainly 1-4 (almost every row), else None."""
        if self.score_positions is None:
            return None
        try:
            found = tuple(QUICK_SCORES[cells[i]] for i in self.score_positions)
        except (KeyError, IndexError, TypeError):
            return None
        if any(type(cells[i]) is bool for i in self.score_positions):  # True == 1
            return None
        return found

    def unit(self, raw) -> str:
        code = text(raw)
        if not code:
            raise Bad(N_("kode unit wajib diisi"))
        found = code if code in self.exact else self.units.get(code.casefold())
        if found is None:
            raise Bad(N_("unit `{u}` tidak dikenal").format(u=code))
        return found

    def respondent(self, number: int, cells: Sequence) -> None:
        self.wrong = False
        read = partial(self.value, number, cells)
        unit = read("unit", self.unit)
        name = read("service", service)
        answered = read("date", day, self.today)
        label = read("period", period)
        scores = self.quick_scores(cells) or tuple(read(key, score) for key in SCORE_FIELDS)
        profile = {
            "gender": read("gender", gender, PROFILE_MAX["gender"]),
            "age_group": read("age", age_group, PROFILE_MAX["age_group"]),
            "education": read("education", clean_text, PROFILE_MAX["education"]),
            "occupation": read("occupation", clean_text, PROFILE_MAX["occupation"]),
        }
        said, cut = comment(self.cell(cells, "comment"))
        if self.wrong:
            return
        if label is None:
            label = skm.period_of(answered, self.granularity)
        elif not label.start <= answered <= label.end:
            message = N_("tanggal {d} di luar periode {p}").format(
                d=shown_day(answered), p=label.label
            )
            self.reading.errors.add(number, self.header.names["date"], message)
            return
        self.reading.comments_cut += cut
        self.reading.respondents.append(
            Respondent(number, unit, name, label.label, answered, scores, **profile, comment=said)
        )

    def average(self, number: int, cells: Sequence) -> None:
        self.wrong = False
        read = partial(self.value, number, cells)
        unit = read("unit", self.unit)
        name = read("service", service)
        label = read("period", _required_period)
        number_of = read("element", element)
        mean = read("average", average)
        people = read("respondents", respondents)
        if self.wrong:
            return
        key = (unit, service_key(name), label.label, number_of)
        if key in self.seen:
            message = N_("unsur U{n} untuk unit, layanan dan periode ini sudah ada di baris {r}")
            self.reading.errors.add(
                number, self.header.names["element"], message.format(n=number_of, r=self.seen[key])
            )
            return
        self.seen[key] = number
        self.reading.averages.append(
            ElementAverage(number, unit, name, label.label, number_of, mean, people)
        )


def _required_period(raw) -> skm.Period:
    found = period(raw)
    if found is None:
        raise Bad(N_("periode wajib diisi (mis. 2026, 2026-S1, 2026-Q3 atau 2026-07)"))
    return found


def service_key(name: str | None) -> str | None:
    """How two spellings of one service compare ("Pembuatan  KTP-el" ~ "pembuatan ktp-el")."""
    return None if name is None else " ".join(name.split()).casefold()


def incomplete_groups(rows: Sequence[ElementAverage]) -> list[Text]:
    """A note for each unit, service and period of a summary file that lacks an element:
    the regulation's index needs all nine, so that period shows no IKM."""
    found: dict[tuple, set[int]] = {}
    names: dict[tuple, ElementAverage] = {}
    for row in rows:
        key = (row.unit_code, service_key(row.service), row.period)
        found.setdefault(key, set()).add(row.element)
        names.setdefault(key, row)
    notes = []
    for key, elements in found.items():
        missing = [f"U{n}" for n in skm.ELEMENT_NUMBERS if n not in elements]
        if missing:
            first = names[key]
            notes.append(
                N_(
                    "{u} ({s}) periode {p}: unsur {m} tidak ada, sehingga IKM periode itu "
                    "tidak dihitung"
                ).format(
                    u=first.unit_code,
                    s=first.service or "-",
                    p=first.period,
                    m=", ".join(missing),
                )
            )
    return notes
