"""Rows inserted directly, for tests of pages that only read them (reports, assignments):
no course folder, no publishing, no password hashing."""

from __future__ import annotations

from datetime import datetime

from elearn.extensions import db
from elearn.models import Certificate, Course, CourseCompletion, CourseVersion, Module


def insert_course(slug: str) -> Course:
    course = Course(slug=slug)
    db.session.add(course)
    db.session.flush()
    return course


# What the pages never look at, unless a test says otherwise.
VERSION_DEFAULTS = {"category": "uji", "total_minutes": 90, "pass_percent": 70}


def insert_version(course: Course, number: int = 1, **fields) -> CourseVersion:
    """A version of `course`; `fields`: title, jp, content_hash, and VERSION_DEFAULTS to change."""
    version = CourseVersion(course_id=course.id, number=number, **{**VERSION_DEFAULTS, **fields})
    db.session.add(version)
    db.session.flush()
    return version


def insert_module(version_id: int, position: int, slug: str, title: str = "", questions=0):
    """A module of a version, with no text; `questions`: its quiz's question count."""
    db.session.add(
        Module(
            version_id=version_id,
            position=position,
            slug=slug,
            filename=f"{slug}.md",
            title=title or slug,
            minutes=10,
            html="",
            question_count=questions,
        )
    )


def insert_completion(
    user_id: int, version: CourseVersion, at: datetime, year=None, final=None, pre=None
) -> CourseCompletion:
    """A completion of `version` at `at`, counted in `year` (default: at's UTC year)."""
    completion = CourseCompletion(
        user_id=user_id,
        course_id=version.course_id,
        version_id=version.id,
        completed_at=at,
        year=year or at.year,
        jp=version.jp,
        final_score=final,
        pretest_score=pre,
    )
    db.session.add(completion)
    db.session.flush()
    return completion


def insert_certificate(completion: CourseCompletion, serial: int, **values) -> Certificate:
    """The completion's certificate numbered `serial` in its year; `values`: code, record,
    issued_at, expires_at, revoked_at."""
    certificate = Certificate(
        number=f"ELN/{completion.year}/{serial:06d}",
        year=completion.year,
        sequence=serial,
        user_id=completion.user_id,
        course_id=completion.course_id,
        completion_id=completion.id,
        jws="x",
        **values,
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate
