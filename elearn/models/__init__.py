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
from .learning import Enrollment, ModuleProgress
from .people import ROLES, User, UserRole

__all__ = [
    "ROLES",
    "Competency",
    "Course",
    "CourseCompetency",
    "CourseVersion",
    "Enrollment",
    "MediaBlob",
    "Module",
    "ModuleProgress",
    "Question",
    "User",
    "UserRole",
    "VersionMedia",
]
