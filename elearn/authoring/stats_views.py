"""What trainers learn from their course: enrolments, gains, satisfaction, item statistics."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("authoring_stats", __name__, url_prefix="/author")
