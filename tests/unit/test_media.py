"""Media files of a course: allowed types, content matching the name, size, inert SVG."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.content.media import MEDIA_TYPES, check_media, human_size

REPO = Path(__file__).resolve().parents[2]
MAX = 5 * 1024 * 1024

SAMPLES = {
    "png": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    "jpg": b"\xff\xd8\xff\xe0\0\x10JFIF",
    "jpeg": b"\xff\xd8\xff\xdb\0\x43",
    "gif": b"GIF89a\x01\0\x01\0",
    "webp": b"RIFF\x24\0\0\0WEBPVP8 ",
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    "svg": b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
}


@pytest.mark.parametrize(("ext", "data"), sorted(SAMPLES.items()))
def test_allowed_types_with_matching_content(ext, data):
    assert check_media(f"gambar.{ext}", data, MAX) == (None, MEDIA_TYPES[ext])


def test_extension_is_case_insensitive():
    assert check_media("FOTO.PNG", SAMPLES["png"], MAX) == (None, "image/png")


def test_gif87a_is_a_gif():
    assert check_media("a.gif", b"GIF87a....", MAX) == (None, "image/gif")


@pytest.mark.parametrize(
    "name", ["a.exe", "a.html", "a.js", "a.svgz", "a.bmp", "a.mp4", "tanpa-titik", "a.png.exe"]
)
def test_other_types_are_refused(name):
    shown = name
    assert check_media(name, b"apa saja", MAX) == (
        f"jenis berkas media `{shown}` tidak diizinkan; "
        "yang diizinkan: gif, jpeg, jpg, pdf, png, svg, webp",
        "",
    )


@pytest.mark.parametrize(
    ("name", "data", "label"),
    [
        ("a.png", SAMPLES["jpg"], "PNG"),
        ("a.jpg", SAMPLES["png"], "JPG"),
        ("a.gif", b"GIF90a", "GIF"),
        ("a.webp", b"RIFF\0\0\0\0WAVE", "WEBP"),
        ("a.pdf", b"<html><script>alert(1)</script>", "PDF"),
        ("a.svg", b"<html><body>bukan svg</body></html>", "SVG"),
        ("a.png", b"", "PNG"),
    ],
)
def test_content_must_match_the_name(name, data, label):
    error, mime = check_media(name, data, MAX)
    assert error == f"isi berkas media `{name}` bukan {label} seperti namanya"
    assert mime == MEDIA_TYPES[name.rsplit(".", 1)[1]]


def test_size_limit_is_inclusive():
    data = SAMPLES["png"] + b"\0" * (2048 - len(SAMPLES["png"]))
    assert check_media("a.png", data, 2048) == (None, "image/png")
    error, _ = check_media("a.png", data + b"\0", 2048)
    assert error == "berkas media `a.png` terlalu besar (2 KB); batasnya 2 KB"


def test_size_message_in_megabytes():
    data = SAMPLES["pdf"] + b"\0" * (6 * 1024 * 1024)
    error, mime = check_media("materi.pdf", data, MAX)
    assert error == "berkas media `materi.pdf` terlalu besar (6,0 MB); batasnya 5,0 MB"
    assert mime == "application/pdf"


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 KB"), (1536, "2 KB"), (1024 * 1024, "1,0 MB"), (int(2.5 * 1024 * 1024), "2,5 MB")],
)
def test_human_size(size, text):
    assert human_size(size) == text


SVG_ACTIVE_CONTENT = [
    b"<svg><script>alert(1)</script></svg>",
    b"<svg>< script>alert(1)</script></svg>",
    b"<svg><SCRIPT>alert(1)</SCRIPT></svg>",
    b'<svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></svg>',
    b'<svg onload="alert(1)"><rect/></svg>',
    b'<svg><rect\nonclick="alert(1)"/></svg>',
    b'<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    b'<svg><a href="JavaScript:alert(1)">x</a></svg>',
    b"<svg><foreignObject><iframe src=x></iframe></foreignObject></svg>",
    b"<svg><svg:foreignObject/></svg>",
    b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
    b'<svg><image xlink:href="https://evil.example/track.png"/></svg>',
    b'<svg><image href="https://evil.example/track.png"/></svg>',
    b"<svg><use href='//evil.example/sprite.svg#a'/></svg>",
]


@pytest.mark.parametrize("data", SVG_ACTIVE_CONTENT)
def test_svg_with_scripts_handlers_or_outside_references_is_refused(data):
    error, mime = check_media("gambar.svg", data, MAX)
    assert error == (
        "SVG `gambar.svg` berisi skrip, event handler atau rujukan luar; "
        "simpan ulang sebagai gambar biasa"
    )
    assert mime == "image/svg+xml"


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<defs><g id="a"/></defs><use xlink:href="#a"/><use href="#a"/></svg>',
        b'<svg><text font-family="Noto Sans">Tombol "online"</text></svg>',
        b'<svg><a href="#bagian">tautan dalam</a></svg>',
    ],
)
def test_plain_svg_is_accepted(data):
    assert check_media("gambar.svg", data, MAX) == (None, "image/svg+xml")


def test_svg_must_open_early_in_the_file():
    data = b"<!-- " + b"x" * 5000 + b" -->" + SAMPLES["svg"]
    error, _ = check_media("a.svg", data, MAX)
    assert error == "isi berkas media `a.svg` bukan SVG seperti namanya"


def test_shipped_course_media_are_accepted():
    found = sorted((REPO / "courses").glob("*/media/*"))
    assert found
    for path in found:
        assert check_media(path.name, path.read_bytes(), MAX)[0] is None, path


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(MEDIA_TYPES) + ["exe", "html", ""]),
    st.binary(max_size=300),
    st.integers(min_value=0, max_value=400),
)
def test_check_media_never_raises_and_accepts_only_known_types(ext, data, max_bytes):
    name = f"berkas.{ext}" if ext else "berkas"
    error, mime = check_media(name, data, max_bytes)
    if error is None:
        assert mime == MEDIA_TYPES[ext]
        assert len(data) <= max_bytes
    assert mime in ("", *MEDIA_TYPES.values())
