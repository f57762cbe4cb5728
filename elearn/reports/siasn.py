"""Training history in the shape BKN's SIASN records it (riwayat diklat/kursus).

One row per certificate that is not revoked, with the course title of the version the
learner completed, the dates in the institution's time zone and the JP credited.
Expired certificates stay: the training did happen, only the attested level lapsed.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..domain.nip import format_nip
from ..extensions import db
from ..models import Certificate, CourseCompletion, CourseVersion, Enrollment, User
from ..reporting.filters import PAGE_SIZE, ReportFilters, name_or_nip
from ..reporting.learning import same_learner_course
from ..reporting.report import attribute
from ..reporting.scope import Scope
from .analysis import iso_local_date, ordered
from .queries import employee_conditions

SORTS = ("name", "nip", "course", "number", "end")
# The download is HistoryRow's fields in SIASN's order; the page previews it, NIP grouped.
COLUMNS = (
    attribute("nip", label=_l("NIP"), sort="nip", show=lambda row: format_nip(row.nip)),
    attribute("nama", label=_l("Nama"), sort="name"),
    attribute("jenis_diklat", label=_l("Jenis")),
    attribute("nama_pelatihan", label=_l("Nama pelatihan"), sort="course"),
    attribute("nomor_sertifikat", label=_l("Nomor sertifikat"), sort="number"),
    attribute("tanggal_mulai", label=_l("Tanggal mulai")),
    attribute("tanggal_selesai", label=_l("Tanggal selesai"), sort="end"),
    attribute("tahun", label=_l("Tahun")),
    attribute("jumlah_jam", label=_l("JP"), cell="number", numeric=True),
    attribute("penyelenggara", label=_l("Penyelenggara")),
)
# SIASN's training history groups courses by type; e-learning courses here are technical
# training unless the institution configures another label.
DEFAULT_TRAINING_TYPE = "Pelatihan Teknis"


@dataclass(frozen=True)
class HistoryRow:
    nip: str
    nama: str
    jenis_diklat: str
    nama_pelatihan: str
    nomor_sertifikat: str
    tanggal_mulai: str
    tanggal_selesai: str
    tahun: int
    jumlah_jam: int
    penyelenggara: str


def _statement(scope: Scope, filters: ReportFilters):
    stmt = (
        select(
            User.username,
            User.full_name,
            CourseVersion.title,
            Certificate.number,
            Enrollment.enrolled_at,
            CourseCompletion.completed_at,
            CourseCompletion.year,
            CourseCompletion.jp,
        )
        .select_from(Certificate)
        .join(CourseCompletion, CourseCompletion.id == Certificate.completion_id)
        .join(User, User.id == Certificate.user_id)
        .join(CourseVersion, CourseVersion.id == CourseCompletion.version_id)
        .outerjoin(Enrollment, same_learner_course(Enrollment, Certificate))
        .where(
            Certificate.revoked_at.is_(None),
            CourseCompletion.year == filters.year,
            *employee_conditions(scope, filters),
        )
    )
    if filters.course_id is not None:
        stmt = stmt.where(Certificate.course_id == filters.course_id)
    condition = name_or_nip(filters.query, User.full_name, User.username)
    if condition is not None:
        stmt = stmt.where(condition)
    return stmt


def _order(filters: ReportFilters) -> list:
    keys = {
        "name": [User.full_name],
        "nip": [User.username],
        "course": [CourseVersion.title],
        "number": [Certificate.number],
        "end": [CourseCompletion.completed_at],
    }[filters.sort or "name"]
    return [ordered(k, filters.descending) for k in keys] + [
        User.full_name.asc(),
        CourseCompletion.completed_at.asc(),
        Certificate.id.asc(),
    ]


def history(scope: Scope, filters: ReportFilters, paged: bool = True) -> list[HistoryRow]:
    """Rows of the training history; a page of them, or all for a download."""
    stmt = _statement(scope, filters).order_by(*_order(filters))
    if paged:
        stmt = stmt.limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)
    issuer = current_app.config["INSTITUTION_NAME"]
    kind = current_app.config.get("SIASN_TRAINING_TYPE") or DEFAULT_TRAINING_TYPE
    return [
        HistoryRow(
            nip=row.username,
            nama=row.full_name,
            jenis_diklat=kind,
            nama_pelatihan=row.title,
            nomor_sertifikat=row.number,
            # Without an enrolment record (imported history) the course began and ended
            # the same day as far as anyone can tell.
            tanggal_mulai=iso_local_date(row.enrolled_at or row.completed_at),
            tanggal_selesai=iso_local_date(row.completed_at),
            tahun=row.year,
            jumlah_jam=row.jp,
            penyelenggara=issuer,
        )
        for row in db.session.execute(stmt)
    ]


def count(scope: Scope, filters: ReportFilters) -> int:
    stmt = _statement(scope, filters)
    return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
