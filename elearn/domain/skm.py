"""The citizens' satisfaction survey (Survei Kepuasan Masyarakat, PermenPANRB 14/2017):
its nine elements, the index (IKM), the quality bands, the sample size, and survey periods.

Pure: numbers in, numbers out. Storage and SQL live in elearn/skm/.

The regulation averages each element over the respondents (NRR), weights every element
equally (1/9, written 0.111 in the regulation), and multiplies the weighted sum by 25 to
reach the 25-100 index. With 0.111 the index comes out 0.1 % low (9 x 0.111 = 0.999);
reports here use 1/9 and say so, and `ikm(..., weight=REGULATION_WEIGHT)` gives the
regulation's rounding for anyone reconciling with a spreadsheet that used it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .texts import N_

ELEMENT_COUNT = 9
SCORES = (1, 2, 3, 4)
EXACT_WEIGHT = 1 / ELEMENT_COUNT
REGULATION_WEIGHT = 0.111
SCALE = 25  # the converted index: weighted average x 25, from 25 to 100


@dataclass(frozen=True)
class Element:
    number: int  # 1..9
    name: str  # the regulation's name (Text: the page translates it)
    question: str  # what the public questionnaire asks, in plain words
    answers: tuple[str, str, str, str]  # the 1..4 answers in the element's own words

    @property
    def code(self) -> str:
        return f"U{self.number}"


def _answers(*words: str) -> tuple[str, str, str, str]:
    return words  # type: ignore[return-value]  (four, each marked N_ for the catalog)


ELEMENTS: tuple[Element, ...] = (
    Element(
        1,
        N_("Persyaratan"),
        N_("Apakah persyaratan layanan sesuai dengan jenis pelayanannya?"),
        _answers(N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai")),
    ),
    Element(
        2,
        N_("Sistem, mekanisme dan prosedur"),
        N_("Apakah prosedur pelayanan mudah diikuti?"),
        _answers(N_("Tidak mudah"), N_("Kurang mudah"), N_("Mudah"), N_("Sangat mudah")),
    ),
    Element(
        3,
        N_("Waktu penyelesaian"),
        N_("Apakah layanan selesai dalam waktu yang dijanjikan?"),
        _answers(N_("Tidak cepat"), N_("Kurang cepat"), N_("Cepat"), N_("Sangat cepat")),
    ),
    Element(
        4,
        N_("Biaya/tarif"),
        N_("Apakah biaya yang Anda bayar wajar (atau memang gratis)?"),
        _answers(N_("Sangat mahal"), N_("Cukup mahal"), N_("Murah"), N_("Gratis")),
    ),
    Element(
        5,
        N_("Produk spesifikasi jenis pelayanan"),
        N_("Apakah hasil layanan sesuai dengan yang dijanjikan?"),
        _answers(N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai")),
    ),
    Element(
        6,
        N_("Kompetensi pelaksana"),
        N_("Apakah petugas menguasai pekerjaannya?"),
        _answers(
            N_("Tidak kompeten"), N_("Kurang kompeten"), N_("Kompeten"), N_("Sangat kompeten")
        ),
    ),
    Element(
        7,
        N_("Perilaku pelaksana"),
        N_("Apakah petugas sopan dan ramah?"),
        _answers(
            N_("Tidak sopan dan ramah"),
            N_("Kurang sopan dan ramah"),
            N_("Sopan dan ramah"),
            N_("Sangat sopan dan ramah"),
        ),  # fmt: skip
    ),
    Element(
        8,
        N_("Penanganan pengaduan, saran dan masukan"),
        N_("Bagaimana pengaduan, saran dan masukan ditangani?"),
        _answers(
            N_("Tidak ada"),
            N_("Ada tetapi tidak berfungsi"),
            N_("Berfungsi kurang maksimal"),
            N_("Dikelola dengan baik"),
        ),  # fmt: skip
    ),
    Element(
        9,
        N_("Sarana dan prasarana"),
        N_("Bagaimana kualitas sarana dan prasarana layanan?"),
        _answers(N_("Buruk"), N_("Cukup"), N_("Baik"), N_("Sangat baik")),
    ),
)
ELEMENT_NUMBERS = tuple(e.number for e in ELEMENTS)


@dataclass(frozen=True)
class Band:
    letter: str  # A, B, C, D
    name: str  # mutu pelayanan (Text)
    low: float  # the lowest converted index of the band (inclusive, two decimals)


# The regulation's table, converted values with two decimals; a value between two rows
# (e.g. 88.305) falls in the lower band, as the table's upper bounds are inclusive.
BANDS: tuple[Band, ...] = (
    Band("A", N_("Sangat Baik"), 88.31),
    Band("B", N_("Baik"), 76.61),
    Band("C", N_("Kurang Baik"), 65.00),
    Band("D", N_("Tidak Baik"), 25.00),
)


def band(index: float) -> Band:
    """The mutu pelayanan of a converted index (25-100)."""
    value = math.floor(index * 100 + 1e-9) / 100  # 88.309 is still B: truncated, not rounded
    for row in BANDS:
        if value >= row.low:
            return row
    return BANDS[-1]


def ikm(averages: Mapping[int, float], weight: float = EXACT_WEIGHT) -> float | None:
    """The converted index from each element's average (NRR, 1-4); None unless all nine
    elements have one (an index of eight elements is not the regulation's)."""
    if any(averages.get(n) is None for n in ELEMENT_NUMBERS):
        return None
    return sum(averages[n] * weight for n in ELEMENT_NUMBERS) * SCALE


def index_of_average(average: float) -> float:
    """An element's average (1-4) on the index's 25-100 scale, to show it beside the IKM."""
    return average * SCALE


# --- sample size ----------------------------------------------------------------------

# Krejcie & Morgan (1970), "Determining sample size for research activities": population N
# and sample S, at 95 % confidence, a 5 % margin and p = 0.5. Each S is their formula
# rounded (tests/unit/test_skm.py checks that); the table, not the formula, is what the
# regulation's guidance reads, a population between two rows taking the larger sample.
KREJCIE_MORGAN: tuple[tuple[int, int], ...] = tuple(zip(
    (10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100, 110, 120,
     130, 140, 150, 160, 170, 180, 190, 200, 210, 220, 230, 240, 250, 260, 270, 280, 290, 300,
     320, 340, 360, 380, 400, 420, 440, 460, 480, 500, 550, 600, 650, 700, 750, 800, 850, 900,
     950, 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2000, 2200, 2400, 2600,
     2800, 3000, 3500, 4000, 4500, 5000, 6000, 7000, 8000, 9000, 10000, 15000, 20000, 30000,
     40000, 50000, 75000, 1000000),
    (10, 14, 19, 24, 28, 32, 36, 40, 44, 48, 52, 56, 59, 63, 66, 70, 73, 76, 80, 86, 92, 97,
     103, 108, 113, 118, 123, 127, 132, 136, 140, 144, 148, 152, 155, 159, 162, 165, 169, 175,
     181, 186, 191, 196, 201, 205, 210, 214, 217, 226, 234, 242, 248, 254, 260, 265, 269, 274,
     278, 285, 291, 297, 302, 306, 310, 313, 317, 320, 322, 327, 331, 335, 338, 341, 346, 351,
     354, 357, 361, 364, 367, 368, 370, 375, 377, 379, 380, 381, 382, 384),
    strict=True,
))  # fmt: skip


def required_sample(population: int) -> int:
    """How many respondents a period needs for a service population (people served in the
    period), read from the Krejcie-Morgan table: 100 -> 80, 1,000 -> 278, 1,000,000 ->
    384. Below ten people, everyone."""
    if population <= 0:
        return 0
    if population < KREJCIE_MORGAN[0][0]:
        return population
    for size, sample in KREJCIE_MORGAN:
        if population <= size:
            return sample
    return KREJCIE_MORGAN[-1][1]


# --- aggregation ------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementScore:
    number: int
    average: float | None
    respondents: int


@dataclass(frozen=True)
class Result:
    """One unit (or service) in one period."""

    elements: tuple[ElementScore, ...]
    respondents: int
    index: float | None
    band: Band | None
    required: int | None  # the sample the population calls for; None: population unknown

    @property
    def too_few(self) -> bool:
        return self.required is not None and self.respondents < self.required

    def average(self, number: int) -> float | None:
        return self.elements[number - 1].average


def result(
    sums: Mapping[int, tuple[float, int]], respondents: int, population: int | None = None
) -> Result:
    """A period's result from each element's (sum of scores, number of answers). Imported
    averages come in the same shape: average x respondents, respondents."""
    elements = []
    averages = {}
    for number in ELEMENT_NUMBERS:
        total, count = sums.get(number, (0.0, 0))
        average = total / count if count else None
        averages[number] = average
        elements.append(ElementScore(number, average, count))
    index = ikm(averages)
    return Result(
        tuple(elements),
        respondents,
        index,
        band(index) if index is not None else None,
        required_sample(population) if population else None,
    )


def scores_problem(scores: Iterable[object]) -> str | None:
    """Why a respondent's nine scores cannot be stored (a Text), or None."""
    values = list(scores)
    if len(values) != ELEMENT_COUNT:
        return N_("Harus ada sembilan nilai (U1 sampai U9).")
    if any(v not in SCORES for v in values):
        return N_("Setiap nilai harus 1, 2, 3 atau 4.")
    return None


# --- periods ----------------------------------------------------------------------------

GRANULARITIES = ("year", "semester", "quarter", "month")
PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<s>S[12])|(?P<q>Q[1-4])|(?P<m>0[1-9]|1[0-2])))?$")


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    label: str  # "2026", "2026-S1", "2026-Q3", "2026-07"


