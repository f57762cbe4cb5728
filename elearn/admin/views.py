"""Administration pages for HR and admins: position profiles and users' positions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from ..auth.permissions import roles_required
from ..domain.positions import POSITION_TYPES
from ..extensions import db
from ..models import OrgUnit, Position, User
from ..web import MAX_ID, page_number
from . import services

bp = Blueprint("admin", __name__, url_prefix="/admin")


class CsrfForm(FlaskForm):
    """The fields of these pages are built per competency; WTForms checks only CSRF."""


def _int_or_none(raw: str | None) -> int | None:
    """An id from a form: None when empty, 0 (no row has it) when not a plausible id."""
    raw = (raw or "").strip()
    if not raw:
        return None
    plausible = raw.isascii() and raw.isdigit() and len(raw) <= 10 and int(raw) <= MAX_ID
    return int(raw) if plausible else 0


@bp.get("/")
@roles_required("hr", "admin")
def index():
    return render_template("admin/index.html")


@bp.get("/positions")
@roles_required("hr", "admin")
def positions():
    """List positions with the competency levels each requires."""
    return render_template(
        "admin/positions.html",
        positions=services.positions(),
        competencies=services.competencies(),
    )


@bp.route("/positions/<int(max=2147483647):position_id>", methods=["GET", "POST"])
@roles_required("hr", "admin")
def position(position_id: int):
    """Edit a position's name, type and required level per competency."""
    position = db.session.get(Position, position_id)
    if position is None:
        abort(404)
    competencies = services.competencies()
    form = CsrfForm()
    errors: dict[str, str] = {}
    values = {
        "name": position.name,
        "type": position.type,
        "levels": {r.competency_id: r.level for r in position.requirements},
    }
    if request.method == "POST" and form.validate_on_submit():
        name = " ".join(request.form.get("name", "").split())
        kind = request.form.get("type", "")
        levels = {}
        for competency in competencies:
            raw = request.form.get(f"level-{competency.id}", "0")
            if raw not in {"0", "1", "2", "3", "4", "5"}:
                errors[f"level-{competency.id}"] = _("Level harus 0 (tidak dibutuhkan) sampai 5.")
            else:
                levels[competency.id] = int(raw)
        if not name:
            errors["name"] = _("Nama jabatan wajib diisi.")
        if kind not in POSITION_TYPES:
            errors["type"] = _("Pilih jenis jabatan.")
        values = {"name": name, "type": kind, "levels": levels}
        if not errors:
            services.save_position(position, name, kind, levels, current_user.id)
            flash(_("Profil jabatan %(c)s tersimpan.", c=position.code), "success")
            return redirect(url_for("admin.positions"))
    status = 422 if errors else 200
    return (
        render_template(
            "admin/position.html",
            position=position,
            competencies=competencies,
            values=values,
            errors=errors,
            types=POSITION_TYPES,
            form=form,
        ),
        status,
    )


@bp.get("/users")
@roles_required("hr", "admin")
def users():
    query = request.args.get("q", "")[:100]
    raw = request.args.get("page", "1")
    page = page_number(raw)
    rows, total = services.users(query, page)
    return render_template(
        "admin/users.html", users=rows, total=total, page=page, query=query, size=50
    )


@bp.route("/users/<int(max=2147483647):user_id>", methods=["GET", "POST"])
@roles_required("hr", "admin")
def user(user_id: int):
    """Set a user's position, unit and rank (golongan)."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = CsrfForm()
    errors: dict[str, str] = {}
    if request.method == "POST" and form.validate_on_submit():
        position_id = _int_or_none(request.form.get("position_id"))
        unit_id = _int_or_none(request.form.get("unit_id"))
        rank = request.form.get("rank") or None
        if position_id is not None and db.session.get(Position, position_id) is None:
            errors["position_id"] = _("Jabatan tidak dikenal.")
        if unit_id is not None and db.session.get(OrgUnit, unit_id) is None:
            errors["unit_id"] = _("Unit kerja tidak dikenal.")
        if rank is not None and rank not in services.RANKS:
            errors["rank"] = _("Golongan tidak dikenal.")
        if not errors:
            services.save_user_profile(user, position_id, unit_id, rank, current_user.id)
            flash(_("Data %(n)s tersimpan.", n=user.full_name), "success")
            return redirect(url_for("admin.users", q=user.username))
    return (
        render_template(
            "admin/user.html",
            user=user,
            positions=services.positions(),
            units=services.units(),
            ranks=services.RANKS,
            errors=errors,
            form=form,
        ),
        422 if errors else 200,
    )
