"""The listing a learner's device reads to save a course for offline reading (issue 19)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import login_required

from . import offline
from .views import visit_or_404

bp = Blueprint("offline", __name__)


@bp.get("/courses/<slug>/offline.json")
@login_required
def listing(slug: str):
    """The live version's pages and images to save, behind the gate of reading the course.
    `no-store`: the listing names what the learner may read, and must be fresh to tell a new
    version apart."""
    _found, version = visit_or_404(slug)
    response = jsonify(offline.listing(slug, version).as_json())
    response.cache_control.no_store = True
    return response
