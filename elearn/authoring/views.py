"""Authoring: the trainer's course list, editor, preview, publishing and history."""

from __future__ import annotations

from flask import Blueprint

from ..auth.permissions import roles_required
from .access import AUTHORS

bp = Blueprint("authoring", __name__, url_prefix="/author")


@bp.get("/")
@roles_required(*AUTHORS)
def index():
    return "TODO"
