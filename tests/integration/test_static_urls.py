"""Static file URLs carry the hash of the file's content (issue 15, item 3): nginx gives
those a year's immutable caching (deploy/nginx/elearn.conf), so a new release of a file
must come with a new URL."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import url_for

import elearn

STATIC = Path(elearn.__file__).parent / "static"


def test_every_stylesheet_and_script_url_carries_its_content_hash(client):
    page = client.get("/login").get_data(as_text=True)
    links = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert links
    for link in links:
        path, version = re.fullmatch(r"/static/([^?]+)\?v=([0-9a-f]+)", link).groups()
        assert version == hashlib.sha256((STATIC / path).read_bytes()).hexdigest()[:12]
        response = client.get(link)
        assert response.status_code == 200  # the app itself ignores the version
        response.close()


def test_a_changed_file_gets_a_new_url_in_debug(make_app, tmp_path):
    app = make_app(DEBUG=True)
    app.static_folder = str(tmp_path)
    style = tmp_path / "site.css"
    style.write_text("body { color: black }")
    with app.test_request_context():
        before = url_for("static", filename="site.css")
        style.write_text("body { color: navy }")
        after = url_for("static", filename="site.css")
        missing = url_for("static", filename="nowhere.css")
        outside = url_for("static", filename="../secret_key")
    assert before != after and before.startswith("/static/site.css?v=")
    assert missing == "/static/nowhere.css" and "v=" not in outside
