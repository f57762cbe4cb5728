"""/admin/skm: the admin's SKM settings. The mapping from each element of the survey to the
competencies and courses that address it (one form per element), and the threshold below
which HR sees an element or a unit as weak. Admins only."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import roles_required
from ..domain import skm
from ..forms import Form
from . import mapping

bp = Blueprint("skm_admin", __name__, url_prefix="/admin/skm")


class CsrfForm(Form):
    """The choices are drawn from what exists and read by hand; WTForms checks only CSRF."""


def parse_threshold(raw: str | None) -> tuple[float | None, str | None]:
    """The typed threshold ("76,61" or "76.61"), or None and why not."""
    text = (raw or "").strip().replace(",", ".")
    if not text:
        return None, _("Isi ambang batas, misalnya 76,61.")
    try:
        value = float(text)
    except ValueError:
        return None, _("Ambang batas harus angka, misalnya 76,61.")
    if value != value or not mapping.THRESHOLD_MIN < value <= mapping.THRESHOLD_MAX:
        return None, _("Ambang batas harus di atas 25 dan paling tinggi 100 (skala IKM).")
    return round(value, 2), None


def _overview(form: CsrfForm, typed: str | None = None, error: str | None = None, status=200):
    value = mapping.threshold()
    return render_template(
        "skm/mapping.html",
        elements=mapping.stored(),
        threshold=format_decimal(value, format="0.00"),
        element_limit=format_decimal(mapping.element_threshold(value), format="0.0###"),
        default=format_decimal(mapping.DEFAULT_THRESHOLD, format="0.00"),
        bands=[(b.letter, b.name, format_decimal(b.low, format="0.00")) for b in skm.BANDS],
        typed=typed,
        error=error,
        form=form,
    ), status


@bp.get("/pemetaan")
@roles_required("admin")
def mapping_page():
    """The current mapping of every element and the threshold, with their forms."""
    return _overview(CsrfForm())


@bp.post("/ambang")
@roles_required("admin")
def threshold():
    """Change the threshold below which an element or a unit is weak."""
    form = CsrfForm()
    if not form.validate_on_submit():
        return _overview(form, error=_("Formulir kedaluwarsa; muat ulang halaman."), status=400)
    typed = request.form.get("threshold", "")[:20]
    value, error = parse_threshold(typed)
    if value is None:
        return _overview(form, typed=typed, error=error, status=422)
    if mapping.set_threshold(value, current_user.id):
        flash(_("Ambang batas unsur dan unit yang lemah disimpan."), "success")
    return redirect(url_for(".mapping_page"))


def _element_or_404(number: int) -> skm.Element:
    if number not in skm.ELEMENT_NUMBERS:
        abort(404)
    return skm.ELEMENTS[number - 1]


def _read_choices(competencies, courses) -> tuple[list[int], list[tuple[int, str]], list[str]]:
    """The ticked competencies and courses, in the order the form lists them, and errors."""
    errors = []
    ticked = set(request.form.getlist("competency"))
    offered = {str(c.id): c.id for c in competencies}
    if ticked - set(offered):
        errors.append(_("Ada kompetensi yang tidak ada lagi; muat ulang halaman lalu pilih lagi."))
    chosen_competencies = [cid for key, cid in offered.items() if key in ticked]
    picked = set(request.form.getlist("course"))
    options = {}
    for course in courses:
        options[str(course.id)] = (course.id, "")
        for slug, _title in course.modules:
            options[f"{course.id}/{slug}"] = (course.id, slug)
    if picked - set(options):
        errors.append(_("Ada kursus yang tidak ada lagi; muat ulang halaman lalu pilih lagi."))
    chosen_courses = [value for key, value in options.items() if key in picked]
    whole = {cid for cid, module in chosen_courses if not module}
    if any(module and cid in whole for cid, module in chosen_courses):
        errors.append(_("Pilih kursus utuh atau beberapa modulnya, tidak keduanya."))
    return chosen_competencies, chosen_courses, errors


@bp.route("/pemetaan/<int:number>", methods=["GET", "POST"])
@roles_required("admin")
def element(number: int):
    """Choose the competencies and courses (or modules) that address one element."""
    item = _element_or_404(number)
    form = CsrfForm()
    competencies = mapping.competency_choices()
    courses = mapping.course_choices()
    current = mapping.stored()[number]
    errors: list[str] = []
    ticked_competencies = {str(c.id) for c in current.competencies}
    ticked_courses = {f"{c.course_id}/{c.module_slug}" if c.module_slug else str(c.course_id)
                      for c in current.courses}  # fmt: skip
    if request.method == "POST" and form.validate_on_submit():
        chosen_competencies, chosen_courses, errors = _read_choices(competencies, courses)
        if not errors:
            mapping.save_element(number, chosen_competencies, chosen_courses, current_user.id)
            flash(_("Pemetaan unsur %(code)s disimpan.", code=item.code), "success")
            return redirect(url_for(".mapping_page"))
        ticked_competencies = set(request.form.getlist("competency"))
        ticked_courses = set(request.form.getlist("course"))
    elif request.method == "POST":
        errors = [_("Formulir kedaluwarsa; muat ulang halaman.")]
    stale = [c for c in current.courses if not c.live or (c.module_slug and not c.module_title)]
    return render_template(
        "skm/mapping_element.html",
        item=item,
        competencies=competencies,
        courses=courses,
        ticked_competencies=ticked_competencies,
        ticked_courses=ticked_courses,
        stale=stale,
        errors=errors,
        form=form,
    ), (422 if errors else 200)
