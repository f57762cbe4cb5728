"""xAPI 1.0.3 statements for what a learner does here: pure data, no Flask and no database.

Each statement's `id` is a UUID derived (uuid5) from the event itself (which learner, which
activity, which attempt or mark), so the same event built twice, or sent again after a lost
answer from the LRS, is the same statement: an LRS keeps one."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

VERSION = "1.0.3"
LANGUAGE = "id-ID"
PLATFORM = "ELearn ASN"
# Our own namespace for statement ids: fixed forever, or ids built later would differ.
NAMESPACE = uuid.UUID("6f1c7a52-3d0e-4c5e-9a57-2b8f0e4d6a11")

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "launched": (ADL + "launched", "membuka"),
    "experienced": (ADL + "experienced", "mempelajari"),
    "attempted": (ADL + "attempted", "mengerjakan"),
    "passed": (ADL + "passed", "lulus"),
    "failed": (ADL + "failed", "tidak lulus"),
    "completed": (ADL + "completed", "menyelesaikan"),
    # Registered in the xAPI vocabulary (TinCan registry): a credential received.
    "earned": ("http://id.tincanapi.com/verb/earned", "memperoleh"),
}
TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "module": "http://adlnet.gov/expapi/activities/module",
    "assessment": "http://adlnet.gov/expapi/activities/assessment",
    "certificate": "https://w3id.org/xapi/tla/activity-types/credential",
}
QUIZ_NAMES = {"exam": "Ujian Akhir", "pretest": "Prates"}


@dataclass(frozen=True)
class Site:
    """Where statements come from: the base of activity ids and extensions, the actor's
    home page, and how learners are named (`account`, the default, or `mbox`)."""

    base_url: str
    home_page: str
    actor_mode: str = "account"

    def iri(self, *parts: str) -> str:
        return "/".join([self.base_url.rstrip("/"), "xapi", *(quote(p, safe="") for p in parts)])

    @property
    def jp_extension(self) -> str:
        return self.iri("extensions", "jp")


@dataclass(frozen=True)
class Learner:
    user_id: int
    email: str | None = None


@dataclass(frozen=True)
class CourseRef:
    course_id: int
    title: str


def actor(site: Site, learner: Learner) -> dict:
    """The learner as an Agent. By default an account on our home page named by the user id,
    which says nothing about the person to whoever reads the LRS; their e-mail only when the
    site opted in (`mbox`), as a SHA-1 of the mailto IRI so the address itself is not sent."""
    if site.actor_mode == "mbox" and learner.email:
        # SHA-1 because xAPI's mbox_sha1sum is defined so; it only hides the address.
        digest = hashlib.sha1(
            f"mailto:{learner.email.strip().lower()}".encode(), usedforsecurity=False
        ).hexdigest()
        return {"objectType": "Agent", "mbox_sha1sum": digest}
    return {
        "objectType": "Agent",
        "account": {"homePage": site.home_page, "name": str(learner.user_id)},
    }


def _activity(activity_id: str, kind: str, name: str, extra: dict | None = None) -> dict:
    definition = {"type": TYPES[kind], "name": {LANGUAGE: name}, **(extra or {})}
    return {"objectType": "Activity", "id": activity_id, "definition": definition}


def course_activity(site: Site, course: CourseRef) -> dict:
    return _activity(site.iri("course", str(course.course_id)), "course", course.title)


def module_activity(site: Site, course: CourseRef, slug: str, title: str) -> dict:
    return _activity(site.iri("course", str(course.course_id), "module", slug), "module", title)


def quiz_activity(site: Site, course: CourseRef, section: str, kind: str, title: str) -> dict:
    """A module's quiz (section = module slug), the final exam or the pre-test."""
    key = section or kind
    name = title if section else QUIZ_NAMES.get(kind, title)
    return _activity(
        site.iri("course", str(course.course_id), "quiz", key), "assessment", f"Kuis: {name}"
    )


def statement(
    site: Site,
    learner: Learner,
    verb: str,
    obj: dict,
    course: CourseRef,
    when: datetime,
    event_key: str,
    result: dict | None = None,
) -> dict:
    """One statement. Its id comes from `event_key` (what happened to what) and `when`:
    the same event gives the same id, and a database restored or reset, whose row ids
    start again, gives new ones rather than colliding with what the LRS already holds."""
    verb_id, verb_name = VERBS[verb]
    context: dict = {"platform": PLATFORM, "language": LANGUAGE}
    if obj["id"] != course_activity(site, course)["id"]:
        parent = course_activity(site, course)
        context["contextActivities"] = {"parent": [parent], "grouping": [parent]}
    built = {
        "id": statement_id(site, learner, verb, f"{event_key}@{when.isoformat()}"),
        "actor": actor(site, learner),
        "verb": {"id": verb_id, "display": {LANGUAGE: verb_name}},
        "object": obj,
        "context": context,
        "timestamp": when.isoformat(),
    }
    if result is not None:
        built["result"] = result
    return built


def statement_id(site: Site, learner: Learner, verb: str, event_key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{site.base_url}|{learner.user_id}|{verb}|{event_key}"))


def quiz_result(correct: int, total: int, passed: bool | None, completed: bool = True) -> dict:
    """Score as xAPI wants it: scaled in [0, 1], raw between min and max."""
    result: dict = {
        "score": {
            "scaled": round(correct / total, 4) if total else 0.0,
            "raw": correct,
            "min": 0,
            "max": total,
        },
        "completion": completed,
    }
    if passed is not None:
        result["success"] = passed
    return result


def quiz_statements(
    site: Site,
    learner: Learner,
    course: CourseRef,
    quiz: dict,
    attempt: dict,
    when: datetime,
) -> list[dict]:
    """`attempted` for every submitted attempt, then `passed` or `failed` when it is graded
    (a pre-test is not). `quiz`: section, kind, title; `attempt`: id, correct, total, passed."""
    obj = quiz_activity(site, course, quiz["section"], quiz["kind"], quiz["title"])
    key = f"attempt:{attempt['id']}"
    result = quiz_result(attempt["correct"], attempt["total"], attempt["passed"])
    built = [statement(site, learner, "attempted", obj, course, when, key, result)]
    if attempt["passed"] is not None:
        verb = "passed" if attempt["passed"] else "failed"
        built.append(statement(site, learner, verb, obj, course, when, key, result))
    return built


def completion_statement(
    site: Site, learner: Learner, course: CourseRef, jp: int, completion_id: int, when: datetime
) -> dict:
    """`completed` the course, with the JP credited as a result extension."""
    result = {"completion": True, "success": True, "extensions": {site.jp_extension: jp}}
    obj = course_activity(site, course)
    key = f"completion:{completion_id}"
    return statement(site, learner, "completed", obj, course, when, key, result)


def certificate_statement(
    site: Site, learner: Learner, course: CourseRef, number: str, when: datetime
) -> dict:
    """`earned` the certificate (named by its number) of the course."""
    obj = _activity(
        site.iri("certificate", number), "certificate", f"Sertifikat {number}: {course.title}"
    )
    return statement(site, learner, "earned", obj, course, when, f"certificate:{number}")


def module_statement(
    site: Site,
    learner: Learner,
    course: CourseRef,
    module: tuple[str, str],
    verb: str,
    when: datetime,
) -> dict:
    """`launched` (opened) or `experienced` (marked read) a module; `module` = (slug,
    title)."""
    slug, title = module
    obj = module_activity(site, course, slug, title)
    key = f"module:{course.course_id}:{slug}"
    return statement(site, learner, verb, obj, course, when, key)
