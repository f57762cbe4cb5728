"""Who the viewer is to a course's questions: an author (or admin), an HR officer of some
governments, or a learner of a government."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..authoring.access import can_edit
from ..domain.questions import Post, learner_sees, may_hide
from ..extensions import db
from ..models import CourseAuthor
from ..reporting.governments import government_of, home_governments
from ..reporting.scope import scope_for
from ..site_settings import question_visibility


@dataclass(frozen=True)
class Viewer:
    user_id: int
    unit_id: int | None
    author: bool  # an author of the course, or an admin
    admin: bool
    officer_governments: list[int] | None  # HR officers' governments, else None

    def hides(self, post: Post) -> bool:
        return may_hide(post, self.author, self.admin, self.officer_governments)

    def reads(self, post: Post) -> bool:
        """Whether the viewer may open this question at all (checked on every action)."""
        if self.author or self.hides(post):
            return True
        return learner_sees(post, self.user_id, government_of(self.unit_id), question_visibility())


def viewer_of(user, course_id: int) -> Viewer:
    """The current user as a viewer of one course's questions."""
    officer = None
    if user.has_role("hr") and not user.has_role("admin"):
        officer = home_governments(scope_for(user)) or []
    return Viewer(
        user_id=user.id,
        unit_id=user.unit_id,
        author=can_edit(user, course_id),
        admin=user.has_role("admin"),
        officer_governments=officer,
    )


def moderated_by(user) -> tuple[bool, list[int], list[int]]:
    """What a moderator oversees: (everything, the courses they author, the governments
    they work in as an HR officer)."""
    if user.has_role("admin"):
        return True, [], []
    courses: list[int] = []
    if user.has_role("trainer"):
        courses = list(
            db.session.scalars(
                select(CourseAuthor.course_id).where(CourseAuthor.user_id == user.id)
            )
        )
    governments = (home_governments(scope_for(user)) or []) if user.has_role("hr") else []
    return False, courses, governments
