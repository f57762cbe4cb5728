"""Forms of the SKM services (HR) and of the public questionnaire. Choices are drawn by the
templates and checked here by hand, so every message is Indonesian and names its field."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import ValidationError

from ..domain import skm
from ..domain.texts import N_
from ..forms import Form
from ..web import id_value

NAME_MAX = 200  # SkmService.name
POPULATION_MAX = 100_000_000
COMMENT_MAX = 1000

# --- HR: a service ---------------------------------------------------------------------


def _clean_name(field) -> None:
    field.data = " ".join((field.data or "").split())
    if not field.data:
        raise ValidationError(_("Isi nama layanan, misalnya Pembuatan KTP-el."))
    if len(field.data) > NAME_MAX:
        raise ValidationError(
            _(
                "Nama layanan paling panjang %(n)s karakter; yang diisi %(m)s.",
                n=NAME_MAX,
                m=len(field.data),
            )
        )


def _population(field) -> int | None:
    raw = (field.data or "").strip().replace(".", "").replace(" ", "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= POPULATION_MAX:
        raise ValidationError(
            _("Tulis jumlah orang yang dilayani per periode sebagai bilangan bulat, misalnya 1200.")
        )
    return int(raw)


class ServiceForm(Form):
    """Add a service to one of the units in the officer's scope. After validation the unit
    is in `unit_id` and the population in `people`."""

    unit = StringField(_l("Unit kerja"))
    name = StringField(_l("Nama layanan"))
    population = StringField(_l("Jumlah orang dilayani per periode (opsional)"))

    def __init__(self, *args, scope, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.units = units  # [(OrgUnit, depth)] for the select
        self.unit_id: int | None = None
        self.people: int | None = None

    def validate_unit(self, field):
        self.unit_id = id_value(field.data)
        if not field.data:
            raise ValidationError(_("Pilih unit kerja yang memberikan layanan ini."))
        if self.unit_id is None or not self.scope.has_unit(self.unit_id):
            self.unit_id = None
            raise ValidationError(_("Unit kerja ini di luar cakupan Anda; pilih dari daftar."))

    def validate_name(self, field):
        _clean_name(field)

    def validate_population(self, field):
        self.people = _population(field)


class ServiceEditForm(Form):
    """Change a service's name, population and whether its questionnaire is open."""

    name = StringField(_l("Nama layanan"))
    population = StringField(_l("Jumlah orang dilayani per periode (opsional)"))
    active = BooleanField(_l("Survei dibuka (menerima jawaban)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people: int | None = None

    def validate_name(self, field):
        _clean_name(field)

    def validate_population(self, field):
        self.people = _population(field)


# --- the public questionnaire ----------------------------------------------------------

PREFER_NOT = ""  # every profile question's default: nothing is stored
# Each profile question: its label and its (stored value, label) choices. The values are
# the words survey tools write, stored as they are; the labels are what a citizen reads.
PROFILE = {
    "gender": (
        N_("Jenis kelamin"),
        (("Laki-laki", N_("Laki-laki")), ("Perempuan", N_("Perempuan"))),
    ),
    "age_group": (
        N_("Usia"),
        (
            ("<20", N_("di bawah 20 tahun")),
            ("20-29", N_("20-29 tahun")),
            ("30-39", N_("30-39 tahun")),
            ("40-49", N_("40-49 tahun")),
            ("50-59", N_("50-59 tahun")),
            ("60+", N_("60 tahun ke atas")),
        ),
    ),
    "education": (
        N_("Pendidikan terakhir"),
        (
            ("SD", N_("SD atau tidak sekolah")),
            ("SMP", N_("SMP")),
            ("SMA", N_("SMA/SMK")),
            ("D1-D3", N_("Diploma (D1-D3)")),
            ("D4/S1", N_("Sarjana (D4/S1)")),
            ("S2", N_("S2")),
            ("S3", N_("S3")),
        ),
    ),
    "occupation": (
        N_("Pekerjaan"),
        (
            ("PNS", N_("PNS/ASN")),
            ("TNI/Polri", N_("TNI/Polri")),
            ("Swasta", N_("Pegawai swasta")),
            ("Wirausaha", N_("Wirausaha")),
            ("Pelajar/Mahasiswa", N_("Pelajar/Mahasiswa")),
            ("Ibu rumah tangga", N_("Ibu rumah tangga")),
            ("Lainnya", N_("Lainnya")),
        ),
    ),
}
SCORE_VALUES = tuple(str(s) for s in skm.SCORES)


class SurveyForm(Form):
    """The nine questions (u1..u9, "1"-"4"), a comment, the profile, and two fields for
    the flood guard: `website` (people never see it) and `shown` (when the form was shown)."""

    u1 = StringField()
    u2 = StringField()
    u3 = StringField()
    u4 = StringField()
    u5 = StringField()
    u6 = StringField()
    u7 = StringField()
    u8 = StringField()
    u9 = StringField()
    comment = TextAreaField(_l("Saran atau komentar (opsional)"))
    gender = StringField()
    age_group = StringField()
    education = StringField()
    occupation = StringField()
    website = StringField()  # the honeypot: a name scripts like to fill
    shown = StringField()

    def validate(self, extra_validators=None) -> bool:
        checks = {f"u{n}": [_score] for n in skm.ELEMENT_NUMBERS}
        checks.update({name: [_profile_choice] for name in PROFILE})
        checks["comment"] = [_comment]
        for name, more in (extra_validators or {}).items():
            checks.setdefault(name, []).extend(more)
        return super().validate(extra_validators=checks)

    def scores(self) -> tuple[int, ...]:
        return tuple(int(getattr(self, f"u{n}").data) for n in skm.ELEMENT_NUMBERS)

    def comment_text(self) -> str | None:
        """The comment as typed, or None when it holds nothing but spaces."""
        text = self.comment.data or ""
        return text if text.strip() else None

    def profile(self) -> dict[str, str | None]:
        return {name: getattr(self, name).data or None for name in PROFILE}

    def missing(self) -> int:
        """How many of the nine questions have no answer (for the summary above the form)."""
        return sum(1 for n in skm.ELEMENT_NUMBERS if getattr(self, f"u{n}").errors)


def _score(_form, field) -> None:
    if (field.data or "") not in SCORE_VALUES:
        field.data = ""
        raise ValidationError(_("Pilih satu jawaban untuk pertanyaan ini."))


def _profile_choice(_form, field) -> None:
    allowed = {value for value, _label in PROFILE[field.short_name][1]}
    if field.data and field.data not in allowed:
        field.data = PREFER_NOT
        raise ValidationError(_("Pilih salah satu dari daftar, atau biarkan tidak diisi."))


def _comment(_form, field) -> None:
    text = field.data or ""
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            _(
                "Komentar paling panjang %(n)s karakter; yang Anda tulis %(m)s. "
                "Persingkat sedikit, lalu kirim lagi.",
                n=COMMENT_MAX,
                m=len(text),
            )
        )
