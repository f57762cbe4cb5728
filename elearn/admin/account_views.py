"""Deactivating and reactivating accounts from the employee page (/admin/users/<id>)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import recovery
from ..auth.permissions import may_set_active, roles_required
from ..auth.services import set_active
from ..recovery import mail
from ..reporting.scope import scope_for, user_or_404

bp = Blueprint("admin_accounts", __name__, url_prefix="/admin")


@bp.post("/users/<int(max=2147483647):user_id>/status")
@roles_required("hr", "admin")
def user_status(user_id: int):
    """Deactivate (`active=0`: every session of the user ends at once) or reactivate."""
    user = user_or_404(scope_for(current_user), user_id)
    if not may_set_active(current_user, user):
        abort(403)
    wanted = request.form.get("active")
    if wanted not in ("0", "1"):
        abort(400)
    set_active(user, wanted == "1", current_user.id)
    if wanted == "1":
        flash(_("Akun %(n)s aktif kembali.", n=user.full_name), "success")
    else:
        flash(
            _("Akun %(n)s dinonaktifkan; semua sesinya sudah berakhir.", n=user.full_name),
            "success",
        )
    return redirect(url_for("admin.user", user_id=user.id))


@bp.post("/users/<int(max=2147483647):user_id>/reset-code")
@roles_required("hr", "admin")
def reset_code(user_id: int):
    """A one-time code for an employee who forgot their password: mailed when they have an
    address (and the mail goes), otherwise shown once on this answer to print."""
    user = user_or_404(scope_for(current_user), user_id)
    # HR officers reset employees, not one another nor admins (as for deactivation).
    if not may_set_active(current_user, user):
        abort(403)
    if not user.active:
        flash(_("Akun %(n)s nonaktif; aktifkan kembali dahulu.", n=user.full_name), "error")
        return redirect(url_for("admin.user", user_id=user.id))
    code = recovery.issue_code(user, current_user.id)
    days = current_app.config["RESET_CODE_DAYS"]
    if user.email and mail.reset_code(user, code, days):
        flash(_("Kode atur ulang kata sandi dikirim ke e-mail %(n)s.", n=user.full_name), "success")
        return redirect(url_for("admin.user", user_id=user.id))
    page = render_template("admin/reset_code.html", user=user, code=code, days=days)
    return page, 200, {"Cache-Control": "no-store"}
