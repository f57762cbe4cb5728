"""The login form."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import Form as FlaskForm  # the house base: file parts and integers checked


class LoginForm(FlaskForm):
    username = StringField(
        _l("NIP atau nama pengguna"),
        validators=[DataRequired(_l("Isi NIP atau nama pengguna.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Isi kata sandi.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class LogoutForm(FlaskForm):
    pass


class ActivationForm(FlaskForm):
    username = StringField(
        _l("NIP"),
        validators=[DataRequired(_l("Isi NIP Anda.")), Length(max=64)],
        render_kw={"autocomplete": "username", "inputmode": "numeric"},
    )
    code = StringField(
        _l("Kode aktivasi"),
        validators=[DataRequired(_l("Isi kode aktivasi dari BKPSDM.")), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "characters"},
    )
    password = PasswordField(
        _l("Kata sandi baru"),
        validators=[
            DataRequired(_l("Isi kata sandi baru.")),
            Length(min=8, max=200, message=_l("Kata sandi minimal 8 karakter.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[EqualTo("password", message=_l("Kedua kata sandi tidak sama."))],
        render_kw={"autocomplete": "new-password"},
    )
