"""SQL over the learning records shared by HR's reports and the trainer's statistics.

Enrolments, completions and certificates each belong to one learner and one course; the
evaluation figures are sums the database adds up and `domain.evaluation.Evaluation` reads.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, case, func

from ..domain.evaluation import STATEMENTS
from ..domain.followup import ROLES
from ..models import CourseCompletion, FollowUp, SurveyResponse


def same_learner_course(record, other) -> ColumnElement[bool]:
    """Join condition: `record` and `other` (e.g. an enrolment and a completion) are of the
    same learner in the same course."""
    return and_(record.user_id == other.user_id, record.course_id == other.course_id)


def completion_sums() -> list:
    """Completions, pre-test and final sums and the pre/final pairs, as Evaluation reads them."""
    pre, final = CourseCompletion.pretest_score, CourseCompletion.final_score
    both = and_(pre.is_not(None), final.is_not(None))
    return [
        func.count(CourseCompletion.id).label("completions"),
        func.count(pre).label("pretest_count"),
        func.coalesce(func.sum(pre), 0).label("pretest_sum"),
        func.count(final).label("final_count"),
        func.coalesce(func.sum(final), 0).label("final_sum"),
        func.coalesce(func.sum(case((both, 1), else_=0)), 0).label("pairs"),
        func.coalesce(func.sum(case((both, final - pre), else_=0)), 0).label("gain_sum"),
    ]


def survey_sums() -> list:
    """Survey answers and the sum of each statement's scores, as Evaluation reads them."""
    return [
        func.count(SurveyResponse.id).label("responses"),
        *[func.coalesce(func.sum(getattr(SurveyResponse, s)), 0).label(s) for s in STATEMENTS],
    ]


def follow_up_sums() -> list:
    """Follow-ups asked, answered, answered "ya" and "sebagian", per respondent role, as
    Evaluation reads them."""

    def counted(role: str, *conditions):
        return func.coalesce(
            func.sum(case((and_(FollowUp.role == role, *conditions), 1), else_=0)), 0
        )

    answered = FollowUp.answered_at.is_not(None)
    return [
        column
        for role in ROLES
        for column in (
            counted(role).label(f"{role}_asked"),
            counted(role, answered).label(f"{role}_answers"),
            counted(role, answered, FollowUp.applied == "ya").label(f"{role}_applied"),
            counted(role, answered, FollowUp.applied == "sebagian").label(f"{role}_partly"),
        )
    ]
