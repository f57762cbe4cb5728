"""Images light on data (issue 19): on publish, a raster image wider than MAX_WIDTH is scaled
down to it, and narrower copies are made for phones, which module pages offer in `srcset`.
A phone on mobile data then loads the 480-pixel copy, not the author's photograph."""

from __future__ import annotations

import io

from PIL import Image

MAX_WIDTH = 1600  # wider than any module column on any screen at 2x
WIDTHS = (480, 960)  # the copies for phones and tablets
FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}


def width_of(data: bytes, mime: str) -> int | None:
    """The image's width in pixels, or None when it is not a raster image Pillow reads."""
    if mime not in FORMATS:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.width
    except Exception:  # noqa: BLE001 - a file that passed the type check but does not decode
        return None


def scaled(data: bytes, mime: str, width: int) -> bytes:
    """The image scaled to `width` pixels wide, in its own format."""
    with Image.open(io.BytesIO(data)) as image:
        height = max(1, round(image.height * width / image.width))
        small = image.resize((width, height), Image.LANCZOS)
        if FORMATS[mime] == "JPEG" and small.mode not in ("RGB", "L"):
            small = small.convert("RGB")
        out = io.BytesIO()
        small.save(
            out, FORMATS[mime], optimize=True, **({"quality": 82} if mime != "image/png" else {})
        )
        return out.getvalue()


def capped(data: bytes, mime: str) -> tuple[bytes, int | None]:
    """The image at most MAX_WIDTH wide, and its width (None: not a raster image)."""
    width = width_of(data, mime)
    if width is None or width <= MAX_WIDTH:
        return data, width
    return scaled(data, mime, MAX_WIDTH), MAX_WIDTH


def variant_name(name: str, width: int) -> str:
    """`foto.jpg` at 480 pixels: `foto.480w.jpg`."""
    stem, _, ext = name.rpartition(".")
    return f"{stem}.{width}w.{ext}"


def variants(name: str, data: bytes, mime: str, width: int | None) -> list[tuple[str, int, bytes]]:
    """(name, width, data) of each narrower copy of the image, narrowest first."""
    if width is None:
        return []
    return [(variant_name(name, w), w, scaled(data, mime, w)) for w in WIDTHS if w < width]
