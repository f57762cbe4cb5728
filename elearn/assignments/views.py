"""Mandatory training: HR assigns courses with due dates and follows who is done."""

from __future__ import annotations

from flask import Blueprint

from ..auth.permissions import roles_required

bp = Blueprint("assignments", __name__)


@bp.get("/hr/assignments")
@roles_required("supervisor", "hr", "admin")
def index():
    return "TODO"
