"""Administration pages for HR and admins: users' placement and the organisation tree.

Position profiles have their pages in `position_views`."""

from __future__ import annotations

import re

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired

from ..auth.permissions import may_set_active, roles_required
from ..extensions import db
from ..forms import Form as FlaskForm  # the house base: file parts and integers checked
from ..models import ROLES, OrgUnit
from ..reporting.governments import government_of, holdable, positions_of
from ..reporting.scope import Scope, scope_for, unit_or_404, user_or_404, visible_units
from ..web import MAX_ID, page_number
from . import services

bp = Blueprint("admin", __name__, url_prefix="/admin")


class CsrfForm(FlaskForm):
    """The fields of these pages are built per competency; WTForms checks only CSRF."""


class OrgImportForm(FlaskForm):
    file = FileField(
        _l("Berkas CSV (kode, nama, kode_induk)"),
        validators=[FileRequired(_l("Pilih berkas CSV (kode, nama, kode_induk)."))],
    )


def int_or_none(raw: str | None) -> int | None:
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


@bp.get("/users")
@roles_required("hr", "admin")
def users():
    query = request.args.get("q", "")[:100]
    raw = request.args.get("page", "1")
    page = page_number(raw)
    rows, total = services.users(query, page, scope_for(current_user))
    return render_template(
        "admin/users.html", users=rows, total=total, page=page, query=query, size=50
    )


@bp.route("/users/<int(max=2147483647):user_id>", methods=["GET", "POST"])
@roles_required("hr", "admin")
def user(user_id: int):
    """Set a user's position, unit and rank; admins also set roles and the scope of HR/heads."""
    scope = scope_for(current_user)
    user = user_or_404(scope, user_id)
    is_admin = current_user.has_role("admin")
    form = CsrfForm()
    errors: dict[str, str] = {}
    if request.method == "POST" and form.validate_on_submit():
        position_id = int_or_none(request.form.get("position_id"))
        unit_id = int_or_none(request.form.get("unit_id"))
        rank = request.form.get("rank") or None
        # Only the positions of the employee's (new) government; out of scope reads as unknown.
        if position_id is not None and not holdable(position_id, unit_id):
            errors["position_id"] = _("Jabatan tidak dikenal.")
        if unit_id is not None and not scope.has_unit(unit_id):
            errors["unit_id"] = _("Unit kerja tidak dikenal atau di luar cakupan Anda.")
        if unit_id is None and not scope.everything:
            errors["unit_id"] = _("Pilih unit kerja; pegawai tanpa unit tidak terlihat oleh SDM.")
        if rank is not None and rank not in services.RANKS:
            errors["rank"] = _("Golongan tidak dikenal.")
        access = None
        if is_admin:
            roles = set(request.form.getlist("roles"))
            scope_unit_id = int_or_none(request.form.get("scope_unit_id"))
            if not roles or not roles <= set(ROLES):
                errors["roles"] = _("Pilih sedikitnya satu peran yang dikenal.")
            if scope_unit_id is not None and db.session.get(OrgUnit, scope_unit_id) is None:
                errors["scope_unit_id"] = _("Unit cakupan tidak dikenal.")
            if "hr" in roles and scope_unit_id is None and "admin" not in roles:
                errors["scope_unit_id"] = _(
                    "Petugas SDM perlu unit cakupan (mis. pemerintah daerah untuk BKPSDM)."
                )
            access = (roles, scope_unit_id)
        if not errors:
            services.save_user_profile(user, position_id, unit_id, rank, current_user.id, access)
            flash(_("Data %(n)s tersimpan.", n=user.full_name), "success")
            return redirect(url_for("admin.users", q=user.username))
    return (
        render_template(
            "admin/user.html",
            user=user,
            positions=positions_of(government_of(user.unit_id)),
            units=visible_units(scope),
            all_units=visible_units(Scope(None)) if is_admin else [],
            roles=ROLES if is_admin else (),
            ranks=services.RANKS,
            errors=errors,
            form=form,
            may_set_active=may_set_active(current_user, user),
        ),
        422 if errors else 200,
    )


UNIT_CODE = re.compile(r"^[A-Za-z0-9._-]{1,50}$")


