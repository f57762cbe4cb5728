"""Did the training help? (/hr/skm/dampak, issue 18 item 4): every service unit's latest
SKM index beside its front-line staff's training, and one unit's periods in a chart with
the index before and after the training. CSV/XLSX of both tables; scoped like every report.

The request is read here (which courses count, which elements the chart draws, the training
date); the SQL is in `impact`, the rules in `domain.skm_impact`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..auth.permissions import roles_required
from ..domain import skm
from ..domain import skm_impact as rules
from ..domain.reporting import line_chart, safe_filename
from ..i18n import number, translated_text
from ..models import OrgUnit
from ..reporting.filters import PAGE_SIZE, parse_filters
from ..reporting.report import Column, Reading, Table, download
from ..reporting.scope import scope_for, unit_or_404
from ..web import id_value
from . import impact
from .blueprint import bp

VIEWERS = ("hr", "admin")
DEFAULT_SORT = "ikm"  # the weakest units first
MAX_COURSES = 20  # courses a viewer may choose at once (?courses=)
# The IKM chart's grid: the lowest value of each mutu band (domain.skm.BANDS) and the top.
IKM_TICKS = tuple(sorted({b.low for b in skm.BANDS} | {100.0}))
SHARE_TICKS = (0.0, 25.0, 50.0, 75.0, 100.0)


def read_request() -> tuple[Reading, OrgUnit | None]:
    """The viewer's scope, the sort and page, and the ?unit= they opened (a 404 outside
    their scope). The unit is read here, once, and kept for the page."""
    scope = scope_for(current_user)
    args = request.args.copy()
    args.pop("year", None)  # the survey periods are the time axis here, not a year
    raw_unit = args.pop("unit", None)
    filters, _ = parse_filters(args, scope, tuple(impact.SORT_KEYS), DEFAULT_SORT)
    if raw_unit in (None, ""):
        return Reading(scope, filters, scope), None
    unit_id = id_value(raw_unit)
    if unit_id is None:
        abort(404)
    unit = unit_or_404(scope, unit_id)
    filters = replace(filters, unit_id=unit.id)
    return Reading(scope, filters, scope.narrowed(unit.id)), unit


@dataclass(frozen=True)
class CourseChoice:
    """Which courses count as the training: the viewer's (?courses=slug,slug) or, when
    None, each unit's recommended courses."""

    options: list[impact.CourseOption]
    chosen: list[impact.CourseOption] | None
    errors: list[str]

    @property
    def args(self) -> dict:
        """The query argument that keeps the choice in links."""
        return {"courses": ",".join(c.slug for c in self.chosen)} if self.chosen else {}

    @property
    def ids(self) -> list[int] | None:
        return None if self.chosen is None else [c.id for c in self.chosen]


def read_courses() -> CourseChoice:
    """?courses= as comma-separated slugs (or repeated, from the picker's checkboxes);
    unknown slugs are named in a note and left out."""
    options = impact.live_courses()
    slugs: list[str] = []
    for value in request.args.getlist("courses"):
        for slug in value.split(","):
            slug = slug.strip().lower()[:100]
            if slug and slug not in slugs and len(slugs) < MAX_COURSES * 5:
                slugs.append(slug)
    if not slugs:
        return CourseChoice(options, None, [])
    by_slug = {c.slug: c for c in options}
    errors = []
    unknown = [s for s in slugs if s not in by_slug]
    if unknown:
        errors.append(
            _("Kursus tidak ditemukan dan diabaikan: %(slugs)s.", slugs=", ".join(unknown[:5]))
        )
    chosen = [by_slug[s] for s in slugs if s in by_slug][:MAX_COURSES]
    if len(slugs) - len(unknown) > MAX_COURSES:
        errors.append(_("Paling banyak %(n)s kursus; sisanya diabaikan.", n=MAX_COURSES))
    return CourseChoice(options, chosen or None, errors)


def read_elements() -> list[int]:
    """?element= numbers (1-9) the chart draws beside the IKM; anything else is ignored."""
    wanted = set()
    for raw in request.args.getlist("element"):
        raw = raw.strip()
        if len(raw) == 1 and raw.isascii() and raw.isdigit() and int(raw) in skm.ELEMENT_NUMBERS:
            wanted.add(int(raw))
    return sorted(wanted)


