"""The app icons in elearn/static/icons/, drawn with Pillow (the same shapes as icon.svg: a
blue rounded square with a white "E"). Run `python -m tests.helpers.icons` to draw them
again; tests/unit/test_app_icons.py checks the committed files match the drawing."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[2] / "elearn" / "static" / "icons"
BRAND = (11, 79, 138, 255)  # --brand in elearn.css
WHITE = (255, 255, 255, 255)
PNG_SIZES = {"icon-192.png": 192, "icon-512.png": 512, "apple-touch-icon.png": 180}
ICO_SIZES = [(16, 16), (32, 32), (48, 48)]
# The "E" on a 64-unit grid, as rectangles (x0, y0, x1, y1); icon.svg has the same.
LETTER = [(18, 14, 28, 50), (18, 14, 46, 23), (18, 28, 42, 36), (18, 41, 46, 50)]


def draw(size: int, rounded: bool = True) -> Image.Image:
    """The icon at `size` px; `rounded` False for a full square (Apple rounds it itself)."""
    scale = size / 64
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle(
        (0, 0, size - 1, size - 1), radius=12 * scale if rounded else 0, fill=BRAND
    )
    for x0, y0, x1, y1 in LETTER:
        pen.rectangle((x0 * scale, y0 * scale, x1 * scale - 1, y1 * scale - 1), fill=WHITE)
    return image


def write_all(folder: Path = ICONS) -> None:
    for name, size in PNG_SIZES.items():
        draw(size, rounded=name != "apple-touch-icon.png").save(folder / name, optimize=True)
    draw(48).save(folder / "favicon.ico", sizes=ICO_SIZES)


if __name__ == "__main__":
    write_all()
