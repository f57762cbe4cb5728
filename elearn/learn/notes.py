"""The learner's private notes on a module's `## Renungkan` case: read and written by the
learner only. No report, export or officer page reads this table."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import ReflectionNote
from ..models.base import utcnow

MAX_CHARS = 4000


def note_text(user_id: int, course_id: int, module_slug: str) -> str:
    """The learner's note on the module, "" when none is written (one statement)."""
    text = db.session.scalar(
        select(ReflectionNote.text).where(
            ReflectionNote.user_id == user_id,
            ReflectionNote.course_id == course_id,
            ReflectionNote.module_slug == module_slug,
        )
    )
    return text or ""


def save_note(user_id: int, course_id: int, module_slug: str, text: str) -> None:
    """Write, replace or (with an empty text) delete the learner's note, and commit."""
    note = db.session.scalar(
        select(ReflectionNote).where(
            ReflectionNote.user_id == user_id,
            ReflectionNote.course_id == course_id,
            ReflectionNote.module_slug == module_slug,
        )
    )
    text = text.strip()
    if not text:
        if note is not None:
            db.session.delete(note)
    elif note is None:
        db.session.add(
            ReflectionNote(user_id=user_id, course_id=course_id, module_slug=module_slug, text=text)
        )
    else:
        note.text, note.updated_at = text, utcnow()
    db.session.commit()
