"""Forms of the questions pages; lengths come from domain.questions."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length

from ..domain.questions import (
    ANSWER_MAX,
    ANSWER_MIN,
    QUESTION_MAX,
    QUESTION_MIN,
    REASON_MAX,
    Visibility,
)
from ..forms import Form


class LocalNumber:
    """A number written in the request's language (2.000 / 2,000) when the lazy message is
    shown: the form classes are built once, before any request has a language."""

    def __init__(self, value: int):
        self.value = value

    def __str__(self) -> str:
        return format_decimal(self.value)


def _text(label, low: int, high: int):
    message = _l("Tulis antara %(low)s dan %(high)s karakter.", low=low, high=LocalNumber(high))
    return TextAreaField(
        label, validators=[InputRequired(message), Length(min=low, max=high, message=message)]
    )


class AskForm(Form):
    text = _text(_l("Pertanyaan Anda (Markdown)"), QUESTION_MIN, QUESTION_MAX)


class AnswerForm(Form):
    text = _text(_l("Jawaban (Markdown)"), ANSWER_MIN, ANSWER_MAX)


class ReportForm(Form):
    reason = StringField(
        _l("Alasan (boleh kosong)"),
        validators=[
            Length(
                max=REASON_MAX, message=_l("Alasan paling panjang %(n)s karakter.", n=REASON_MAX)
            )
        ],
    )


class ActionForm(Form):
    """A button (helpful, pin, hide): only the CSRF token."""


# Plain values (label = value on every WTForms); the page shows these labels beside them.
VISIBILITY_LABELS = {
    Visibility.OWN.value: _l("Peserta hanya melihat pertanyaannya sendiri"),
    Visibility.GOVERNMENT.value: _l(
        "Peserta melihat pertanyaan peserta lain di kursus yang sama dari pemerintah daerahnya"
    ),
}


class VisibilityForm(Form):
    visibility = RadioField(
        _l("Pertanyaan yang dilihat peserta"),
        choices=list(VISIBILITY_LABELS),
        validate_choice=False,
        validators=[
            InputRequired(_l("Pilih salah satu.")),
            AnyOf(list(VISIBILITY_LABELS), message=_l("Pilih salah satu.")),
        ],
    )
