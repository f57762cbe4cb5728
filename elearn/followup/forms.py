"""The follow-up questionnaire: three questions, worded for the learner or their unit head."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectMultipleField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..domain.followup import APPLIED, FREQUENCIES, NOTE_MAX, OBSTACLES
from ..forms import Form as FlaskForm


def applied_labels() -> dict[str, str]:
    return {"ya": _l("Ya"), "sebagian": _l("Sebagian"), "belum": _l("Belum")}


def frequency_labels() -> dict[int, str]:
    return {
        1: _l("Tidak pernah"),
        2: _l("Jarang (kurang dari sebulan sekali)"),
        3: _l("Kadang-kadang (beberapa kali sebulan)"),
        4: _l("Sering (setiap minggu)"),
        5: _l("Hampir setiap hari kerja"),
    }


def obstacle_labels() -> dict[str, str]:
    return {
        "waktu": _l("Tidak ada waktu atau beban kerja terlalu tinggi"),
        "sarana": _l("Sarana, aplikasi, atau data tidak tersedia"),
        "dukungan": _l("Kurang dukungan atasan atau rekan kerja"),
        "relevansi": _l("Materi tidak sesuai dengan tugas saat ini"),
        "pemahaman": _l("Materi belum cukup dipahami"),
        "lainnya": _l("Lainnya"),
    }


def questions(role: str) -> dict[str, str]:
    """The three questions (and the note's label), asked of the learner about themselves or
    of the unit head about the employee."""
    if role == "supervisor":
        return {
            "applied": _l("Apakah pegawai ini menerapkan materi pelatihan ini di pekerjaannya?"),
            "frequency": _l("Seberapa sering pegawai ini menerapkannya?"),
            "obstacles": _l("Apa yang menghambat pegawai ini menerapkannya?"),
            "obstacle_note": _l("Keterangan hambatan (tidak wajib)"),
        }
    return {
        "applied": _l("Apakah Anda menerapkan materi ini di pekerjaan?"),
        "frequency": _l("Seberapa sering?"),
        "obstacles": _l("Apa yang menghambat?"),
        "obstacle_note": _l("Keterangan hambatan (tidak wajib)"),
    }


class FollowUpForm(FlaskForm):
    """Applied? (ya / sebagian / belum), how often (1-5), what stood in the way."""

    # WTForms has no Indonesian catalog: its own choice checks would answer in English.
    applied = RadioField(
        _l("Penerapan"),
        choices=list(APPLIED),
        validate_choice=False,
        validators=[
            InputRequired(_l("Pilih salah satu: ya, sebagian, atau belum.")),
            AnyOf(APPLIED, message=_l("Pilih salah satu: ya, sebagian, atau belum.")),
        ],
    )
    frequency = RadioField(
        _l("Frekuensi"),
        choices=[str(n) for n in FREQUENCIES],
        validate_choice=False,
        validators=[
            InputRequired(_l("Pilih seberapa sering.")),
            AnyOf([str(n) for n in FREQUENCIES], message=_l("Pilih seberapa sering.")),
        ],
    )
    obstacles = SelectMultipleField(
        _l("Hambatan"),
        choices=list(OBSTACLES),
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    obstacle_note = TextAreaField(
        _l("Keterangan"),
        validators=[Length(max=NOTE_MAX, message=_l("Keterangan paling panjang 1.000 karakter."))],
    )

    def validate_obstacles(self, field) -> None:
        if any(value not in OBSTACLES for value in field.data or []):
            raise ValidationError(_l("Pilih hambatan dari daftar."))
