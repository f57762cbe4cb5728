"""The favicon and app icons (issue 17): /favicon.ico is a real icon, pages link the icons
and the web app manifest, and the committed images are what tests/helpers/icons.py draws."""

import io
import json
from pathlib import Path

from PIL import Image, ImageChops

from tests.helpers.icons import ICONS, PNG_SIZES, draw

STATIC = ICONS.parent


def test_favicon_ico_is_served_as_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype in {"image/vnd.microsoft.icon", "image/x-icon"}
    with Image.open(io.BytesIO(response.data)) as icon:
        assert icon.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])
    response.close()


def test_pages_link_the_icons_and_the_manifest(client):
    page = client.get("/login").get_data(as_text=True)
    for link in (
        'rel="icon" href="/static/icons/favicon.ico?v=',
        'rel="icon" href="/static/icons/icon.svg?v=',
        'rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png?v=',
        'rel="manifest" href="/manifest.webmanifest"',
    ):
        assert link in page
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["lang"] == "id"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    response.close()
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200
        served.close()


def test_committed_icons_are_the_drawing():
    for name, size in PNG_SIZES.items():
        with Image.open(Path(ICONS, name)) as image:
            committed = image.convert("RGBA")
        expected = draw(size, rounded=name != "apple-touch-icon.png")
        assert committed.size == (size, size)
        assert ImageChops.difference(committed, expected).getbbox() is None, name
