"""Questions to the trainer in tests: a course with its author and learners of two
governments, and the posts each step of the feature sends."""

from __future__ import annotations

import re

from sqlalchemy import select

from elearn.authoring.access import add_author
from elearn.extensions import db
from elearn.models import Course, ModuleQuestion, User
from tests.helpers import csrf_token, logged_in_client, publish

SLUG, MODULE = "kursus-uji", "pengantar"
THREAD = f"/courses/{SLUG}/{MODULE}/tanya"
MODULE_PAGE = f"/courses/{SLUG}/{MODULE}"

# username: (roles, placement by unit code)
PEOPLE = {
    "pengajar": (("trainer",), {"unit_id": "PKM-A1"}),
    "peserta": (("learner",), {"unit_id": "PKM-A1"}),
    "peserta-dua": (("learner",), {"unit_id": "PKM-A2"}),  # same government (A)
    "peserta-bakung": (("learner",), {"unit_id": "PKM-B1"}),  # government B
    "hr-anggrek": (("hr",), {"scope_unit_id": "KOTA-A"}),
    "hr-bakung": (("hr",), {"scope_unit_id": "KOTA-B"}),
    "admin": (("admin",), {}),
}


def setup_course(make_course, make_user, org) -> int:
    """Publish the minimal course, make PEOPLE, make `pengajar` its owner; the course id."""
    publish(make_course)
    for username, (roles, placement) in PEOPLE.items():
        make_user(username, roles, **{k: org[v] for k, v in placement.items()})
    course_id = db.session.scalar(select(Course.id).where(Course.slug == SLUG))
    trainer = db.session.scalar(select(User.id).where(User.username == "pengajar"))
    add_author(course_id, trainer, "owner")
    db.session.commit()
    return course_id


def opened(app, username: str):
    """A client of the user who has opened the module (which enrols them)."""
    client = logged_in_client(app, username)
    assert client.get(MODULE_PAGE).status_code == 200
    return client


def ask(client, text: str = "Apa beda **antrean** dan loket?"):
    token = csrf_token(client, THREAD)
    return client.post(THREAD, data={"csrf_token": token, "text": text})


def post(client, question_id: int, action: str, **data):
    token = csrf_token(client, THREAD)
    return client.post(f"/tanya/{question_id}/{action}", data={"csrf_token": token, **data})


def last_question() -> ModuleQuestion:
    db.session.expire_all()
    return db.session.scalars(select(ModuleQuestion).order_by(ModuleQuestion.id.desc())).first()


def question_ids(html: str) -> list[int]:
    """The questions shown on a thread page, by their anchors."""
    return [int(n) for n in re.findall(r'<li class="card" id="q(\d+)"', html)]
