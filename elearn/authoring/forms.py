"""Forms of the authoring pages. WTForms checks CSRF and lengths; services check meaning."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from ..forms import Form as FlaskForm  # the house base: file parts and integers checked
from ..models import AUTHOR_ROLES


class ActionForm(FlaskForm):
    """A button that changes something (CSRF only)."""


def required_text(label, required, max_length: int, too_long) -> StringField:
    """A text field that must be filled, within a length (messages in Indonesian)."""
    return StringField(
        label,
        validators=[InputRequired(required), Length(max=max_length, message=too_long)],
    )


TITLE_TOO_LONG = _l("Judul paling panjang 200 karakter.")
SLUG_TOO_LONG = _l("Slug paling panjang 60 karakter.")


def optional_slug(label) -> StringField:
    return StringField(label, validators=[Optional(), Length(max=60, message=SLUG_TOO_LONG)])


class NewCourseForm(FlaskForm):
    title = required_text(_l("Judul kursus"), _l("Judul kursus wajib diisi."), 200, TITLE_TOO_LONG)
    slug = optional_slug(_l("Slug (alamat kursus; boleh dikosongkan: dibuat dari judul)"))


class EditForm(FlaskForm):
    text = TextAreaField(_l("Isi berkas (Markdown)"))
    # The revision the text was loaded from; empty when the file is being created again.
    revision = HiddenField()


class PreviewForm(FlaskForm):
    text = TextAreaField()


def module_title_field() -> StringField:
    return required_text(_l("Judul modul"), _l("Judul modul wajib diisi."), 200, TITLE_TOO_LONG)


class ModuleForm(FlaskForm):
    title = module_title_field()
    slug = optional_slug(_l("Slug modul (boleh dikosongkan: dibuat dari judul)"))


class RenameForm(FlaskForm):
    title = module_title_field()
    slug = required_text(
        _l("Slug modul (bagian nama berkas sesudah nomor urut)"),
        _l("Slug wajib diisi, mis. `komunikasi-empatik`."),
        60,
        SLUG_TOO_LONG,
    )
    revision = HiddenField()


class RevisionForm(FlaskForm):
    """Delete or move a file: the revision the trainer saw, so a stale page is told."""

    revision = HiddenField()


class PublishForm(FlaskForm):
    # The draft the trainer reviewed: publishing refuses when it changed since.
    draft_hash = HiddenField()


class AuthorForm(FlaskForm):
    username = required_text(
        _l("NIP atau nama pengguna"),
        _l("Isi NIP atau nama pengguna pengajar."),
        64,
        _l("Nama pengguna paling panjang 64 karakter."),
    )
    # The template draws the <select>; WTForms' own choice check would answer in English.
    role = StringField(
        _l("Peran"),
        validators=[
            AnyOf(list(AUTHOR_ROLES), message=_l("Pilih pemilik atau penulis pendamping."))
        ],
    )


def revision_value(raw: str | None) -> int | None:
    """A revision from a hidden field: an int, or None when empty; ValueError otherwise."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdigit() and len(raw) <= 9:
        return int(raw)
    raise ValueError(raw)
