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


# --- line charts -------------------------------------------------------------------------

LINE_COLOURS = (
    "#1f7a4d",
    "#1b4f9c",
    "#b3411b",
    "#6b3fa0",
    "#7a5c00",
    "#00707a",
    "#a3135a",
    "#4d5b00",
    "#5a4632",
    "#2f3b48",
)  # fmt: skip  (each at least 4.5:1 on white, WCAG's ratio for text)
# Lines differ by pattern too, not by colour alone (WCAG 1.4.1).
LINE_DASHES = ("", "6 3", "2 3", "8 3 2 3")
AXIS_ROOM = 44  # px left of the plot for the y labels ("100", "75%")
EDGE_ROOM = 28  # px right of the plot: half of the last x label, centred on its point
X_LABEL_ROOM = 24  # px below the plot for the x labels
TOP_ROOM = 10  # px above the plot, so the top label is not cut
X_LABEL_SPACING = 64  # px a label like "2026-S1" needs at the chart's font size


@dataclass(frozen=True)
class LinePoint:
    x: float
    y: float
    text: str  # the value as the page prints it (the point's tooltip)
    label: str  # the x label it belongs to


@dataclass(frozen=True)
class Line:
    name: str
    colour: str
    dash: str  # stroke-dasharray; "" for a solid line
    path: str  # SVG path data; a missing value breaks the line
    points: tuple[LinePoint, ...]


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int  # the plot's left edge
    right: int  # the plot's right edge
    top: int
    bottom: int  # the plot's bottom edge (the x axis)
    x_labels: tuple[tuple[float, str], ...]  # (x, text) of the labels shown
    y_ticks: tuple[tuple[float, str], ...]  # (y, text) of the grid lines
    lines: tuple[Line, ...]
    font_size: int = 12


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], Sequence[str]]],
    low: float,
    high: float,
    ticks: Sequence[tuple[float, str]],
    width: int = 320,
    height: int = 200,
) -> LineChart:
    """Lay out lines over the same x labels (periods, say), for (name, values, texts)
    series drawn between `low` and `high`, with grid lines at `ticks` (value, text).

    A missing value (None) leaves a gap; values outside the range are drawn at its edge.
    Labels are thinned out when they would overlap; the table below the chart has them all.
    """
    left, right = AXIS_ROOM, width - EDGE_ROOM
    top, bottom = TOP_ROOM, height - X_LABEL_ROOM
    count = len(x_labels)
    step = (right - left) / (count - 1) if count > 1 else 0.0

    def x_of(i: int) -> float:
        return round(left + i * step if count > 1 else (left + right) / 2, 1)

    def y_of(value: float | None) -> float:
        if value is None:
            return float(bottom)
        span = (high - low) or 1.0
        clamped = min(max(value, low), high)
        return round(bottom - (clamped - low) * (bottom - top) / span, 1)

    every = max(1, -(-X_LABEL_SPACING * count // max(right - left, 1)))
    shown = tuple((x_of(i), text) for i, text in enumerate(x_labels) if i % every == 0)
    lines = tuple(
        _line(n, name, [(x_of(i), y_of(v), v) for i, v in enumerate(values)], texts, x_labels)
        for n, (name, values, texts) in enumerate(series)
    )
    return LineChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        x_labels=shown,
        y_ticks=tuple((y_of(value), text) for value, text in ticks),
        lines=lines,
    )


def _line(n: int, name: str, spots, texts: Sequence[str], x_labels: Sequence[str]) -> Line:
    """The `n`th series' line through its (x, y, value) spots; a None value lifts the pen."""
    points, path, pen_down = [], [], False
    for (x, y, value), text, label in zip(spots, texts, x_labels, strict=True):
        if value is None:
            pen_down = False
            continue
        path.append(f"{'L' if pen_down else 'M'}{x} {y}")
        points.append(LinePoint(x, y, text, label))
        pen_down = True
    return Line(
        name=name,
        colour=LINE_COLOURS[n % len(LINE_COLOURS)],
        dash=LINE_DASHES[n % len(LINE_DASHES)],
        path=" ".join(path),
        points=tuple(points),
    )
