"""HR forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from ..forms import Form as FlaskForm  # the house base: file parts and integers checked


class UploadForm(FlaskForm):
    file = FileField(
        _l("Berkas pegawai (CSV atau XLSX)"),
        validators=[FileRequired(_l("Pilih berkas CSV atau XLSX."))],
    )


class ConfirmForm(FlaskForm):
    """Confirms a previewed import (CSRF only)."""
