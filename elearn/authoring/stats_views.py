"""What trainers learn from their course: enrolments, gains, satisfaction, item statistics."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from ..auth.permissions import roles_required
from ..clock import this_year, zone
from ..domain.evaluation import STATEMENTS
from ..domain.item_stats import (
    D_LOW,
    GROUP_PERCENT,
    MIN_ANSWERS,
    P_HIGH,
    P_LOW,
    TOO_EASY,
    TOO_HARD,
    WEAK,
)
from ..domain.reporting import bar_chart
from ..reporting.filters import FIRST_YEAR
from ..reports.analysis_views import statement_labels
from ..web import page_number
from . import stats
from .access import AUTHORS, course_or_404

bp = Blueprint("authoring_stats", __name__, url_prefix="/author")

MAX_QID = 100  # Question.qid is VARCHAR(100)


def flag_labels() -> dict[str, str]:
    return {
        TOO_HARD: _("terlalu sulit"),
        TOO_EASY: _("terlalu mudah"),
        WEAK: _("kurang membedakan"),
    }


def decimal(value: float | None) -> str:
    """p and D with two decimals: 0,35."""
    return "—" if value is None else format_decimal(value, format="0.00")


def percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value, format="#,##0.#%")


def duration(seconds: float | None) -> str:
    """A time to complete in the unit a trainer thinks in: minutes, hours, or days."""
    if seconds is None:
        return "—"
    seconds = max(seconds, 0)
    if seconds < 3600:
        return _("%(n)s menit", n=format_decimal(max(round(seconds / 60), 1)))
    if seconds < 2 * 86400:
        return _("%(n)s jam", n=format_decimal(round(seconds / 3600, 1)))
    return _("%(n)s hari", n=format_decimal(round(seconds / 86400, 1)))


def _period(course) -> tuple[int | None, str | None, list[int]]:
    """The ?year= asked for (None: every year), a message if it was not a year, and the
    years to offer: from the first enrolment (or the course's creation) to this one."""
    now = this_year()
    first = [t for t in (course.created_at, stats.first_enrolment(course.id)) if t is not None]
    start = min(t.astimezone(zone()).year for t in first) if first else now
    raw = (request.args.get("year") or "").strip()
    year, error = None, None
    if raw:
        if raw.isascii() and raw.isdigit() and FIRST_YEAR <= int(raw) <= now + 1:
            year = int(raw)
        else:
            error = _(
                "Tahun harus antara %(a)s dan %(b)s; ditampilkan semua tahun.",
                a=FIRST_YEAR,
                b=now + 1,
            )
    years = list(range(now, max(min(start, now), FIRST_YEAR) - 1, -1))
    if year is not None and year not in years:
        years = sorted({*years, year}, reverse=True)
    return year, error, years


def _section_names(modules) -> dict[str, str]:
    names = {m.slug: m.title for m in modules}
    names[""] = _("Ujian Akhir")
    return names


def _page(course, modules) -> dict:
    """What both statistics pages show around their figures: the period, the section names
    and the helpers that format p, D and shares."""
    year, error, years = _period(course)
    return {
        "course": course,
        "title": stats.live_title(course),
        "year": year,
        "years": years,
        "error": error,
        "sections": _section_names(modules),
        "decimal": decimal,
        "percent": percent,
        "flag_labels": flag_labels(),
        "method": {
            "group_percent": GROUP_PERCENT,
            "min_answers": MIN_ANSWERS,
            "p_low": decimal(float(P_LOW)),
            "p_high": decimal(float(P_HIGH)),
            "d_low": decimal(float(D_LOW)),
        },
    }


@bp.get("/<slug>/stats")
@roles_required(*AUTHORS)
def course(slug: str):
    """The course's figures, where learners stop, every question worst first, comments."""
    course = course_or_404(slug)
    modules = stats.live_modules(course)
    page = _page(course, modules)
    year = page["year"]
    count = stats.count_comments(course.id, year)
    last_page = max((count - 1) // stats.COMMENTS_PER_PAGE + 1, 1)
    number = min(page_number(request.args.get("page")), last_page)
    figures = stats.course_figures(course.id, year)
    steps = stats.funnel(course, modules, year, figures.enrolled_completed)
    return render_template(
        "authoring/stats.html",
        figures=figures,
        evaluation=figures.evaluation,
        time_to_complete=(duration(figures.average_seconds), duration(figures.median_seconds)),
        statements=STATEMENTS,
        labels=statement_labels(),
        steps=steps,
        chart=_funnel_chart(steps, figures.enrolled),
        items=stats.items(course, modules, year),
        comments=stats.comments(course.id, year, number),
        count=count,
        page=number,
        page_size=stats.COMMENTS_PER_PAGE,
        **page,
    )


def _funnel_chart(steps, enrolled: int):
    """Bars of the learners who reached each module, out of those enrolled."""
    return bar_chart(
        [
            (
                f"{index}. {step.title}",
                step.reached,
                percent(step.reached / enrolled) if enrolled else "—",
            )
            for index, step in enumerate(steps, 1)
        ],
        scale_max=enrolled or None,
    )


@bp.get("/<slug>/stats/questions/<qid>")
@roles_required(*AUTHORS)
def question(slug: str, qid: str):
    """One question: every choice's share among all answers and in the upper and lower groups."""
    course = course_or_404(slug)
    if len(qid) > MAX_QID:
        abort(404)
    section = request.args.get("section")
    modules = stats.live_modules(course)
    page = _page(course, modules)
    found = stats.item(course, modules, page["year"], qid, section)
    if not found:
        abort(404)
    return render_template(
        "authoring/stats_question.html",
        qid=qid,
        section=section,
        found=found,
        letters="ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        **page,
    )
