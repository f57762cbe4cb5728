"""Forms for certificate administration."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan pencabutan"),
        validators=[
            DataRequired(_l("Tuliskan alasan pencabutan.")),
            Length(min=5, max=500, message=_l("Alasan 5 sampai 500 karakter.")),
        ],
    )
