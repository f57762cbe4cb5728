"""A year's recognition lists, read once for the HR page, its print version and the
downloads: the ASN who qualified, the units with the best JP compliance and those whose
IKM rose most. Also the year the request asks for, and the download columns."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..clock import this_year
from ..domain import recognition as rules
from ..domain.reporting import safe_filename
from ..reporting.filters import FIRST_YEAR
from ..reporting.report import Column, Table
from ..reporting.scope import Scope
from . import queries

YEARS_OFFERED = 10  # the year picker's choices, this year back


@dataclass(frozen=True)
class Standings:
    year: int
    target: int
    minimum: int  # employees a unit needs to be ranked
    everything: bool  # every place shown, not only the top
    asn: list[queries.Recognised]
    units: list[tuple[int, rules.UnitCompliance]]
    units_ranked: int  # units large enough to be ranked
    ikm: list[tuple[int, rules.IkmChange, queries.UnitName]]
    ikm_ranked: int  # units whose IKM rose

    @property
    def top(self) -> int:
        return rules.TOP

    @property
    def asn_total(self) -> int:
        return self.asn[0].total if self.asn else 0

    @property
    def complete(self) -> bool:
        """The year is over: its lists no longer change, certificates may be issued."""
        return self.year < this_year()


def _top(places: list, everything: bool) -> list:
    return places if everything else [p for p in places if p[0] <= rules.TOP]


def standings(scope: Scope, year: int, target: int, everything: bool = False) -> Standings:
    """The three lists of `year` in `scope` (the top places, or all of them)."""
    cycles = queries.due_cycles(scope, year)
    asn = queries.recognised(scope, year, target, cycles, None if everything else rules.TOP)
    units = rules.best_compliance(queries.unit_compliance(scope, year, target), top=None)
    ikm = queries.ikm_changes(scope, year, top=None)
    return Standings(
        year,
        target,
        rules.MIN_UNIT_EMPLOYEES,
        everything,
        asn,
        _top(units, everything),
        len(units),
        _top(ikm, everything),
        len(ikm),
    )


def read_year(raw: str | None) -> tuple[int, str | None]:
    """The year asked for (?tahun=), by default the last complete one; a bad value falls
    back to it with a message."""
    now = this_year()
    default = now - 1
    text = (raw or "").strip()
    if not text:
        return default, None
    if text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= now:
        return int(text), None
    message = _(
        "Tahun harus antara %(a)s dan %(b)s; ditampilkan tahun %(c)s.",
        a=FIRST_YEAR,
        b=now,
        c=default,
    )
    return default, message


def year_choices(chosen: int) -> list[int]:
    """The years the picker offers, newest first (the chosen one always among them)."""
    now = this_year()
    years = list(range(now, max(FIRST_YEAR, now - YEARS_OFFERED + 1) - 1, -1))
    if chosen not in years:
        years.append(chosen)
    return years


# --- downloads -----------------------------------------------------------------------


def _ikm(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


ASN_COLUMNS = (
    Column("peringkat", lambda r: r.place),
    Column("nip", lambda r: r.nip),
    Column("nama", lambda r: r.name),
    Column("unit_kerja", lambda r: r.unit),
    Column("jabatan", lambda r: r.position),
    Column("jp", lambda r: r.jp),
    Column("nama_boleh_ditampilkan", lambda r: "ya" if r.public else "tidak"),
)
UNIT_COLUMNS = (
    Column("peringkat", lambda p: p[0]),
    Column("kode_unit", lambda p: p[1].code),
    Column("unit_kerja", lambda p: p[1].name),
    Column("pegawai", lambda p: p[1].employees),
    Column("memenuhi_target_jp", lambda p: p[1].compliant),
    Column("kepatuhan_jp_persen", lambda p: round(p[1].percent, 1)),
)
IKM_COLUMNS = (
    Column("peringkat", lambda p: p[0]),
    Column("kode_unit", lambda p: p[2].code),
    Column("unit_kerja", lambda p: p[2].name),
    Column("periode_sebelum", lambda p: p[1].before_period),
    Column("ikm_sebelum", lambda p: _ikm(p[1].before.index)),
    Column("responden_sebelum", lambda p: p[1].before.respondents),
    Column("periode_sesudah", lambda p: p[1].after_period),
    Column("ikm_sesudah", lambda p: _ikm(p[1].after.index)),
    Column("responden_sesudah", lambda p: p[1].after.respondents),
    Column("perubahan_ikm", lambda p: _ikm(p[1].change)),
)


def asn_table(found: Standings) -> Table:
    name = safe_filename("penghargaan-asn", found.year)
    return Table(name, _l("ASN teladan"), ASN_COLUMNS, found.asn)


def units_table(found: Standings) -> Table:
    name = safe_filename("penghargaan-unit-jp", found.year)
    return Table(name, _l("Unit kepatuhan JP"), UNIT_COLUMNS, found.units)


def ikm_table(found: Standings) -> Table:
    name = safe_filename("penghargaan-unit-ikm", found.year)
    return Table(name, _l("Unit kenaikan IKM"), IKM_COLUMNS, found.ikm)
