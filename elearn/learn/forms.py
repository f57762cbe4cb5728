"""Forms on learner pages."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length

from ..forms import Form as FlaskForm  # the house base: file parts and integers checked


class MarkReadForm(FlaskForm):
    """A button that records a step (mark a module read; start or skip the pre-test from
    the course page): carries only the CSRF token."""


# The module page shows this box without building the form (it needs only the CSRF token).
REFLECTION_LABEL = _l("Jawaban Anda (catatan pribadi)")


class ReflectionForm(FlaskForm):
    """The learner's private answer to a module's `## Renungkan` case."""

    text = TextAreaField(
        REFLECTION_LABEL,
        validators=[Length(max=4000, message=_l("Jawaban paling panjang 4.000 karakter."))],
    )


SCALE = [str(n) for n in range(1, 6)]  # plain values: label = value, on every WTForms


def _scale(label):
    # WTForms has no Indonesian catalog: its own choice check would answer in English.
    message = _l("Pilih salah satu nilai 1 sampai 5.")
    return RadioField(
        label,
        choices=SCALE,
        validate_choice=False,
        validators=[InputRequired(message), AnyOf(SCALE, message=message)],
    )


class SurveyForm(FlaskForm):
    """Satisfaction survey: five statements on a 1 (sangat tidak setuju) to 5 scale."""

    relevance = _scale(_l("Materi kursus ini relevan dengan pekerjaan saya."))
    clarity = _scale(_l("Materi disajikan dengan jelas dan mudah dipahami."))
    usefulness = _scale(_l("Yang saya pelajari akan saya pakai dalam pekerjaan."))
    ease = _scale(_l("Platform ini mudah digunakan."))
    recommend = _scale(_l("Saya akan menyarankan kursus ini kepada rekan kerja."))
    comment = TextAreaField(
        _l("Saran atau komentar (tidak wajib)"),
        validators=[Length(max=2000, message=_l("Komentar paling panjang 2.000 karakter."))],
    )

    QUESTIONS = ("relevance", "clarity", "usefulness", "ease", "recommend")
