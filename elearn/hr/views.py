"""HR pages: importing employees with a preview, the template, and activation codes."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import roles_required
from ..domain.employees import COLUMNS, column_name
from ..extensions import csrf
from ..reporting.report import Column, Table
from ..reporting.scope import scope_for
from ..uploads import staging
from ..uploads.tables import UPLOAD_LIMIT, TableError, read_table
from . import services
from .forms import ConfirmForm, UploadForm

bp = Blueprint("employees", __name__, url_prefix="/employees")


@bp.get("/template.csv")
@roles_required("hr", "admin")
def template():
    """The import template with its columns and one example row."""
    example = dict(
        zip(
            COLUMNS,
            [
                "198609262015051001",
                "Siti Rahmawati",
                "siti@example.go.id",
                "PNS",
                "KODE-UNIT",
                "",
                "III/a",
            ],
            strict=True,
        )
    )
    columns = [Column(column_name(c), lambda row, c=c: row[c]) for c in COLUMNS]
    return Table("templat-pegawai", "", columns, [example]).response("csv")


@bp.route("/import", methods=["GET", "POST"])
@csrf.exempt  # checked by the form itself, after the larger upload limit is set
@roles_required("hr", "admin")
def upload():
    """Upload a CSV or XLSX, see every error or a summary, then confirm."""
    request.max_content_length = UPLOAD_LIMIT
    form = UploadForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        upload = form.file.data
        try:
            table = read_table(upload.filename or "", upload.read())
        except TableError as exc:
            error = str(exc)
        else:
            plan = services.plan_import(table, scope_for(current_user), current_user.id)
            if plan.errors:
                return render_template(
                    "hr/import_errors.html", plan=plan, filename=upload.filename
                ), 422
            token = staging.stage(current_app.instance_path, current_user.id, table)
            return render_template(
                "hr/import_preview.html",
                plan=plan,
                token=token,
                form=ConfirmForm(),
                filename=upload.filename,
            )
    status = 422 if (form.errors or error) else 200
    return render_template("hr/import.html", form=form, error=error), status


@bp.post("/import/<token>")
@roles_required("hr", "admin")
def confirm(token: str):
    """Write a previewed import; the rows are checked again in case anything changed."""
    table = staging.take(current_app.instance_path, current_user.id, token)
    if table is None:
        flash(
            _("Pratinjau sudah kedaluwarsa atau tidak ditemukan. Unggah berkasnya lagi."), "error"
        )
        return redirect(url_for("hr.employees.upload"))
    plan = services.plan_import(table, scope_for(current_user), current_user.id)
    if plan.errors:
        return render_template("hr/import_errors.html", plan=plan, filename=""), 422
    created = services.apply_import(plan, current_user.id)
    flash(
        _(
            "Impor tersimpan: %(new)s pegawai baru, %(upd)s diperbarui, %(same)s tidak berubah.",
            new=len(created),
            upd=plan.updated,
            same=plan.unchanged,
        ),
        "success",
    )
    return redirect(url_for("hr.employees.upload"))


@bp.get("/activation-codes.csv")
@roles_required("hr", "admin")
def activation_codes():
    """Activation codes not yet used, to hand to new employees."""
    users = services.pending_activations(scope_for(current_user))
    return services.activation_table(users).response("csv")
