"""Which competencies and courses address each SKM element (unsur 1-9): loaded from
`courses/skm.yml` by an import and edited by admins at /admin/skm/pemetaan. HR's SKM page
recommends the courses of a unit's weak elements from here."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

ELEMENT_CHECK = "element BETWEEN 1 AND 9"


class SkmElementCompetency(db.Model):
    """A competency that an element of the survey calls for."""

    __tablename__ = "skm_element_competencies"
    __table_args__ = (CheckConstraint(ELEMENT_CHECK, name="element"),)

    element: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int]  # the order the file or the admin gave


class SkmElementCourse(db.Model):
    """A course (or one of its modules, by slug: modules belong to versions) that addresses
    an element. Assignments are of whole courses; the module tells HR which part matters."""

    __tablename__ = "skm_element_courses"
    __table_args__ = (
        UniqueConstraint("element", "course_id", "module_slug"),
        CheckConstraint(ELEMENT_CHECK, name="element"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    element: Mapped[int] = mapped_column(SmallInteger)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    # "" for the whole course (not NULL, so that the unique constraint holds).
    module_slug: Mapped[str] = mapped_column(String(100), default="", server_default="")
    position: Mapped[int]
