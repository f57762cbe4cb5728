"""Figures and chart geometry for HR reports: rates, JP shortfalls, learner status, bars.

Pure: the report queries hand over counts, these functions turn them into what a page
or an export shows. No Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

# A learner's state in one course, as written in URLs (?status=); the index is its rank
# when sorting (the report query computes the rank in SQL).
NOT_STARTED, IN_PROGRESS, COMPLETED = "belum", "berjalan", "selesai"
STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETED)


def percent(part: int, whole: int) -> float | None:
    """Return part of whole in percent with one decimal, or None when there is no whole."""
    if whole <= 0:
        return None
    return round(max(part, 0) * 100 / whole, 1)


def shortfall(jp: int, target: int) -> int:
    """JP still missing to reach the yearly target (0 once reached)."""
    return max(0, target - jp)


def local_date(value: datetime | None, timezone: str) -> date | None:
    """The calendar date of an aware timestamp where the deployment is (for exports)."""
    if value is None:
        return None
    return value.astimezone(ZoneInfo(timezone)).date()


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def safe_filename(*parts: object) -> str:
    """Join parts into a download name that needs no quoting in a header."""
    text = "-".join(str(p) for p in parts if p not in (None, ""))
    return _UNSAFE.sub("-", text).strip("-")[:80] or "laporan"


def shorten(text: str, limit: int) -> str:
    """Cut a label to `limit` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


FONT_SIZE = 14  # px; the same figures are in a table below each chart at full size
ROW_HEIGHT = 44
BAR_HEIGHT = 14
LABEL_HEIGHT = 20
VALUE_ROOM = 64  # px right of the track for "100%" or "12.345"
CHARS_PER_LINE = 40  # at 14 px text in a 320 px chart


@dataclass(frozen=True)
class Bar:
    label: str  # shortened to fit; the full name is in the table below the chart
    title: str  # full label, shown as the tooltip
    text: str  # the value as the page prints it
    label_y: float  # baseline of the label
    y: float  # top of the bar
    width: float  # bar length
    text_x: float  # where the value is written: right of the track, aligned in a column


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    track: int  # length of a full (100 %) bar
    bar_height: int
    bars: tuple[Bar, ...]
    font_size: int = FONT_SIZE


def bar_chart(
    items: Sequence[tuple[str, float | None, str]],
    scale_max: float | None = None,
    width: int = 320,
) -> BarChart:
    """Lay out horizontal bars, each with its label above, for (label, value, text) items.

    Bars are drawn against `scale_max` (100 for percentages) or, when it is None, the
    largest value; a missing value draws no bar. Labels sit above the bars so that long
    unit names fit on a 360 px phone.
    """
    values = [v for _, v, _ in items if v is not None]
    top = scale_max if scale_max is not None else max(values, default=0)
    track = width - VALUE_ROOM
    bars = []
    for index, (label, value, text) in enumerate(items):
        y0 = index * ROW_HEIGHT
        length = 0.0
        if value is not None and top > 0:
            length = round(track * min(max(value, 0), top) / top, 1)
        bars.append(
            Bar(
                label=shorten(label, CHARS_PER_LINE),
                title=label,
                text=text,
                label_y=y0 + LABEL_HEIGHT - 4,
                y=y0 + LABEL_HEIGHT,
                width=length,
                text_x=track + 6,
            )
        )
    return BarChart(
        width=width,
        height=max(len(items), 1) * ROW_HEIGHT,
        track=track,
        bar_height=BAR_HEIGHT,
        bars=tuple(bars),
    )
