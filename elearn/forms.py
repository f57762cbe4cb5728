"""The base of every form: what a posted body may contain before a field ever reads it.

Flask-WTF hands each field whatever part of the body has its name, a file part included, so a
file posted under a text field's name reached WTForms' `Length` as a FileStorage and ended in
a 500. The check runs here, when the form is built in the view, rather than in a request hook:
upload views set their own body limit first, and a hook reading `request.files` would parse the
body under the global limit before they could.
"""

from __future__ import annotations

from flask import abort, make_response, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict
from wtforms import FileField, IntegerField
from wtforms.validators import NumberRange

from .web import MAX_ID

FILE_PART_REFUSED = _l(
    "Formulir berisi berkas pada isian yang bukan unggahan berkas. "
    "Muat ulang halaman, lalu kirim formulir dari halaman itu."
)
SUBMIT_METHODS = ("POST", "PUT", "PATCH", "DELETE")  # Flask-WTF reads a body for these
NUMBER_OUT_OF_RANGE = _l("Angka ini di luar jangkauan yang diterima.")


class Form(FlaskForm):
    """A Flask-WTF form that refuses a file part under one of its text fields (a 400) and
    takes integers only within the database's 32-bit range (anything else is a form error,
    so such a number never reaches a query)."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            given = formdata is None or hasattr(formdata, "getlist")  # else: Flask-WTF's "auto"
            if given or request.method not in SUBMIT_METHODS:
                return super().wrap_formdata(form, formdata)
            if not request.files:
                return request.form  # never a JSON body: no page posts one
            # Only this form's text fields matter: another form built while answering the
            # same POST (the confirmation after an upload) must not see the upload as an attack.
            texts = {field.name for field in form if not isinstance(field, FileField)}
            if texts & set(request.files):
                from .system.errors import render_error

                abort(make_response(render_error(400, str(FILE_PART_REFUSED))))
            return CombinedMultiDict((request.files, request.form))

    def validate(self, extra_validators=None) -> bool:
        extra = {name: list(checks) for name, checks in (extra_validators or {}).items()}
        in_range = NumberRange(min=-MAX_ID - 1, max=MAX_ID, message=NUMBER_OUT_OF_RANGE)
        for field in self:
            if isinstance(field, IntegerField):
                extra.setdefault(field.short_name, []).append(in_range)
        return super().validate(extra_validators=extra)
