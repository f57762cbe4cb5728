"""The recognition page's forms: issuing a certificate, and the admin's switch."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField
from wtforms.validators import DataRequired, NumberRange

from ..forms import Form
from ..reporting.filters import FIRST_YEAR


class IssueForm(Form):
    """One button per listed ASN: who, and for which year."""

    user_id = IntegerField(validators=[DataRequired(), NumberRange(min=1)])
    year = IntegerField(validators=[DataRequired(), NumberRange(min=FIRST_YEAR, max=2100)])


class CertificatesSettingForm(Form):
    enabled = BooleanField(
        _l("Izinkan pengelola kepegawaian (HR) menerbitkan sertifikat penghargaan bertanda tangan")
    )
