"""Media and zip actions of the authoring pages; like services.py, each commits once.

A refusal is an AuthoringError whose code errors.MESSAGES explains.
"""

from __future__ import annotations

from ..extensions import db
from ..models import Course
from ..publishing.blobs import blobs, put_blob, put_blobs
from . import store, zipio
from .errors import AuthoringError
from .media import media_usage


def _save(course: Course, path: str, data: bytes, revision: int | None, user_id: int, code: str):
    """Write one media file of the draft (opened from live first); `code` names a conflict."""
    try:
        zipio.ensure_draft(course, user_id)
        store.save_file(course.id, path, data, revision, user_id)
        db.session.commit()
    except store.DraftConflict:
        db.session.rollback()
        raise AuthoringError(code, path=path) from None


def add_media(course: Course, name: str, data: bytes, user_id: int) -> str:
    """Store a new image as `media/NAME` of the draft; return its path."""
    path = f"media/{name}"
    _save(course, path, data, None, user_id, "media_taken")
    return path


def stage_replacement(course: Course, name: str, data: bytes, user_id: int) -> str:
    """Keep an image that would replace `media/NAME`; a signed token names it for confirming."""
    revisions = zipio.working_revisions(course) or {}
    payload = {
        "c": course.id,
        "u": user_id,
        "n": name,
        "s": put_blob(data),
        "r": revisions.get(f"media/{name}", 1),
    }
    db.session.commit()
    return zipio.sign(payload, "media")


def replace_media(course: Course, token: str | None, user_id: int) -> str:
    """Replace a media file with the image a confirmed token names; return its path."""
    payload = zipio.unsign(token, "media") if token else None
    if (
        not payload
        or payload.get("c") != course.id
        or payload.get("u") != user_id
        or not isinstance(payload.get("n"), str)
    ):
        raise AuthoringError("media_expired")
    data = blobs([payload["s"]]).get(payload["s"])
    if data is None:
        raise AuthoringError("media_lost")
    path = f"media/{payload['n']}"
    _save(course, path, data, int(payload["r"]), user_id, "media_replaced")
    return path


def delete_media(course: Course, name: str, revision: int, user_id: int) -> list[str]:
    """Delete `media/NAME` from the draft; return the files that still show it."""
    path = f"media/{name}"
    used_in = media_usage(dict(zipio.working_source(course).files)).get(name, [])
    try:
        zipio.ensure_draft(course, user_id)
        store.delete_file(course.id, path, revision, user_id)
        db.session.commit()
    except store.DraftConflict:
        db.session.rollback()
        raise AuthoringError("media_deleted", path=path) from None
    return used_in


def plan_replace(course: Course, files: dict[str, bytes], user_id: int) -> zipio.ReplacePlan:
    """Keep the zip's bytes and sign what would replace the draft, for a confirmation page."""
    manifest = sorted([path, sha] for path, sha in put_blobs(files).items())
    db.session.commit()
    return zipio.replace_plan(course, files, manifest, user_id)


def replace_draft(course: Course, files: dict[str, bytes], user_id: int) -> None:
    """Make a confirmed zip the course's draft (nothing is published)."""
    store.start_draft(course, user_id, files=files, replace=True)
    db.session.commit()
