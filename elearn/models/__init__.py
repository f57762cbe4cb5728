"""All models, imported here so that Alembic and the app see one metadata."""

from .api import ApiToken
from .assignments import RECURRENCES, Assignment, Notice
from .authoring import AUTHOR_ROLES, CourseAuthor, CourseDraft, DraftFile
from .catalog import (
    Course,
    CourseCompetency,
    CourseVersion,
    Module,
    Question,
)
from .credentials import (
    AuditLog,
    Certificate,
    CertificateCompetency,
    CertificateCounter,
    Competency,
)
from .files import FileBlob, VersionFile, VersionMedia
from .followups import FollowUp
from .integrations import IntegrationStatus, SiteSetting
from .learning import (
    CourseCompletion,
    Enrollment,
    ModuleProgress,
    QuizAttempt,
    ReflectionNote,
    SurveyResponse,
)
from .people import (
    POSITION_TYPES,
    ROLES,
    OrgClosure,
    OrgUnit,
    Position,
    PositionRequirement,
    User,
    UserRole,
)
from .questions import ModuleQuestion, QuestionReport, QuestionVote
from .sessions import AccountToken, UserSession
from .skm import SKM_SOURCES, SkmElementAverage, SkmResponse, SkmService
from .skm_map import SkmElementCompetency, SkmElementCourse
from .tasks import CourseTask, TaskFile, TaskReview, TaskSubmission
from .xapi import XapiStatement

__all__ = [
    "SKM_SOURCES",
    "SkmElementCompetency",
    "SkmElementCourse",
    "SkmElementAverage",
    "SkmResponse",
    "SkmService",
    "AccountToken",
    "ApiToken",
    "SiteSetting",
    "AUTHOR_ROLES",
    "CourseAuthor",
    "CourseDraft",
    "DraftFile",
    "FileBlob",
    "FollowUp",
    "IntegrationStatus",
    "VersionFile",
    "RECURRENCES",
    "Assignment",
    "Notice",
    "OrgClosure",
    "POSITION_TYPES",
    "AuditLog",
    "Certificate",
    "CertificateCompetency",
    "CertificateCounter",
    "OrgUnit",
    "Position",
    "PositionRequirement",
    "ROLES",
    "Competency",
    "Course",
    "CourseCompletion",
    "CourseCompetency",
    "CourseTask",
    "CourseVersion",
    "Enrollment",
    "Module",
    "ModuleProgress",
    "ModuleQuestion",
    "Question",
    "QuestionReport",
    "QuestionVote",
    "QuizAttempt",
    "ReflectionNote",
    "SurveyResponse",
    "TaskFile",
    "TaskReview",
    "TaskSubmission",
    "XapiStatement",
    "User",
    "UserRole",
    "UserSession",
    "VersionMedia",
]
