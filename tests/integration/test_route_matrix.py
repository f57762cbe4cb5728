"""Every route of the URL map, as every role, with real, out-of-scope and hostile values: no
500, and no other unit's or government's data on any page (issue 12, regression suite).

Routes come from app.url_map (tests.helpers.routes), so a new route is covered the day it is
added; a new path argument name needs one entry in REAL (the test says which).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from elearn.authoring.access import add_author
from elearn.certificates.services import issue
from elearn.extensions import db
from elearn.models import Competency, Course, FollowUp, Module, ModuleQuestion, ReflectionNote
from elearn.publishing.skm_map import write_element
from elearn.reporting.governments import government_of
from tests.helpers import csrf_token, login, publish
from tests.helpers import skm as skm_rows
from tests.helpers.assignments import assign
from tests.helpers.reports import YEAR, add_learner, add_position, when
from tests.helpers.routes import (
    HOSTILE_QUERIES,
    field_names,
    file_parts,
    hostile_bodies,
    paths,
    routes,
)
from tests.helpers.rows import insert_completion
from tests.helpers.tasks import add_task, insert_submission

# Names of people whom the roles below must never see, by government.
MARKER_A = "Rahasia Anggrekdua"  # a learner of Puskesmas Anggrek Dua (government A)
MARKER_B = "Rahasia Bakungsatu"  # a learner of Puskesmas Bakung Satu (government B)

# role: (username, roles, placement, markers it must never see)
ROLES = {
    "anonymous": (None, (), {}, (MARKER_A, MARKER_B)),
    "learner": ("peserta", ("learner",), {"unit_id": "PKM-A1"}, (MARKER_A, MARKER_B)),
    "trainer": ("pengajar", ("trainer",), {"unit_id": "PKM-A1"}, (MARKER_A, MARKER_B)),
    "supervisor": ("kapus", ("supervisor",), {"unit_id": "PKM-A1"}, (MARKER_A, MARKER_B)),
    "hr other unit": ("hr-kec", ("hr",), {"scope_unit_id": "KEC-A"}, (MARKER_A, MARKER_B)),
    "hr other government": ("hr-bakung", ("hr",), {"scope_unit_id": "KOTA-B"}, (MARKER_A,)),
    "admin": ("admin", ("admin",), {}, ()),  # sees everything: here for the no-500 half
}
TEXT_TYPES = ("text/", "application/json")


def marked_learner(name: str, unit_id: int, course_id: int) -> dict:
    """A learner with a completion, a certificate and an assignment of their unit: the rows an
    out-of-scope officer might reach by id."""
    user_id = add_learner(name, unit_id)
    version = db.session.get(Course, course_id).live_version
    certificate = issue(insert_completion(user_id, version, when(YEAR)), version)
    db.session.commit()
    assignment = assign(db.session.get(Course, course_id), unit_id)
    assignment.note = name
    db.session.commit()
    submission = insert_submission(user_id, course_id, version.id, name)
    # A private note: no role, the learner's own unit head and HR included, may read it.
    db.session.add(
        ReflectionNote(user_id=user_id, course_id=course_id, module_slug="pengantar", text=name)
    )
    db.session.commit()
    # A question to the trainer: the course's authors read every question, so its text is
    # no marker; the asker's name (the marker) must show on no page of any role.
    question = ModuleQuestion(
        course_id=course_id,
        module_slug=version.modules[-1].slug,
        asker_id=user_id,
        government_id=government_of(unit_id),
        body_md="Bagaimana mengatur antrean?",
        body_html="<p>Bagaimana mengatur antrean?</p>",
        helpful_count=0,
        report_count=0,
    )
    db.session.add(question)
    db.session.commit()
    return {
        "question_id": question.id,
        "user_id": user_id,
        "certificate_id": certificate.id,
        "assignment_id": assignment.id,
        "unit_id": unit_id,
        "follow_up_id": asked(user_id, version, certificate.completion_id),
        "submission_id": submission.id,
        "file_id": submission.files[0].id,
    }


def asked(user_id: int, version, completion_id: int | None = None) -> int:
    """A follow-up questionnaire sent to the learner about their completion of `version`."""
    if completion_id is None:
        completion_id = insert_completion(user_id, version, when(YEAR)).id
    row = FollowUp(
        completion_id=completion_id,
        learner_id=user_id,
        course_id=version.course_id,
        role="learner",
        respondent_id=user_id,
        due_date=date(YEAR, 6, 1),
        sent_at=when(YEAR),
    )
    db.session.add(row)
    db.session.commit()
    return row.id


@pytest.fixture
def world(app, make_user, make_course, org) -> dict:
    """One published course with an owner, the users of ROLES, and the two marked learners;
    returns the values that fill path arguments."""
    publish(make_course)
    course = db.session.scalar(select(Course).where(Course.slug == "kursus-uji"))
    add_task(course.live_version_id)
    modules = db.session.scalars(
        select(Module).where(Module.version_id == course.live_version_id).order_by(Module.position)
    ).all()
    for username, roles, placement, _markers in ROLES.values():
        if username:
            make_user(username, roles, **{k: org[v] for k, v in placement.items()})
    trainer = db.session.scalar(select(Course.id).where(Course.slug == "kursus-uji"))
    add_author(trainer, _user_id("pengajar"), "owner")
    db.session.commit()
    foreign = marked_learner(MARKER_A, org["PKM-A2"], course.id)
    marked_learner(MARKER_B, org["PKM-B1"], course.id)
    own = assign(course, org["PKM-A1"])
    # SKM services: an HR officer elsewhere must never see the one named after the marker.
    foreign["service_id"] = skm_rows.service(org["PKM-A2"], MARKER_A).id
    # SKM (issue 18): a weak own unit with a course mapped; a foreign unit's comment.
    write_element(7, [], [(course.id, "")])
    skm_rows.responses(org["PKM-A1"], "2026-S1", (2,) * 9, count=3)
    skm_rows.responses(org["PKM-A2"], "2026-S1", (2,) * 9, count=3, comment=MARKER_A)
    real = {
        "slug": course.slug,
        "module": modules[-1].slug,
        "path": modules[-1].filename,
        "name": "gambar.png",
        "number": "1",
        "nip": "199001012020121001",  # the API's /employees/<nip>: none registered
        "token_id": 1,  # an API token to revoke: admins only, none made here
        "qid": "dua",
        "token": "x" * 20,
        "code": "TIDAKADA",
        "digest": "0" * 64,
        "fmt": "csv",
        "integration": "xapi",
        "user_id": _user_id("peserta"),
        "certificate_id": foreign["certificate_id"] + 10,  # none: the learner has none yet
        "list_id": 1,  # the one Open Badges status list
        "assignment_id": own.id,
        "attempt_id": 1,
        "unit_id": org["PKM-A1"],
        "course_id": course.id,
        "position_id": add_position("JF-UJI", "Jabatan Uji"),
        "competency_id": db.session.scalar(select(Competency.id).limit(1)) or 1,
        "follow_up_id": asked(_user_id("peserta"), course.live_version),
        "submission_id": foreign["submission_id"] + 10,  # none: nobody sent one
        "file_id": foreign["file_id"] + 10,
        "question_id": own_question(course.id, modules[-1].slug, _user_id("peserta")),
        "service_id": skm_rows.service(org["PKM-A1"], "Rawat jalan").id,
    }
    foreign["token"] = staged_skm_import(app, make_user, org)
    return {"real": real, "foreign": foreign}


def staged_skm_import(app, make_user, org) -> str:
    """An SKM file staged by an officer of government A who plays no role here, named after
    MARKER_A (its preview and its error page show the name): no role may see its preview or
    confirm it (issue 18)."""
    from elearn.uploads import staging

    owner = make_user("hr-pemilik", ("hr",), scope_unit_id=org["KOTA-A"])
    table = [
        ["kode_unit", "layanan", "tanggal", *(f"U{n}" for n in range(1, 10))],
        ["KEL-A1", MARKER_A, "05/03/2026", *([3] * 9)],
    ]
    options = {"filename": f"{MARKER_A}.csv", "granularity": "semester"}
    return staging.stage(app.instance_path, owner.id, table, "skm", options)


def own_question(course_id: int, module_slug: str, user_id: int) -> int:
    """A question the learner `peserta` asked, answered by the course's author."""
    row = ModuleQuestion(
        course_id=course_id,
        module_slug=module_slug,
        asker_id=user_id,
        body_md="Pertanyaan uji?",
        body_html="<p>Pertanyaan uji?</p>",
        answer_md="Jawaban uji.",
        answer_html="<p>Jawaban uji.</p>",
        answered_at=when(YEAR),
        helpful_count=0,
        report_count=0,
    )
    db.session.add(row)
    db.session.commit()
    return row.id


