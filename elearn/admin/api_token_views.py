"""/admin/api-tokens: the admin gives another system a personal access token for /api/v1,
sees it once, and later sees when it was last used or revokes it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import ValidationError

from .. import clock
from ..api import tokens
from ..auth.permissions import roles_required
from ..domain.api import SCOPES, clean_scopes
from ..forms import Form
from ..models.base import utcnow
from ..reporting.scope import Scope, visible_units
from ..web import id_value

bp = Blueprint("admin_api_tokens", __name__, url_prefix="/admin/api-tokens")
NAME_MAX = 100
EVERYWHERE = Scope(None)  # an admin may bound a token by any unit of any government

SCOPE_LABELS = {
    "read:catalog": _l("Baca katalog kursus"),
    "read:completions": _l("Baca penyelesaian, JP dan sertifikat"),
    "read:employees": _l("Baca data pegawai"),
    "write:employees": _l("Tambah/ubah pegawai"),
    "read:assignments": _l("Baca pelatihan wajib"),
    "write:assignments": _l("Buat pelatihan wajib"),
}


class ApiTokenForm(Form):
    """Name, unit and expiry are text fields; the scopes are checkboxes read by hand, so
    every message is Indonesian."""

    name = StringField(_l("Nama token"))
    unit = StringField(_l("Unit kerja"))
    expires = StringField(_l("Berlaku sampai (opsional)"))

    unit_id: int | None = None
    expires_at: datetime | None = None
    chosen: list[str] = []

    def validate_name(self, field):
        field.data = " ".join((field.data or "").split())
        if not field.data:
            raise ValidationError(_("Isi nama token, misalnya nama sistem yang memakainya."))
        if len(field.data) > NAME_MAX:
            raise ValidationError(_("Nama paling panjang %(n)s karakter.", n=NAME_MAX))

    def validate_unit(self, field):
        self.unit_id = id_value(field.data)
        if self.unit_id is None or not EVERYWHERE.has_unit(self.unit_id):
            self.unit_id = None
            raise ValidationError(_("Pilih unit kerja yang membatasi token ini."))

    def validate_expires(self, field):
        raw = (field.data or "").strip()
        if not raw:
            return
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise ValidationError(_("Tulis tanggal sebagai TTTT-BB-HH.")) from None
        if day <= clock.today():
            raise ValidationError(_("Tanggal berlaku harus setelah hari ini."))
        zone = ZoneInfo(current_app.config["TIMEZONE"])
        self.expires_at = datetime.combine(day, time.max, zone).astimezone(UTC)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        picked = request.form.getlist("scopes")
        self.chosen = clean_scopes(picked)
        if not self.chosen or len(self.chosen) != len(set(picked)):
            self.form_errors.append(_("Pilih sedikitnya satu cakupan dari daftar."))
            return False
        return ok


def _page(form: ApiTokenForm, created: str | None = None, status: int = 200):
    html = render_template(
        "admin/api_tokens.html",
        form=form,
        rows=tokens.listing(),
        units=visible_units(EVERYWHERE),
        scopes=[(s, SCOPE_LABELS[s]) for s in SCOPES],
        created=created,
        now=utcnow(),
        base_url=url_for("api_v1.document", _external=True).removesuffix("/openapi.json"),
    )
    response = make_response(html, status)
    if created:
        # The token is on this page only: no cache, no back button copy.
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
@roles_required("admin")
def index():
    return _page(ApiTokenForm(formdata=None))


@bp.post("/")
@roles_required("admin")
def create():
    form = ApiTokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    _row, token = tokens.create(
        form.name.data, form.chosen, form.unit_id, form.expires_at, current_user.id
    )
    return _page(ApiTokenForm(formdata=None), created=token, status=201)


@bp.post("/<int:token_id>/cabut")
@roles_required("admin")
def revoke(token_id: int):
    """CSRFProtect has checked the form's token before this runs."""
    if tokens.revoke(token_id, current_user.id):
        flash(_("Token dicabut; permintaan dengan token itu kini ditolak."), "success")
    else:
        flash(_("Token itu sudah dicabut atau tidak ada."), "error")
    return redirect(url_for(".index"))
