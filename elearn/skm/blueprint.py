"""The HR pages of the citizens' satisfaction survey, nested in the /hr blueprint: their
endpoints read "hr.skm.<view>" and their addresses start /hr/skm. The view modules attach
their routes to `bp` when imported below."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("skm", __name__, url_prefix="/skm")

# Imported for their routes, after `bp` exists (they import it from here).
from . import impact_views, import_views, service_views, views  # noqa: E402, F401
