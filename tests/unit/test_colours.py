"""The institution's colour: a #rrggbb on which white text stays readable (WCAG AA)."""

from __future__ import annotations

import pytest

from elearn.domain.colours import ColourError, brand_colour, contrast_with_white, darker


def test_the_platform_blue_is_accepted_and_lower_cased():
    assert brand_colour(" #0B4F8A ") == "#0b4f8a"
    assert contrast_with_white("#0b4f8a") > 8


def test_known_contrast_ratios():
    assert contrast_with_white("#000000") == pytest.approx(21)
    assert contrast_with_white("#ffffff") == pytest.approx(1)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)  # the AA limit's grey


@pytest.mark.parametrize("value", ["", "0b4f8a", "#0b4f8", "#0b4f8az", "blue", "#0b4f8a;x"])
def test_anything_but_six_hex_digits_is_refused_with_an_example(value):
    with pytest.raises(ColourError, match="#rrggbb"):
        brand_colour(value)


def test_a_colour_too_light_for_white_text_is_refused_with_its_ratio():
    with pytest.raises(ColourError, match=r"kontrasnya 1\.2:1, minimal 4\.5:1"):
        brand_colour("#ffee00")


def test_darker_scales_every_channel():
    assert darker("#0b4f8a") == "#083b68"
    assert darker("#ffffff", 0.5) == "#808080"