def _unit_form_errors(scope, code: str | None, name: str, parent_id: int | None) -> dict:
    errors: dict[str, str] = {}
    if code is not None:
        if not UNIT_CODE.match(code):
            errors["code"] = _("Kode 1–50 karakter: huruf, angka, titik, - atau _.")
        elif services.unit_by_code(code) is not None:
            # The same words whether the unit is in the officer's scope or elsewhere, so the
            # form never tells that a code exists outside what they may see (finding 11).
            errors["code"] = _("Kode %(c)s tidak dapat digunakan; pilih kode lain.", c=code)
    if not name:
        errors["name"] = _("Nama unit wajib diisi.")
    elif len(name) > 300:
        errors["name"] = _("Nama unit paling panjang 300 karakter.")
    if parent_id is None and not scope.everything:
        errors["parent_id"] = _("Pilih unit induk di dalam cakupan Anda.")
    elif parent_id is not None and not scope.has_unit(parent_id):
        errors["parent_id"] = _("Unit induk tidak dikenal atau di luar cakupan Anda.")
    return errors


@bp.route("/org", methods=["GET", "POST"])
@roles_required("hr", "admin")
def org():
    """The organisation tree in scope with member counts, and a form to add a unit."""
    scope = scope_for(current_user)
    form = CsrfForm()
    errors: dict[str, str] = {}
    values = {"code": "", "name": "", "parent_id": None}
    if request.method == "POST" and form.validate_on_submit():
        code = request.form.get("code", "").strip()
        name = " ".join(request.form.get("name", "").split())
        parent_id = int_or_none(request.form.get("parent_id"))
        values = {"code": code, "name": name, "parent_id": parent_id}
        errors = _unit_form_errors(scope, code, name, parent_id)
        if not errors:
            services.add_unit(code, name, parent_id, current_user.id)
            flash(_("Unit %(n)s ditambahkan.", n=name), "success")
            return redirect(url_for("admin.org"))
    units = visible_units(scope)
    counts = services.member_counts([u.id for u, _depth in units])
    return (
        render_template(
            "admin/org.html",
            units=units,
            counts=counts,
            form=form,
            errors=errors,
            values=values,
            can_import=current_user.has_role("admin"),
        ),
        422 if errors else 200,
    )


@bp.route("/org/<int:unit_id>", methods=["GET", "POST"])
@roles_required("hr", "admin")
def org_unit(unit_id: int):
    """Rename a unit or move it under another parent (never under itself)."""
    scope = scope_for(current_user)
    unit = unit_or_404(scope, unit_id)
    form = CsrfForm()
    errors: dict[str, str] = {}
    is_root = scope.roots is not None and unit.id in scope.roots
    values = {"name": unit.name, "parent_id": unit.parent_id}
    if request.method == "POST" and form.validate_on_submit():
        name = " ".join(request.form.get("name", "").split())
        parent_id = unit.parent_id if is_root else int_or_none(request.form.get("parent_id"))
        values = {"name": name, "parent_id": parent_id}
        errors = _unit_form_errors(Scope(None) if is_root else scope, None, name, parent_id)
        if parent_id is not None and parent_id in services.descendant_ids(unit.id):
            errors["parent_id"] = _("Unit tidak bisa dipindah ke bawah dirinya sendiri.")
        if not errors:
            services.update_unit(unit, name, parent_id, current_user.id)
            flash(_("Unit %(n)s tersimpan.", n=name), "success")
            return redirect(url_for("admin.org"))
    return (
        render_template(
            "admin/org_unit.html",
            unit=unit,
            units=[(u, d) for u, d in visible_units(scope) if u.id != unit.id],
            is_root=is_root,
            form=form,
            errors=errors,
            values=values,
        ),
        422 if errors else 200,
    )


@bp.route("/org/import", methods=["GET", "POST"])
@roles_required("admin")
def org_import():
    """Import units from CSV (kode, nama, kode_induk); all rows or none."""
    from ..domain.org import parse_org_csv

    form = OrgImportForm()
    row_errors = []
    error = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            text = form.file.data.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            error = _("Berkas bukan teks UTF-8. Simpan ulang sebagai CSV UTF-8.")
        else:
            units, row_errors = parse_org_csv(text, services.unit_parents())
            if not row_errors:
                added, updated = services.upsert_units(units, current_user.id)
                flash(
                    _(
                        "%(n)s unit diimpor (%(a)s baru, %(u)s diperbarui).",
                        n=len(units),
                        a=added,
                        u=updated,
                    ),
                    "success",
                )
                return redirect(url_for("admin.org"))
    failed = bool(form.errors or error or row_errors)
    return (
        render_template("admin/org_import.html", form=form, error=error, row_errors=row_errors),
        422 if failed else 200,
    )


# The position pages register on `bp`.
from . import position_views  # noqa: E402, F401
