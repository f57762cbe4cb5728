"""HR analysis: competency gap heat map, training evaluation, SIASN training history."""

from __future__ import annotations

from flask import Blueprint

from ..auth.permissions import roles_required

bp = Blueprint("analysis", __name__, url_prefix="/hr")
VIEWERS = ("supervisor", "hr", "admin")


@bp.get("/gaps")
@roles_required(*VIEWERS)
def gaps():
    return "TODO"


@bp.get("/evaluation")
@roles_required(*VIEWERS)
def evaluation():
    return "TODO"
