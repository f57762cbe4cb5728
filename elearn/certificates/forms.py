"""Forms for certificate administration."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import Form as FlaskForm  # the house base: file parts and integers checked


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan pencabutan"),
        validators=[
            DataRequired(_l("Tuliskan alasan pencabutan.")),
            Length(min=5, max=500, message=_l("Alasan 5 sampai 500 karakter.")),
        ],
    )
