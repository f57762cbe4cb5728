"""Forms of mandatory training. Choices are checked by hand so every message is Indonesian."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from ..forms import Form as FlaskForm  # the house base: file parts and integers checked
from ..reporting.governments import government_of
from ..web import id_value

NOTE_MAX = 500


class AssignmentForm(FlaskForm):
    """Assign a course to a unit subtree (and a position) with a due date.

    Give it the viewer's scope, the live courses, the known positions and today's date;
    after validation the chosen ids and date are in `course_id`, `unit_id`,
    `position_id` and `due`.
    """

    # Plain text fields; the template draws the <select>s and radios from `courses`,
    # `units` and `positions`, so no WTForms choice API (which changes between
    # versions) or English choice message is involved.
    course = StringField(_l("Kursus"))
    unit = StringField(_l("Unit kerja"))
    position = StringField(_l("Jabatan (opsional)"))
    due_date = StringField(_l("Batas waktu"))
    recurrence = StringField(_l("Pengulangan"), default="none")
    note = TextAreaField(_l("Catatan (opsional)"))

    def __init__(self, *args, scope, courses, units, positions, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.today = today
        self.courses = courses
        self.units = units
        self.positions = positions
        self._courses = {i for i, _t in courses}
        self._positions = {p.id: p.government_id for p in positions}
        self.course_id = self.unit_id = self.position_id = None
        self.due: date | None = None

    def validate_course(self, field):
        self.course_id = id_value(field.data)
        if not field.data:
            raise ValidationError(_("Pilih kursus yang diwajibkan."))
        if self.course_id not in self._courses:
            self.course_id = None
            raise ValidationError(_("Kursus ini tidak ada atau belum terbit; pilih dari daftar."))

    def validate_unit(self, field):
        self.unit_id = id_value(field.data)
        if not field.data:
            raise ValidationError(_("Pilih unit kerja yang mendapat pelatihan wajib ini."))
        if self.unit_id is None or not self.scope.has_unit(self.unit_id):
            self.unit_id = None
            raise ValidationError(_("Unit kerja ini di luar cakupan Anda; pilih dari daftar."))

    def validate_position(self, field):
        if not field.data:
            return
        self.position_id = id_value(field.data)
        if self.position_id not in self._positions:
            self.position_id = None
            raise ValidationError(_("Jabatan ini tidak ada; pilih dari daftar."))
        # A position belongs to one government: only its employees can hold it.
        if self.unit_id is not None and self._positions[self.position_id] != government_of(
            self.unit_id
        ):
            self.position_id = None
            raise ValidationError(_("Jabatan ini bukan jabatan pemerintah daerah unit itu."))

    def validate_due_date(self, field):
        raw = (field.data or "").strip()
        if not raw:
            raise ValidationError(_("Isi batas waktu."))
        try:
            self.due = date.fromisoformat(raw)
        except ValueError:
            raise ValidationError(
                _("Tanggal tidak dikenali; tulis sebagai TTTT-BB-HH, misalnya 2026-03-31.")
            ) from None
        if self.due < self.today:
            self.due = None
            raise ValidationError(_("Batas waktu tidak boleh sebelum hari ini."))

    def validate_recurrence(self, field):
        if field.data not in ("none", "yearly"):
            raise ValidationError(_("Pilih Sekali atau Setiap tahun."))

    def validate_note(self, field):
        field.data = (field.data or "").strip()
        if len(field.data) > NOTE_MAX:
            raise ValidationError(
                _(
                    "Catatan paling panjang %(n)s karakter; yang diisi %(m)s.",
                    n=NOTE_MAX,
                    m=len(field.data),
                )
            )


class ConfirmForm(FlaskForm):
    """A button that changes something: CSRF only."""
