"""Static file URLs that carry a hash of the file's content (`/static/elearn.css?v=...`).

A changed file gets a new URL, so the web server in front (deploy/nginx/elearn.conf) may let
browsers keep every URL with `v` for a year without asking again."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask

HASH_LENGTH = 12  # hex digits: enough to tell two releases of one file apart


def content_version(path: Path) -> str | None:
    """The first HASH_LENGTH hex digits of the file's SHA-256, or None if it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
    except OSError:
        return None


def register(app: Flask) -> None:
    # Files ship with a release and do not change while it runs; in debug they may.
    @lru_cache(maxsize=256)
    def cached(filename: str) -> str | None:
        return version_of(filename)

    def version_of(filename: str) -> str | None:
        folder = Path(app.static_folder or "").resolve()
        path = (folder / filename).resolve()
        return content_version(path) if path.is_relative_to(folder) else None

    def add_version(endpoint: str, values: dict) -> None:
        if endpoint != "static" or "v" in values or "filename" not in values:
            return
        filename = str(values["filename"])
        version = version_of(filename) if app.debug else cached(filename)
        if version:
            values["v"] = version

    app.url_defaults(add_version)
