"""Authoring files: media uploads and course folders as zip, both ways."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("authoring_files", __name__, url_prefix="/author")
