"""The gates of a course: which step a learner may take now, whatever page they did or did
not visit first. The server asks these before it starts an attempt, takes answers or
accepts a survey; pages only hide the buttons.

Each rule returns None when the step is open, or the `Closed` reason it is not; the
sentence the learner reads for a reason lives with the service that asks
(elearn/progress/gates.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from .completion import ModuleState, module_complete

# A submission this long after the deadline still counts as on time (slow phone networks).
GRACE = timedelta(seconds=30)

# Answers a device kept while it had no signal (issue 19) reach the server late. They still
# count as on time when the device wrote them within the deadline and its grace, and they
# arrive at most this long after the deadline, never more than the time limit itself. The
# device's claim of when it wrote them is all a server can know of offline time, so it is
# only believed inside that bound: a forged clock wins at most OFFLINE_GRACE.
OFFLINE_GRACE = timedelta(minutes=15)


class Closed(Enum):
    MODULES_FIRST = "modules_first"  # the final exam before every module is complete
    PRETEST_OPEN = "pretest_open"  # the final exam while the pre-test is still running
    PRETEST_SKIPPED = "pretest_skipped"
    PRETEST_AFTER_STUDY = "pretest_after_study"  # the pre-test after modules were started
    NOT_COMPLETE = "not_complete"  # the survey before the course is complete
    NOT_FOUND = "not_found"  # someone else's attempt
    SUBMITTED = "submitted"  # answers for an attempt already submitted
    TIME_UP = "time_up"  # answers after the time limit (and its grace)


@dataclass(frozen=True)
class CourseFacts:
    """What the gates read about one learner in one course."""

    modules: Sequence[ModuleState]
    offers_pretest: bool  # the live version offers a pre-test (CourseVersion.offers_pretest)
    pretest_status: str | None  # None (not decided), "taken" or "skipped"
    pretest_started: bool  # a pre-test attempt exists
    pretest_open: bool  # a pre-test attempt not submitted and not past its deadline
    studied: bool  # a module read, or a module quiz or final exam attempt started
    completed: bool


def exam_gate(facts: CourseFacts) -> Closed | None:
    """The final exam comes after every module (and after a running pre-test). A completed
    course keeps it open, for a yearly retake; attempt limits are the attempt's own rule."""
    if facts.completed:
        return None
    if facts.pretest_open:
        return Closed.PRETEST_OPEN
    if not all(module_complete(m) for m in facts.modules):
        return Closed.MODULES_FIRST
    return None


def pretest_gate(facts: CourseFacts) -> Closed | None:
    """The pre-test measures the starting point: taken at most once (a started one is
    resumed, and its attempt limit of one refuses a second), never after skipping it or
    after studying began."""
    if facts.pretest_started:
        return None
    if facts.studied or facts.completed:
        return Closed.PRETEST_AFTER_STUDY
    if facts.pretest_status == "skipped":
        return Closed.PRETEST_SKIPPED
    return None


class PretestOffer(Enum):
    """What the course page offers about the pre-test."""

    NONE = "none"  # no pre-test, or no longer: taken, skipped, studying began, completed
    OFFER = "offer"  # start it or skip it
    RESUME = "resume"  # a started attempt still running


def pretest_offer(facts: CourseFacts) -> PretestOffer:
    """The pre-test is offered on the course page, never forced: reading modules is allowed
    meanwhile, and the offer stays until the learner takes or skips it, or starts studying
    (a module marked read, a quiz started), which closes it like the gate above."""
    if not facts.offers_pretest or facts.completed:
        return PretestOffer.NONE
    if facts.pretest_open:
        return PretestOffer.RESUME
    if facts.pretest_status is None and pretest_gate(facts) is None and not facts.pretest_started:
        return PretestOffer.OFFER
    return PretestOffer.NONE


def survey_gate(facts: CourseFacts) -> Closed | None:
    """The satisfaction survey is about a course the learner finished."""
    return None if facts.completed else Closed.NOT_COMPLETE


def is_late(deadline: datetime | None, moment: datetime) -> bool:
    """Whether `moment` is past the deadline and its grace."""
    return deadline is not None and moment > deadline + GRACE


def answer_gate(
    owner_id: int, user_id: int, submitted: bool, deadline: datetime | None, now: datetime
) -> Closed | None:
    """Answers count only from the attempt's owner, while it is open and within its time."""
    if owner_id != user_id:
        return Closed.NOT_FOUND
    if submitted:
        return Closed.SUBMITTED
    if is_late(deadline, now):
        return Closed.TIME_UP
    return None


def offline_written_at(claimed: datetime, started: datetime, arrived: datetime) -> datetime:
    """When the device says it wrote its answers, kept between the attempt's start and their
    arrival: a device clock can be wrong both ways."""
    return min(max(claimed, started), arrived)


def offline_late(
    deadline: datetime | None, started: datetime, written: datetime, arrived: datetime
) -> bool:
    """Whether answers kept offline, written at `written` (as offline_written_at gives it)
    and arriving at `arrived`, are late for the attempt's time limit."""
    if deadline is None or not is_late(deadline, arrived):
        return False
    waited = min(OFFLINE_GRACE, deadline - started)
    return is_late(deadline, written) or arrived > deadline + GRACE + waited
