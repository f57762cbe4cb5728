"""The columns of the reports about learners (a matrix cell, the JP list, a transcript):
each defined once, for the page table and the CSV/XLSX download alike."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..clock import local_date
from ..domain.reporting import COMPLETED, IN_PROGRESS
from ..reporting.report import Column, attribute, nip_on_page, page_only
from . import learners


def _status_text(row, modules: int) -> str:
    if row.status == COMPLETED:
        return _("Selesai")
    if row.status == IN_PROGRESS:
        return _("Sedang berjalan (%(done)s dari %(total)s modul)", done=row.done, total=modules)
    return _("Belum mulai")


def cell_columns(modules: int) -> tuple[Column, ...]:
    """A matrix cell's employees, on the page and in the download."""
    return (
        attribute("nip"),
        attribute("name", "nama", label=_l("Nama"), sort="name", cell="learner", row_header=True),
        nip_on_page(),
        attribute("unit", label=_l("Unit kerja")),
        Column(
            "status",
            lambda r: _status_text(r, modules),
            label=_l("Status"),
            sort="status",
            cell="status_badge",
        ),
        Column("tanggal_daftar", lambda r: local_date(r.enrolled_at)),
        Column(
            "tanggal_selesai",
            lambda r: local_date(r.completed_at),
            label=_l("Tanggal selesai"),
            sort="date",
            cell="long_date",
            show=lambda r: r.completed_at,
        ),
        attribute(
            "final_score",
            "nilai_akhir",
            label=_l("Nilai akhir"),
            cell="number_or_blank",
            numeric=True,
        ),
    )


def jp_columns(target: int) -> tuple[Column, ...]:
    """The JP list's page and download; the download also files the target."""
    return (
        attribute("nip"),
        attribute("name", "nama", label=_l("Nama"), sort="name", cell="learner", row_header=True),
        nip_on_page(),
        attribute("unit", label=_l("Unit kerja"), sort="unit"),
        attribute("position", "jabatan", label=_l("Jabatan"), cell="or_dash"),
        attribute("rank", "golongan", label=_l("Golongan"), cell="or_dash"),
        attribute("jp", label="JP", sort="jp", cell="number", numeric=True),
        Column("target", lambda _row: target),
        attribute("short", "kekurangan", label=_l("Keterangan"), cell="jp_short"),
    )


def _if_done(name: str, convert=None):
    """A figure only a completed course has; blank for a course in progress (JP, for one,
    are credited on completion only)."""

    def value(course):
        if not isinstance(course, learners.TranscriptCourse):
            return None
        found = getattr(course, name)
        return convert(found) if convert else found

    return value


def _course_status(course) -> str:
    if isinstance(course, learners.TranscriptCourse):
        return _("Selesai")
    return _(
        "Sedang berjalan (%(done)s dari %(total)s modul)", done=course.done, total=course.total
    )


_COURSE = attribute("title", "kursus", label=_l("Kursus"), row_header=True)
_ENROLLED = Column(
    "tanggal_daftar",
    lambda course: local_date(course.enrolled_at),
    label=_l("Tanggal daftar"),
    cell="long_date",
    show=lambda course: course.enrolled_at,
)
# The courses in progress, on the page only: the download files them with the done ones.
ONGOING_COLUMNS = (
    _COURSE,
    _ENROLLED,
    Column(label=_l("Kemajuan"), cell="modules_done"),
    page_only("last_opened_at", _l("Terakhir dibuka"), cell="long_date"),
    page_only("jp", "JP", cell="number", numeric=True),
)


def _done_figure(header: str, name: str, label, cell: str = "number_or_dash") -> Column:
    """A figure of a completed course (blank in the download for one in progress)."""
    return Column(header, _if_done(name), label=label, cell=cell, numeric=True)


def transcript_columns(person) -> tuple[Column, ...]:
    """The download's courses, done and in progress; the page's table of the done ones."""
    return (
        Column("nip", lambda _course: person.username),
        Column("nama", lambda _course: person.full_name),
        _COURSE,
        Column("status", _course_status),
        _ENROLLED,
        Column(
            "tanggal_selesai",
            _if_done("completed_at", local_date),
            label=_l("Tanggal selesai"),
            cell="long_date",
            show=lambda course: course.completed_at,
        ),
        Column("tahun", _if_done("year")),
        _done_figure("nilai_pretest", "pretest_score", _l("Nilai prates")),
        _done_figure("nilai_akhir", "final_score", _l("Nilai akhir")),
        _done_figure("jp", "jp", "JP", cell="number"),
        Column(
            "nomor_sertifikat",
            _if_done("certificate_number"),
            label=_l("Sertifikat"),
            cell="certificate",
        ),
    )
