"""The /api/v1 blueprint; the views of views.py and writes.py attach to it."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api_v1", __name__, url_prefix="/api/v1")


def register(app) -> None:
    from ..extensions import csrf
    from . import openapi, people, problems, views  # noqa: F401  (their routes)

    problems.register(app)
    # Bearer tokens only, never the session cookie: nothing for a forged form to ride on.
    csrf.exempt(bp)
    app.register_blueprint(bp)
