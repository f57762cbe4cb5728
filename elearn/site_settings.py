"""Settings the admin changes on a page (table `site_settings`), next to the ELEARN_*
environment that the BKPSDM IT team sets on the server.

Values are text by key; each setting has a reader and a writer here, with its default, so
that no caller parses the text itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from . import audit
from .domain.questions import Visibility
from .extensions import db
from .models import SiteSetting
from .models.base import utcnow

LEARNER_PASSWORDS_OFF = "sso.learner_passwords_off"


def get(key: str) -> str | None:
    return db.session.scalar(select(SiteSetting.value).where(SiteSetting.key == key))


def put(key: str, value: str, actor_id: int | None, audited: bool = True) -> bool:
    """Store `value` under `key` (and commit, with an audit entry unless a job's own mark);
    False when it already was so, nothing written."""
    row = db.session.get(SiteSetting, key)
    if row is not None and row.value == value:
        return False
    if row is None:
        db.session.add(SiteSetting(key=key, value=value, updated_at=utcnow()))
    else:
        row.value, row.updated_at = value, utcnow()
    if audited:
        audit.record(actor_id, "site_setting.change", "site_setting", None, key=key, value=value)
    db.session.commit()
    return True


def learner_passwords_off() -> bool:
    """Whether the admin turned off password login for learners (single sign-on only)."""
    return get(LEARNER_PASSWORDS_OFF) == "1"


def set_learner_passwords_off(off: bool, actor_id: int | None) -> bool:
    return put(LEARNER_PASSWORDS_OFF, "1" if off else "0", actor_id)


QUESTION_VISIBILITY = "questions.visibility"


def question_visibility() -> Visibility:
    """Whose questions learners read: their own only (the default) or their government's."""
    return Visibility.parse(get(QUESTION_VISIBILITY))


def set_question_visibility(value: Visibility, actor_id: int | None) -> bool:
    return put(QUESTION_VISIBILITY, value.value, actor_id)


QUESTION_DIGEST_AT = "questions.digest_at"


def question_digest_at() -> datetime | None:
    """When the last questions digest went out (None: never)."""
    try:
        return datetime.fromisoformat(get(QUESTION_DIGEST_AT) or "")
    except ValueError:
        return None


def set_question_digest_at(when: datetime) -> bool:
    # The job's own bookmark, written every run: no audit entry.
    return put(QUESTION_DIGEST_AT, when.isoformat(), None, audited=False)


RECOGNITION_CERTIFICATES = "recognition.certificates"


def recognition_certificates() -> bool:
    """Whether HR may issue signed recognition certificates (off until an admin enables it)."""
    return get(RECOGNITION_CERTIFICATES) == "1"


def set_recognition_certificates(on: bool, actor_id: int | None) -> bool:
    return put(RECOGNITION_CERTIFICATES, "1" if on else "0", actor_id)
