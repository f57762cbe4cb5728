"""HR reports: overview, completion matrix, 20-JP compliance, learner transcript."""

from __future__ import annotations

from flask import Blueprint

from ..auth.permissions import roles_required

bp = Blueprint("reports", __name__, url_prefix="/hr")
VIEWERS = ("supervisor", "hr", "admin")


@bp.get("/")
@roles_required(*VIEWERS)
def overview():
    return "TODO"


@bp.get("/matrix")
@roles_required(*VIEWERS)
def matrix():
    return "TODO"


@bp.get("/jp")
@roles_required(*VIEWERS)
def jp():
    return "TODO"
