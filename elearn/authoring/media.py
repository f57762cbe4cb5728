"""Images a trainer uploads to a draft: safe names, real content, and where each one is used.

Pure (no Flask, no database), so every refusal can be tested on bytes alone.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image

from ..content.media import human_size
from ..content.render import Linker, render_block
from ..content.source import normalise_text_bytes

# What the media page accepts: raster images a browser shows everywhere.
UPLOAD_TYPES = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}
MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
EXTENSION = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
MAX_STEM = 80
NOT_SAFE = re.compile(r"[^a-z0-9]+")


class MediaRefused(Exception):
    """The upload cannot be stored; the message says why and what to do, in Indonesian."""


@dataclass(frozen=True)
class CheckedImage:
    name: str
    mime: str
    width: int
    height: int


def normalise_name(raw: str) -> str:
    """Turn an uploaded file name into `lowercase-safe-name.ext`, or refuse it."""
    raw = (raw or "").strip()
    if "/" in raw or "\\" in raw:
        raise MediaRefused(
            _(
                "nama berkas tidak boleh berisi garis miring (/ atau \\); pakai nama saja, "
                "mis. `foto-loket.png`."
            )
        )
    ascii_name = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode().lower()
    stem, dot, ext = ascii_name.rpartition(".")
    if not dot:
        stem, ext = ascii_name, ""
    stem = NOT_SAFE.sub("-", stem).strip("-")[:MAX_STEM].rstrip("-")
    ext = NOT_SAFE.sub("", ext)
    if not stem:
        raise MediaRefused(
            _(
                "nama berkas harus berisi huruf atau angka sebelum ekstensinya, "
                "mis. `foto-loket.png`."
            )
        )
    if not ext:
        raise MediaRefused(
            _("nama berkas butuh ekstensi yang sesuai isinya: .png, .jpg, .webp atau .gif.")
        )
    return f"{stem}.{ext}"


def _sniff(data: bytes) -> str | None:
    """The image format the bytes really are, by their magic numbers."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _svg_refusal(name: str) -> MediaRefused:
    return MediaRefused(
        _(
            "`%(name)s` adalah SVG. SVG tidak bisa diunggah di sini karena dapat berisi skrip "
            "yang belum bisa dibersihkan dengan aman; simpan gambarnya sebagai PNG atau WebP.",
            name=name,
        )
    )


def _decode(data: bytes, expected: str) -> tuple[int, int]:
    """Decode the whole image with Pillow: a forged header or a truncated file fails here."""
    with warnings.catch_warnings():
        # A picture of huge dimensions would take the server's memory while decoding.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected:
                raise ValueError(image.format)
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return image.size


def _checked_size(name: str, data: bytes, real: str) -> tuple[int, int]:
    """The image's size once Pillow decoded it whole, or a refusal a trainer can act on."""
    try:
        return _decode(data, real)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaRefused(
            _(
                "gambar `%(name)s` berdimensi terlalu besar (terlalu banyak piksel); perkecil "
                "dimensinya lalu unggah lagi.",
                name=name,
            )
        ) from exc
    except Exception as exc:  # any decoder failure (or a bomb warning) means a bad file
        raise MediaRefused(
            _(
                "berkas `%(name)s` rusak atau bukan gambar %(real)s yang utuh; "
                "simpan ulang gambarnya.",
                name=name,
                real=real,
            )
        ) from exc


def check_image(filename: str, data: bytes, max_bytes: int) -> CheckedImage:
    """Check an uploaded image by its content; return its normalised name and type."""
    if filename.strip().lower().endswith(".svg"):
        raise _svg_refusal(filename.strip())
    name = normalise_name(filename)
    ext = name.rsplit(".", 1)[1]
    if ext not in UPLOAD_TYPES:
        raise MediaRefused(
            _(
                "jenis berkas .%(ext)s tidak diizinkan; unggah gambar PNG, JPEG, WebP atau GIF.",
                ext=ext,
            )
        )
    if not data:
        raise MediaRefused(_("berkas `%(name)s` kosong.", name=name))
    if len(data) > max_bytes:
        raise MediaRefused(
            _(
                "berkas `%(name)s` terlalu besar (%(size)s); batasnya %(limit)s. "
                "Perkecil ukuran gambarnya lalu unggah lagi.",
                name=name,
                size=human_size(len(data)),
                limit=human_size(max_bytes),
            )
        )
    real = _sniff(data)
    if real is None and b"<svg" in data[:4096].lower():
        raise _svg_refusal(name)
    if real is None:
        raise MediaRefused(
            _(
                "isi berkas `%(name)s` bukan gambar PNG, JPEG, WebP atau GIF, "
                "walaupun namanya .%(ext)s.",
                name=name,
                ext=ext,
            )
        )
    if real != UPLOAD_TYPES[ext]:
        raise MediaRefused(
            _(
                "berkas `%(name)s` sebenarnya %(real)s, bukan %(named)s; ganti ekstensinya "
                "menjadi .%(ext)s lalu unggah lagi.",
                name=name,
                real=real,
                named=UPLOAD_TYPES[ext],
                ext=EXTENSION[real],
            )
        )
    width, height = _checked_size(name, data, real)
    return CheckedImage(name, MIME[real], width, height)


def image_size(data: bytes) -> tuple[int, int] | None:
    """Pixel size from the header only (for thumbnails), or None when it cannot be read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return image.size
    except Exception:  # a broken file just gets no thumbnail size
        return None


def thumbnail_size(size: tuple[int, int] | None, box: int = 96) -> tuple[int, int]:
    """Fit an image into a square box without enlarging it, keeping its proportions."""
    if not size or not size[0] or not size[1]:
        return box, box
    width, height = size
    scale = min(1.0, box / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _body(text: str) -> str:
    """Markdown without its front matter (YAML holds no links and is slow to parse)."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                return "\n".join(lines[index + 1 :])
    return text


def media_usage(files: dict[str, bytes]) -> dict[str, list[str]]:
    """For every file in `media/`, the Markdown files that show or link it.

    Links are resolved by the same renderer publishing uses, so "used" here means used
    on the published pages (a name inside a code block does not count).
    """
    names = {path[len("media/") :] for path in files if path.startswith("media/")}
    usage: dict[str, list[str]] = {name: [] for name in sorted(names)}
    for path in sorted(files):
        if not path.endswith(".md"):
            continue
        text = normalise_text_bytes(files[path]).decode("utf-8", errors="replace")
        linker = Linker(media_url=lambda name: "#" if name in names else None)
        render_block(_body(text), linker)
        for name in sorted(linker.used_media):
            usage[name].append(path)
    return usage
