"""The institution's colour (issue 19: the installed app in the region's colours), checked so
that the white text drawn on it in the header and on buttons stays readable."""

from __future__ import annotations

import re

HEX = re.compile(r"#[0-9a-fA-F]{6}")
# WCAG 2.x AA for normal text: white on the colour must reach this contrast ratio.
MIN_CONTRAST = 4.5


class ColourError(ValueError):
    """A colour the platform cannot use, with the reason for whoever configured it."""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of `#rrggbb`."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_with_white(colour: str) -> float:
    return 1.05 / (luminance(colour) + 0.05)


def darker(colour: str, share: float = 0.75) -> str:
    """The colour with each channel scaled by `share` (hover and pressed states)."""
    r, g, b = (round(int(colour[i : i + 2], 16) * share) for i in (1, 3, 5))
    return f"#{r:02x}{g:02x}{b:02x}"


def brand_colour(value: str) -> str:
    """`value` as a lower-case `#rrggbb` the header and buttons can use; ColourError if not."""
    colour = (value or "").strip()
    if not HEX.fullmatch(colour):
        raise ColourError(
            f"ELEARN_INSTITUTION_COLOR harus berbentuk #rrggbb (misalnya #0b4f8a), bukan {value!r}."
        )
    ratio = contrast_with_white(colour)
    if ratio < MIN_CONTRAST:
        raise ColourError(
            f"ELEARN_INSTITUTION_COLOR {colour} terlalu terang: teks putih di atasnya "
            f"kontrasnya {ratio:.1f}:1, minimal {MIN_CONTRAST}:1. Pilih warna yang lebih gelap."
        )
    return colour.lower()
