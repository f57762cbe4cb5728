"""All models, imported here so that Alembic and the app see one metadata."""

from .catalog import (
    Course,
    CourseCompetency,
    CourseVersion,
    MediaBlob,
    Module,
    Question,
    VersionMedia,
)
from .credentials import Competency
from .learning import CourseCompletion, Enrollment, ModuleProgress, QuizAttempt, SurveyResponse
from .people import ROLES, User, UserRole

__all__ = [
    "ROLES",
    "Competency",
    "Course",
    "CourseCompletion",
    "CourseCompetency",
    "CourseVersion",
    "Enrollment",
    "MediaBlob",
    "Module",
    "ModuleProgress",
    "Question",
    "QuizAttempt",
    "SurveyResponse",
    "User",
    "UserRole",
    "VersionMedia",
]
