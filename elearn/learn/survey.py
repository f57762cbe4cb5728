"""The satisfaction survey after completing a course (Kirkpatrick level 1)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import SurveyResponse
from ..models.base import utcnow

EDIT_WINDOW = timedelta(days=7)
FIELDS = ("relevance", "clarity", "usefulness", "ease", "recommend")


def response_of(user_id: int, course_id: int) -> SurveyResponse | None:
    return db.session.scalar(
        select(SurveyResponse).where(
            SurveyResponse.user_id == user_id, SurveyResponse.course_id == course_id
        )
    )


def editable(response: SurveyResponse | None) -> bool:
    """A response can be changed for a week after it was first given."""
    return response is None or utcnow() - response.created_at <= EDIT_WINDOW


def save_response(
    user_id: int, course_id: int, version_id: int, answers: dict[str, int], comment: str
) -> SurveyResponse:
    """Store or update the one response of this learner for this course."""
    response = response_of(user_id, course_id)
    if response is None:
        response = SurveyResponse(
            user_id=user_id, course_id=course_id, version_id=version_id, comment=comment, **answers
        )
        try:
            with db.session.begin_nested():
                db.session.add(response)
        except IntegrityError:  # sent twice at once: update the first
            response = response_of(user_id, course_id)
    for field in FIELDS:
        setattr(response, field, answers[field])
    response.comment = comment
    response.updated_at = utcnow()
    db.session.commit()
    return response
