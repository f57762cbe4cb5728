"""Signing-key tests: many certificates issued quickly (through the issuing service, without
a browser session per learner), and what the public verify page says of one."""

from __future__ import annotations

from sqlalchemy import select

from elearn.certificates import services
from elearn.extensions import db
from elearn.models import Certificate, CourseCompletion, CourseVersion, User
from elearn.models.base import utcnow
from tests.helpers.certificates import SLUG


def issue_certificates(count: int, first: int = 0) -> list[int]:
    """Issue `count` certificates of the published certificate course (tests.helpers.
    certificates.publish) to new learners, with the key that signs now; their ids."""
    version = db.session.scalars(
        select(CourseVersion).join(CourseVersion.course).where(CourseVersion.course.has(slug=SLUG))
    ).first()
    ids = []
    for number in range(first, first + count):
        user = User(username=f"massal{number}", full_name=f"Peserta Massal {number}")
        db.session.add(user)
        db.session.flush()
        completion = CourseCompletion(
            user_id=user.id,
            course_id=version.course_id,
            version_id=version.id,
            completed_at=utcnow(),
            year=utcnow().year,
            jp=2,
            final_score=None,
            pretest_score=None,
        )
        db.session.add(completion)
        db.session.flush()
        ids.append(services.issue(completion, version).id)
    db.session.commit()
    return ids


def jws_of(certificate_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Certificate, certificate_id).jws


def verify_json(client, certificate_id: int) -> dict:
    code = db.session.get(Certificate, certificate_id).code
    return client.get(f"/verify/{code}.json").get_json()


def verify_page(client, certificate_id: int) -> str:
    code = db.session.get(Certificate, certificate_id).code
    return client.get(f"/verify/{code}").get_data(as_text=True)