def _user_id(username: str) -> int:
    from elearn.models import User

    return db.session.scalar(select(User.id).where(User.username == username))


def client_as(app, role: str):
    """A client of the role, and a CSRF token of its session."""
    client = app.test_client()
    username = ROLES[role][0]
    if username is None:
        return client, csrf_token(client, "/login")
    assert login(client, username).status_code == 302
    return client, csrf_token(client, "/logout")


def check(response, request: str, markers: tuple[str, ...]) -> list[str]:
    """What is wrong with one answer: a 5xx, or a marker in a text body."""
    problems = []
    if response.status_code >= 500:
        problems.append(f"{response.status_code} {request}")
    if response.mimetype.startswith(TEXT_TYPES):
        body = response.get_data(as_text=True).casefold()
        problems += [f"{m!r} on {request}" for m in markers if m.casefold() in body]
    return problems


@pytest.mark.parametrize("role", list(ROLES))
def test_no_route_answers_500_or_shows_out_of_scope_data(app, world, role):
    client, token = client_as(app, role)
    markers = ROLES[role][3]
    texts, files = field_names(app)
    bodies = hostile_bodies(texts, files)
    bodies["file parts"] = None  # made fresh for every request
    problems: list[str] = []
    for route in routes(app):
        for kind, path in paths(route, world["real"], world["foreign"]):
            if "GET" in route.methods:
                problems += check(client.get(path), f"GET {path} ({kind})", markers)
            if "GET" in route.methods and kind in ("plain", "real"):
                for query in HOSTILE_QUERIES:
                    response = client.get(f"{path}?{query}")
                    problems += check(response, f"GET {path}?{query[:30]}…", markers)
            if "POST" not in route.methods or kind.startswith("hostile"):
                continue
            for name, body in bodies.items():
                if route.rule == "/logout" and name == "empty":
                    continue  # a valid logout would end the run's session early
                data = {**(body or file_parts(texts, files)), "csrf_token": token}
                response = client.post(path, data=data, content_type="multipart/form-data")
                problems += check(response, f"POST {path} ({kind}, {name})", markers)
    assert problems == []
