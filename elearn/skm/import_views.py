"""HR imports SKM results from a survey tool's CSV or XLSX: upload, a preview of what will be
stored (nothing is written yet), then one confirmed write; sample files of both shapes."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField
from wtforms.validators import AnyOf, Optional

from .. import clock
from ..auth.permissions import roles_required
from ..domain import skm_import
from ..extensions import csrf
from ..forms import Form
from ..reporting.report import Column, Table
from ..reporting.scope import scope_for
from ..uploads import staging
from ..uploads.tables import UPLOAD_LIMIT, TableError, read_table
from . import importing
from .blueprint import bp

KIND = "skm"  # staged SKM tables are never confirmed as anything else
GRANULARITIES = (
    ("semester", _l("Semester (2026-S1, 2026-S2)")),
    ("quarter", _l("Triwulan (2026-Q1 sampai 2026-Q4)")),
    ("month", _l("Bulan (2026-01 sampai 2026-12)")),
    ("year", _l("Tahun (2026)")),
)


class SkmImportForm(Form):
    file = FileField(
        _l("Berkas hasil SKM (CSV atau XLSX)"),
        validators=[FileRequired(_l("Pilih berkas CSV atau XLSX."))],
    )
    # WTForms has no Indonesian catalog: its own choice check would answer in English.
    granularity = RadioField(
        _l("Periode bagi responden tanpa kolom periode"),
        choices=[value for value, _label in GRANULARITIES],
        validate_choice=False,
        default="semester",
        validators=[
            Optional(),
            AnyOf([v for v, _l in GRANULARITIES], message=_l("Pilih salah satu periode.")),
        ],
    )


class SkmConfirmForm(Form):
    """Confirms a previewed SKM import (CSRF only)."""


@bp.route("/impor", methods=["GET", "POST"])
@csrf.exempt  # checked by the form itself, after the larger upload limit is set
@roles_required("hr", "admin")
def import_form():
    """Upload a file; every error by row and column, or on to the preview."""
    request.max_content_length = UPLOAD_LIMIT
    form = SkmImportForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        upload = form.file.data
        name = (upload.filename or "")[-200:]
        try:
            table = read_table(name, upload.read())
        except TableError as exc:
            error = str(exc)
        else:
            granularity = form.granularity.data or "semester"
            plan = importing.plan_import(table, scope_for(current_user), granularity, _today())
            if not plan.reading.ok:
                return _errors(plan, name)
            options = {"granularity": granularity, "filename": name}
            token = staging.stage(current_app.instance_path, current_user.id, table, KIND, options)
            return redirect(url_for(".import_preview", token=token))
    status = 422 if (form.errors or error) else 200
    return render_template(
        "skm/import.html", form=form, error=error, shapes=_shapes(), granularities=GRANULARITIES
    ), status


@bp.get("/impor/<token>")
@roles_required("hr", "admin")
def import_preview(token: str):
    """What the staged file would store and replace; nothing is written."""
    staged = staging.read(current_app.instance_path, current_user.id, token, KIND)
    if staged is None:
        return _expired()
    plan = _plan(staged)
    if not plan.reading.ok:
        return _errors(plan, staged.options.get("filename", ""))
    return render_template(
        "skm/import_preview.html",
        plan=plan,
        token=token,
        form=SkmConfirmForm(),
        filename=staged.options.get("filename", ""),
    )


@bp.post("/impor/<token>")
@roles_required("hr", "admin")
def import_confirm(token: str):
    """Store a previewed file; its rows are checked again in case anything changed."""
    staged = staging.read(current_app.instance_path, current_user.id, token, KIND, remove=True)
    if staged is None:
        return _expired()
    plan = _plan(staged)
    if not plan.reading.ok:
        return _errors(plan, staged.options.get("filename", ""))
    try:
        stored = importing.apply_import(plan, current_user.id)
    except importing.ImportConflict:
        flash(_("Data SKM berubah selagi impor disimpan. Unggah berkasnya lagi."), "error")
        return redirect(url_for(".import_form"))
    flash(
        _(
            "Impor SKM tersimpan: %(rows)s baris, %(replaced)s baris impor lama diganti, "
            "%(services)s layanan baru.",
            rows=stored.rows,
            replaced=stored.replaced,
            services=stored.services,
        ),
        "success",
    )
    return redirect(url_for(".import_form"))


def _today() -> date:
    return clock.today()


def _plan(staged: staging.Staged) -> importing.ImportPlan:
    granularity = staged.options.get("granularity", "semester")
    if granularity not in dict(GRANULARITIES):
        granularity = "semester"
    return importing.plan_import(staged.table, scope_for(current_user), granularity, _today())


def _errors(plan: importing.ImportPlan, filename: str):
    return render_template("skm/import_errors.html", plan=plan, filename=filename), 422


def _expired():
    flash(_("Pratinjau sudah kedaluwarsa atau tidak ditemukan. Unggah berkasnya lagi."), "error")
    return redirect(url_for(".import_form"))


def _shapes() -> list[tuple[str, list[str], list[str]]]:
    return [
        (shape, skm_import.required_columns(shape), skm_import.optional_columns(shape))
        for shape in skm_import.SHAPES
    ]


# --- sample files -------------------------------------------------------------------------

SAMPLE_RESPONDENTS = (
    ("Pembuatan KTP-el", date(2026, 1, 6), (3, 3, 4, 3, 4, 3, 4, 3, 3), "Perempuan", 34,
     "SMA", "Wiraswasta", "Antrean pagi cukup panjang."),
    ("Pembuatan KTP-el", date(2026, 1, 7), (4, 3, 3, 4, 4, 4, 4, 3, 3), "Laki-laki", 52,
     "S1", "PNS", ""),
    ("Kartu Keluarga", date(2026, 2, 12), (3, 2, 2, 4, 3, 3, 3, 2, 3), "Perempuan", 27,
     "D3", "Karyawan swasta", "Mohon informasi syarat ditempel di loket."),
)  # fmt: skip
SAMPLE_AVERAGES = (3.21, 3.05, 2.87, 3.90, 3.32, 3.18, 3.40, 2.95, 3.11)
SAMPLE_UNIT = "KODE-UNIT"  # not a real code: a sample uploaded unchanged stores nothing


def _respondent_rows(fmt: str) -> list[list]:
    rows = []
    for service, day, scores, gender, age, school, work, said in SAMPLE_RESPONDENTS:
        written = day if fmt == "xlsx" else day.strftime("%d/%m/%Y")
        rows.append(
            [SAMPLE_UNIT, service, written, "2026-S1", *scores, gender, age, school, work, said]
        )
    return rows


def _average_rows(fmt: str) -> list[list]:
    rows = []
    for number, value in enumerate(SAMPLE_AVERAGES, start=1):
        written = value if fmt == "xlsx" else f"{value:.2f}".replace(".", ",")
        rows.append([SAMPLE_UNIT, "Pembuatan KTP-el", "2026-S1", f"U{number}", written, 120])
    return rows


@bp.get("/impor/contoh.<fmt>")
@roles_required("hr", "admin")
def import_sample(fmt: str):
    """A sample file of one shape (?bentuk=responden or ringkasan), CSV or XLSX."""
    shape = request.args.get("bentuk", skm_import.RESPONDENTS)
    if shape not in skm_import.SHAPES or fmt not in ("csv", "xlsx"):
        abort(404)
    if shape == skm_import.RESPONDENTS:
        keys = ("unit", "service", "date", "period", *skm_import.SCORE_FIELDS, "gender", "age",
                "education", "occupation", "comment")  # fmt: skip
        rows = _respondent_rows(fmt)
    else:
        keys = ("unit", "service", "period", "element", "average", "respondents")
        rows = _average_rows(fmt)
    columns = [
        Column(skm_import.column_name(key), lambda row, i=i: row[i]) for i, key in enumerate(keys)
    ]
    return Table(f"contoh-skm-{shape}", "SKM", columns, rows).response(fmt)
