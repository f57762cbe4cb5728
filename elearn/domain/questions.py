"""Rules of learners' questions to trainers: length bounds, who reads which question, who may vote,
report or hide, and which questions an author's digest holds. Pure: no Flask, no database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

QUESTION_MIN, QUESTION_MAX = 10, 2000  # characters of Markdown
ANSWER_MIN, ANSWER_MAX = 2, 4000
REASON_MAX = 300
PINNED_SHOWN = 5  # pinned Q&As under a module, newest pin first


class Visibility(StrEnum):
    """The admin's setting: whose questions a learner reads."""

    OWN = "own"  # only their own (and the pinned Tanya-jawab)
    GOVERNMENT = "government"  # every learner's of the same government, in the same course

    @classmethod
    def parse(cls, value: str | None) -> Visibility:
        """The stored value, or OWN (the private default) for anything else."""
        try:
            return cls(value or "")
        except ValueError:
            return cls.OWN


@dataclass(frozen=True)
class Post:
    """What the rules need to know of one question."""

    asker_id: int
    government_id: int | None
    answered: bool = False
    pinned: bool = False
    hidden: bool = False


def learner_sees(
    post: Post, viewer_id: int, viewer_government: int | None, visibility: Visibility
) -> bool:
    """Whether a learner reads the question: never hidden ones; their own, the pinned
    Tanya-jawab, and (when the admin allows) those of their own government."""
    if post.hidden:
        return False
    if post.asker_id == viewer_id or post.pinned:
        return True
    return (
        visibility is Visibility.GOVERNMENT
        and viewer_government is not None
        and post.government_id == viewer_government
    )


def may_vote(post: Post, already: bool) -> bool:
    """An answered, visible question may be marked helpful once per learner."""
    return post.answered and not post.hidden and not already


def may_report(post: Post, viewer_id: int) -> bool:
    """Learners report others' visible questions, never their own."""
    return not post.hidden and post.asker_id != viewer_id


def may_pin(post: Post) -> bool:
    """Only an answered, visible question becomes a Tanya-jawab."""
    return post.answered and not post.hidden


def may_hide(
    post: Post, is_author: bool, is_admin: bool, officer_governments: Iterable[int] | None
) -> bool:
    """Authors of the course and admins hide any question; an HR officer those asked in a
    government they work in (`officer_governments`: None when not an officer)."""
    if is_author or is_admin:
        return True
    if officer_governments is None or post.government_id is None:
        return False
    return post.government_id in set(officer_governments)


@dataclass(frozen=True)
class Waiting:
    """An unanswered question, as the digest lists it."""

    question_id: int
    course_id: int
    module_slug: str
    asked_at: datetime


def digest(
    waiting: Iterable[Waiting], authors: Iterable[tuple[int, int]], since: datetime | None
) -> dict[int, list[Waiting]]:
    """Each author's unanswered questions asked after `since` (all when None), oldest first:
    `authors` are (course_id, user_id) pairs; authors with nothing new are left out."""
    by_course: dict[int, list[int]] = defaultdict(list)
    for course_id, user_id in authors:
        by_course[course_id].append(user_id)
    found: dict[int, list[Waiting]] = defaultdict(list)
    for item in sorted(waiting, key=lambda w: (w.asked_at, w.question_id)):
        if since is not None and item.asked_at <= since:
            continue
        for user_id in by_course.get(item.course_id, ()):
            found[user_id].append(item)
    return dict(found)
