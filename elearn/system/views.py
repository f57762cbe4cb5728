"""The front door and the health check."""

from flask import Blueprint, jsonify, redirect, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

bp = Blueprint("system", __name__)


@bp.get("/")
def index():
    """Send learners to their own page and visitors to the catalog."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.my"))
    return redirect(url_for("learn.catalog"))


@bp.get("/healthz")
def healthz():
    """Answer 200 when the database answers, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
