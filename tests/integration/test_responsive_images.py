"""Images light on data (issue 19): a published image wider than the cap is scaled down, and
module pages offer narrower copies in srcset; small images stay as they are."""

from __future__ import annotations

import html
import io
import re

from PIL import Image

from elearn.content.images import MAX_WIDTH
from tests.helpers import minimal_course, publish


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (11, 79, 138)).save(out, "PNG")
    return out.getvalue()


def course_with(image: bytes) -> dict:
    files = minimal_course()
    files["01-pengantar.md"] += "\n![Peta layanan](media/peta.png)\n"
    files["media/peta.png"] = image
    return files


def image_tag(client) -> str:
    page = client.get("/courses/kursus-uji/pengantar").get_data(as_text=True)
    return re.search(r'<img [^>]*alt="Peta layanan"[^>]*>', page).group(0)


def width_served(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    with Image.open(io.BytesIO(response.data)) as image:
        width = image.width
    response.close()
    return width


def test_wide_image_is_capped_and_offered_in_narrower_copies(client, learner, make_course):
    publish(make_course, files=course_with(png(2400, 1200)))
    tag = image_tag(client)
    src = re.search(r'src="([^"]+)"', tag).group(1)
    assert width_served(client, src) == MAX_WIDTH
    srcset = html.unescape(re.search(r'srcset="([^"]+)"', tag).group(1))
    candidates = [part.strip().rsplit(" ", 1) for part in srcset.split(",")]
    assert [w for _url, w in candidates] == ["480w", "960w", f"{MAX_WIDTH}w"]
    for url, w in candidates:
        assert width_served(client, url) == int(w[:-1])
    assert 'sizes="' in tag
    listing = client.get("/courses/kursus-uji/offline.json").get_json()
    assert len([url for url in listing["urls"] if url.startswith("/media/")]) == 3


def test_small_image_is_kept_without_srcset(client, learner, make_course):
    image = png(300, 200)
    publish(make_course, files=course_with(image))
    tag = image_tag(client)
    assert "srcset" not in tag
    response = client.get(re.search(r'src="([^"]+)"', tag).group(1))
    assert response.data == image
    response.close()