def parse_period(text: str) -> Period | None:
    """A period as written in imports and pages ("2026", "2026-S2", "2026-Q1", "2026-07"),
    or None when it is none of those."""
    found = PERIOD.match(str(text or "").strip().upper())
    if not found:
        return None
    year = int(found["year"])
    if not 2000 <= year <= 2100:
        return None
    if found["s"]:
        half = int(found["s"][1])
        return _months(year, 6 * half - 5, 6 * half, f"{year}-S{half}")
    if found["q"]:
        quarter = int(found["q"][1])
        return _months(year, 3 * quarter - 2, 3 * quarter, f"{year}-Q{quarter}")
    if found["m"]:
        month = int(found["m"])
        return _months(year, month, month, f"{year}-{month:02d}")
    return _months(year, 1, 12, str(year))


def _months(year: int, first: int, last: int, label: str) -> Period:
    end_next = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return Period(date(year, first, 1), date.fromordinal(end_next.toordinal() - 1), label)


def period_of(day: date, granularity: str) -> Period:
    """The period of `granularity` ("year", "semester", "quarter", "month") holding `day`."""
    if granularity == "year":
        label = str(day.year)
    elif granularity == "semester":
        label = f"{day.year}-S{1 if day.month <= 6 else 2}"
    elif granularity == "quarter":
        label = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    elif granularity == "month":
        label = f"{day.year}-{day.month:02d}"
    else:
        raise ValueError(granularity)
    return parse_period(label)  # type: ignore[return-value]  (every label built here parses)


def change(before: float | None, after: float | None) -> float | None:
    """How much the index moved from one period to a later one (points), when both exist."""
    if before is None or after is None:
        return None
    return after - before
