"""The one blueprint behind /hr: each HR feature (employee import, reports, analysis,
mandatory training) keeps its own blueprint and nests it here, so their endpoints read
"hr.<feature>.<view>" and the section is registered on the app in one place."""

from __future__ import annotations

from flask import Blueprint

from ..assignments.views import bp as assignments
from ..recognition.views import bp as recognition
from ..reports.analysis_views import bp as analysis
from ..reports.views import bp as reports
from ..skm.blueprint import bp as skm
from .views import bp as employees

bp = Blueprint("hr", __name__, url_prefix="/hr")
for feature in (employees, reports, analysis, assignments, skm, recognition):
    bp.register_blueprint(feature)
