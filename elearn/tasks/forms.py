"""The learner's task form and the reviewer's decision form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import MultipleFileField, StringField, TextAreaField

from ..forms import Form


class SubmitForm(Form):
    text = TextAreaField(_l("Uraian pekerjaan Anda"))
    files = MultipleFileField(_l("Berkas pendukung (opsional)"))


class ReviewForm(Form):
    """The decision and feedback; the rubric levels are read by `levels` (one radio group
    per criterion, `level-0`, `level-1`, ...)."""

    decision = StringField(_l("Keputusan"))
    feedback = TextAreaField(_l("Umpan balik untuk peserta"))

    def levels(self, formdata, count: int) -> list[int | None]:
        """The level chosen for each of `count` criteria; None where none (or junk) was sent."""
        chosen: list[int | None] = []
        for index in range(count):
            raw = (formdata.get(f"level-{index}") or "").strip()
            chosen.append(int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 2 else None)
        return chosen
