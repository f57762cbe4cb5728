"""Forms of the authoring media and zip pages (each carries its CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from ..forms import Form as FlaskForm  # the house base: file parts and integers checked


class MediaUploadForm(FlaskForm):
    file = FileField(
        _l("Gambar (PNG, JPEG, WebP atau GIF)"),
        validators=[FileRequired(_l("Pilih berkas gambar."))],
    )


class TokenForm(FlaskForm):
    """Confirms what a preview showed; the signed token names the staged files."""

    token = HiddenField(validators=[DataRequired()])


class MediaDeleteForm(FlaskForm):
    name = HiddenField(validators=[DataRequired(), Length(max=240)])
    revision = IntegerField(widget=HiddenInput(), validators=[DataRequired()])


class ImportForm(FlaskForm):
    file = FileField(
        _l("Zip folder kursus"),
        validators=[FileRequired(_l("Pilih berkas zip folder kursus."))],
    )
    slug = StringField(
        _l("Slug kursus (opsional)"),
        validators=[Optional(), Length(max=100)],
        description=_l("Kosongkan untuk memakai nama folder di dalam zip, mis. `pelayanan-prima`."),
    )
