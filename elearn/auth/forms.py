"""The login form."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from ..forms import Form as FlaskForm  # the house base: file parts and integers checked


def show_error(form: FlaskForm, error: Exception) -> str | None:
    """Put a service's message under the field it names (`field`); return it for the top of
    the page otherwise."""
    field = getattr(error, "field", None)
    if field and field in form:
        form[field].errors = [*form[field].errors, str(error)]
        return None
    return str(error)


def new_password() -> PasswordField:
    """The new password of an activation, a change or a reset; its length and the other
    rules are the service's (domain.passwords), which names what is wrong."""
    return PasswordField(
        _l("Kata sandi baru"),
        validators=[DataRequired(_l("Isi kata sandi baru.")), Length(max=1000)],
        render_kw={"autocomplete": "new-password"},
    )


def repeated_password() -> PasswordField:
    return PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[EqualTo("password", message=_l("Kedua kata sandi tidak sama."))],
        render_kw={"autocomplete": "new-password"},
    )


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


class RecognitionNameForm(FlaskForm):
    """The learner's consent to be named in recognition lists seen beyond HR."""

    shown = BooleanField(
        _l(
            "Nama saya boleh dicantumkan dalam daftar penghargaan yang dilihat di luar "
            "pengelola kepegawaian (misalnya daftar cetak untuk kepala daerah)"
        )
    )


class LanguageForm(FlaskForm):
    """The language switch: the choices are the languages with a catalog (set by the view)."""

    lang = SelectField(_l("Bahasa"), choices=[], validate_choice=True)
    next = HiddenField()


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
    password = new_password()
    confirm = repeated_password()


class PasswordChangeForm(FlaskForm):
    current = PasswordField(
        _l("Kata sandi saat ini"),
        validators=[DataRequired(_l("Isi kata sandi Anda saat ini.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password()
    confirm = repeated_password()


class AccountStatusForm(FlaskForm):
    """Deactivate or reactivate an account (the button says which); WTForms checks CSRF."""


class ForgotPasswordForm(FlaskForm):
    username = StringField(
        _l("NIP, nama pengguna atau e-mail"),
        validators=[DataRequired(_l("Isi NIP, nama pengguna atau e-mail Anda.")), Length(max=254)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )


class ResetPasswordForm(FlaskForm):
    password = new_password()
    confirm = repeated_password()


class EmailChangeForm(FlaskForm):
    """On the account page beside the password change, hence its own password field name."""

    email = StringField(
        _l("E-mail baru"),
        validators=[
            DataRequired(_l("Isi alamat e-mail baru.")),
            Length(max=254, message=_l("Alamat e-mail paling panjang 254 karakter.")),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message=_l("Tulis alamat e-mail lengkap, mis. nama@instansi.go.id."),
            ),
        ],
        render_kw={"autocomplete": "email", "type": "email", "spellcheck": "false"},
    )
    email_password = PasswordField(
        _l("Kata sandi Anda"),
        validators=[DataRequired(_l("Isi kata sandi Anda saat ini.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )
