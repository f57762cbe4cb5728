"""HR's SKM pages: /hr/skm (each unit's result in a period, its weak elements and the courses
that address them), a unit's page with the citizens' comments, and the one-step assignment
of a recommended course to the unit's front-line staff (a confirmation, then the rows)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import clock
from ..auth.permissions import roles_required
from ..domain import skm
from ..extensions import db
from ..forms import Form
from ..models import Course, CourseVersion
from ..reporting.governments import government_of
from ..reporting.scope import Scope, scope_for, unit_or_404
from ..web import page_number
from . import mapping, results, weak
from .blueprint import bp

EDITORS = ("hr", "admin")


@bp.app_template_filter("skm_number")
def skm_number(value: float | None, places: int = 2) -> str:
    """An index or an average with a fixed number of decimals, in the reader's language."""
    if value is None:
        return "–"
    return format_decimal(value, format="#,##0." + "0" * places)


class ConfirmForm(Form):
    """The confirmation's button; the due date is read by hand (Indonesian messages)."""


def _period(scope: Scope) -> tuple[str | None, list[str], str | None]:
    """The period asked for (default: the latest with data), the periods with data newest
    first, and a message when the one asked for has none."""
    periods = list(reversed(results.periods_in(scope)))
    asked = (request.args.get("period") or "").strip()[:20]
    if not periods:
        return None, periods, None
    if not asked:
        return periods[0], periods, None
    parsed = skm.parse_period(asked)
    if parsed is not None and parsed.label in periods:
        return parsed.label, periods, None
    missing = _("Periode itu tidak punya hasil SKM; periode terakhir ditampilkan.")
    return periods[0], periods, missing


def _formats(limit: float) -> dict:
    return {
        "threshold": format_decimal(limit, format="0.00"),
        "element_limit": format_decimal(mapping.element_threshold(limit), format="0.0###"),
    }


@bp.get("")
@roles_required(*EDITORS)
def overview():
    """Every unit with results in the period, weakest first, with its weak elements and the
    courses mapped to them."""
    scope = scope_for(current_user)
    period, periods, notice = _period(scope)
    page = page_number(request.args.get("page"))
    limit = mapping.threshold()
    rows, total = weak.unit_results(scope, period, page, limit=limit) if period else ([], 0)
    return render_template(
        "skm/overview.html",
        rows=rows,
        total=total,
        page=page,
        page_size=weak.UNIT_PAGE_SIZE,
        period=period,
        periods=periods,
        notice=notice,
        unassigned=not scope.everything and not scope.roots,
        **_formats(limit),
    )


@bp.get("/unit/<int:unit_id>")
@roles_required(*EDITORS)
def unit(unit_id: int):
    """One unit in a period: the nine elements, its recommendations and the comments."""
    scope = scope_for(current_user)
    found = unit_or_404(scope, unit_id)
    period, periods, notice = _period(scope)
    limit = mapping.threshold()
    rows = weak.unit_results(scope, period, unit_ids=[unit_id], limit=limit)[0] if period else []
    page = page_number(request.args.get("page"))
    count = rows[0].comments if rows else 0
    return render_template(
        "skm/overview_unit.html",
        unit=found,
        row=rows[0] if rows else None,
        period=period,
        periods=periods,
        notice=notice,
        comments=weak.comments(unit_id, period, page) if count else [],
        comment_total=count,
        page=page,
        page_size=weak.COMMENT_PAGE_SIZE,
        elements=skm.ELEMENTS,
        **_formats(limit),
    )


def _live_course_or_404(course_id: int) -> tuple[int, str]:
    """A published course's id and title; a course that is not (or no longer) live is 404."""
    row = db.session.execute(
        select(Course.id, CourseVersion.title)
        .join(CourseVersion, CourseVersion.id == Course.live_version_id)
        .where(Course.id == course_id)
    ).first()
    if row is None:
        abort(404)
    return row[0], row[1]


def _due(raw: str | None, today: date) -> tuple[date | None, str | None]:
    text = (raw or "").strip()[:20]
    if not text:
        return None, _("Isi batas waktu.")
    try:
        due = date.fromisoformat(text)
    except ValueError:
        return None, _("Tanggal tidak dikenali; tulis sebagai TTTT-BB-HH, misalnya 2026-03-31.")
    if due < today:
        return None, _("Batas waktu tidak boleh sebelum hari ini.")
    return due, None


def _note(period: str | None, recommendation: weak.Recommendation | None) -> str:
    """What the assignment says about why it exists (kept with it; 500 characters at most).
    Stored data, so in the regulation's words whatever the officer's language."""
    elements = [f"{e.code} {e.name}" for e in recommendation.elements] if recommendation else []
    text = f"Rekomendasi SKM {period or ''}".strip()
    if elements:
        text += ": " + ", ".join(elements)
    return text[:500]


@bp.route("/unit/<int:unit_id>/wajibkan/<int:course_id>", methods=["GET", "POST"])
@roles_required(*EDITORS)
def assign(unit_id: int, course_id: int):
    """Confirm, then require a course of the unit's front-line staff in one step."""
    scope = scope_for(current_user)
    found = unit_or_404(scope, unit_id)
    course_id, title = _live_course_or_404(course_id)
    period, _periods, _notice = _period(scope)
    rows = weak.unit_results(scope, period, unit_ids=[unit_id])[0] if period else []
    row = rows[0] if rows else None
    recommendation = next(
        (r for r in (row.recommendations if row else []) if r.course.course_id == course_id),
        None,
    )
    if row is not None:  # what the unit's result read already
        staff, plan = row.front_line, row.coverage(course_id)
    else:
        staff = weak.front_line([unit_id]).get(unit_id, [])
        existing = weak.existing_assignments([unit_id]).get((unit_id, course_id), [])
        plan = weak.Coverage(tuple(existing))
    today = clock.today()
    form = ConfirmForm()
    typed = (today + timedelta(days=weak.DUE_DAYS)).isoformat()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        typed = (request.form.get("due_date") or "")[:20]
        due, error = _due(typed, today)
        if due is not None:
            outcome = weak.assign_front_line(
                course_id, unit_id, due, _note(period, recommendation), current_user.id, period
            )
            _flash_outcome(outcome)
            return redirect(url_for(".unit", unit_id=unit_id, period=period))
    return render_template(
        "skm/overview_assign.html",
        unit=found,
        course_id=course_id,
        title=title,
        period=period,
        recommendation=recommendation,
        staff=staff,
        plan=plan,
        flagged=weak.front_line_positions_in(government_of(unit_id)) if not staff else None,
        typed=typed,
        error=error,
        today=today,
        form=form,
    ), (422 if error else 200)


def _flash_outcome(outcome: weak.Outcome) -> None:
    if outcome.created:
        flash(
            _(
                "%(n)s pelatihan wajib dibuat untuk petugas layanan: %(names)s.",
                n=len(outcome.created),
                names=", ".join(p.name for _id, p in outcome.created),
            ),
            "success",
        )
    if outcome.kept:
        flash(
            _(
                "Tidak dibuat lagi karena sudah diwajibkan: %(names)s.",
                names=", ".join(f"{p.name} (#{e.id})" for e, p in outcome.kept),
            ),
            "success" if outcome.created else "info",
        )
    if not outcome.created and not outcome.kept:
        flash(_("Tidak ada petugas layanan di unit ini; tidak ada yang dibuat."), "error")