def read_training(default: date | None) -> tuple[date | None, bool, list[str]]:
    """?training=YYYY-MM-DD, else the default; (date, chosen by the viewer, notes)."""
    raw = (request.args.get("training") or "").strip()
    if not raw:
        return default, False, []
    try:
        chosen = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        chosen = None
    if chosen is None or not 2000 <= chosen.year <= 2100:
        note = _("Tanggal pelatihan tidak dikenal; dipakai tanggal bawaan.")
        return default, False, [note]
    return chosen, True, []


def _figure(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else number(round(value, digits))


def _pct(value: float | None) -> str:
    return "—" if value is None else number(value) + "%"


def _element_name(number_: int) -> str:
    element = skm.ELEMENTS[number_ - 1]
    return f"{element.code} {translated_text(element.name)}"


# --- the overview -----------------------------------------------------------------------


def _overview_rows(reading: Reading, choice: CourseChoice) -> list[impact.ImpactRow]:
    rows = impact.overview(reading.scope, choice.ids)
    return impact.sort_overview(rows, reading.filters.sort, reading.filters.descending)


def _overview_page(reading: Reading, choice: CourseChoice):
    rows = _overview_rows(reading, choice)
    start = (reading.filters.page - 1) * PAGE_SIZE
    return render_template(
        "skm/impact_overview.html",
        filters=reading.filters,
        rows=rows[start : start + PAGE_SIZE],
        total=len(rows),
        page_size=PAGE_SIZE,
        choice=choice,
        keep=choice.args,
        errors=[*reading.filters.errors, *choice.errors],
        unassigned=reading.scope.roots == (),
        figure=_figure,
        pct=_pct,
    )


def _band_letter(dated: rules.Dated | None) -> str | None:
    band = dated.result.band if dated else None
    return band.letter if band else None


def _yes_no(flag: bool) -> str:
    return _("ya") if flag else _("tidak")


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


OVERVIEW_COLUMNS = (
    Column("kode_unit", lambda r: r.code),
    Column("unit", lambda r: r.name),
    Column("periode_terakhir", lambda r: r.latest.period.label if r.latest else None),
    Column("ikm", lambda r: _rounded(r.index)),
    Column("mutu", lambda r: _band_letter(r.latest)),
    Column("responden", lambda r: r.latest.result.respondents if r.latest else None),
    Column("sampel_minimal", lambda r: r.latest.result.required if r.latest else None),
    Column("responden_kurang", lambda r: _yes_no(bool(r.latest and r.latest.result.too_few))),
    Column("periode_sebelumnya", lambda r: r.previous.period.label if r.previous else None),
    Column("ikm_sebelumnya", lambda r: _rounded(r.previous.result.index) if r.previous else None),
    Column("perubahan_ikm", lambda r: _rounded(r.change)),
    Column("petugas_garis_depan", lambda r: r.training.staff),
    Column("kursus_dihitung", lambda r: r.training.courses),
    Column("selesai_pelatihan", lambda r: r.training.trained),
    Column("persen_selesai_pelatihan", lambda r: r.trained_percent),
)


def _overview_table(reading: Reading, choice: CourseChoice) -> Table:
    rows = _overview_rows(reading, choice)
    return Table(safe_filename("dampak-skm"), _l("Dampak SKM"), OVERVIEW_COLUMNS, rows)


# --- one unit ---------------------------------------------------------------------------


def _unit_courses(unit_id: int, choice: CourseChoice) -> list[impact.CourseOption]:
    if choice.chosen is not None:
        return choice.chosen
    by_id = {c.id: c for c in choice.options}
    return [by_id[i] for i in impact.unit_course_ids(unit_id) if i in by_id]


def _ikm_chart(found: impact.UnitImpact, elements: list[int]):
    labels = [line.dated.period.label for line in found.periods]
    results = [line.dated.result for line in found.periods]
    series = [(_("IKM"), [r.index for r in results])]
    for n in elements:
        series.append((_element_name(n), [rules.on_index_scale(r, n) for r in results]))
    return line_chart(
        labels,
        [(name, values, [_figure(v) for v in values]) for name, values in series],
        low=25.0,
        high=100.0,
        ticks=[(t, number(t)) for t in IKM_TICKS],
    )


def _share_chart(found: impact.UnitImpact):
    labels = [line.dated.period.label for line in found.periods]
    trained = [line.trained.percent for line in found.periods]
    series = [(_("Selesai kursus"), trained, [_pct(v) for v in trained])]
    if found.has_task:
        accepted = [line.accepted.percent if line.accepted else None for line in found.periods]
        series.append((_("Tugas penerapan diterima"), accepted, [_pct(v) for v in accepted]))
    return line_chart(
        labels, series, low=0.0, high=100.0, ticks=[(t, f"{number(t)}%") for t in SHARE_TICKS]
    )


@dataclass(frozen=True)
class Comparison:
    """The before/after section: the training date, the two periods, the measures."""

    training: date | None
    chosen: bool  # the viewer chose the date (else the rule's default)
    before: rules.Dated | None
    after: rules.Dated | None
    measures: list[rules.Measure]
    errors: list[str]


def _comparison(found: impact.UnitImpact) -> Comparison:
    training, chosen, errors = read_training(found.default_training)
    if training is None:
        return Comparison(None, False, None, None, [], errors)
    before, after = rules.before_and_after([line.dated for line in found.periods], training)
    measures = rules.compare(before.result, after.result) if before and after else []
    return Comparison(training, chosen, before, after, measures, errors)


def _unit_page(reading: Reading, unit: OrgUnit, choice: CourseChoice):
    courses = _unit_courses(unit.id, choice)
    found = impact.unit_impact(reading.scope, unit.id, courses)
    elements = read_elements()
    comparison = _comparison(found)
    return render_template(
        "skm/impact_unit.html",
        filters=reading.filters,
        unit=unit,
        found=found,
        choice=choice,
        keep=choice.args,
        elements=elements,
        element_names={n: _element_name(n) for n in skm.ELEMENT_NUMBERS},
        ikm_chart=_ikm_chart(found, elements) if found.periods else None,
        share_chart=_share_chart(found) if found.periods and courses else None,
        comparison=comparison,
        errors=[*reading.filters.errors, *choice.errors, *comparison.errors],
        figure=_figure,
        pct=_pct,
    )


UNIT_COLUMNS = (
    Column("periode", lambda line: line.dated.period.label),
    Column("ikm", lambda line: _rounded(line.dated.result.index)),
    Column("mutu", lambda line: _band_letter(line.dated)),
    Column("responden", lambda line: line.dated.result.respondents),
    Column("sampel_minimal", lambda line: line.dated.result.required),
    Column("responden_kurang", lambda line: _yes_no(line.dated.result.too_few)),
    *(
        Column(f"nrr_u{n}", lambda line, n=n: _rounded(line.dated.result.average(n), 3))
        for n in skm.ELEMENT_NUMBERS
    ),
    Column("petugas_garis_depan", lambda line: line.trained.staff),
    Column("selesai_pelatihan", lambda line: line.trained.done),
    Column("persen_selesai_pelatihan", lambda line: line.trained.percent),
    Column("tugas_diterima", lambda line: line.accepted.done if line.accepted else None),
    Column("persen_tugas_diterima", lambda line: line.accepted.percent if line.accepted else None),
)


def _unit_table(reading: Reading, unit: OrgUnit, choice: CourseChoice) -> Table:
    found = impact.unit_impact(reading.scope, unit.id, _unit_courses(unit.id, choice))
    name = safe_filename("dampak-skm", unit.code)
    return Table(name, unit.name, UNIT_COLUMNS, found.periods)


# --- routes -----------------------------------------------------------------------------


@bp.get("/dampak", endpoint="impact")
@roles_required(*VIEWERS)
def impact_page():
    """Without ?unit=: every unit with SKM results; with it: that unit's periods."""
    reading, unit = read_request()
    choice = read_courses()
    if unit is None:
        return _overview_page(reading, choice)
    return _unit_page(reading, unit, choice)


def _table() -> Table:
    reading, unit = read_request()
    choice = read_courses()
    if unit is None:
        return _overview_table(reading, choice)
    return _unit_table(reading, unit, choice)


@bp.get("/dampak.<fmt>")
@roles_required(*VIEWERS)
def impact_export(fmt: str):
    """The overview's table (or, with ?unit=, the unit's table per period), every row."""
    return download(fmt, _table)
