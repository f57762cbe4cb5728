"""Certificate tests' course (one module: reading it completes the course and issues the
certificate) and the people, positions and rows around certificates."""

from __future__ import annotations

from sqlalchemy import func, select

from elearn.admin.services import rebuild_closure
from elearn.extensions import db
from elearn.models import (
    Certificate,
    Competency,
    CourseCompletion,
    OrgUnit,
    Position,
    PositionRequirement,
    User,
)
from tests.helpers import csrf_token, logged_in_client, mark_read
from tests.helpers import publish as publish_files

NIP = "198609262015051001"
SLUG = "etika-singkat"
TITLE = "Etika Pelayanan Singkat"


def course_files(title=TITLE, levels=None, valid_years=2, jp=2) -> dict[str, str]:
    """A course of one module without quiz and no exam: reading it completes the course."""
    levels = {"integritas": 2} if levels is None else levels
    attested = "".join(f"  {slug}: {level}\n" for slug, level in levels.items())
    head = f"---\ntitle: {title}\nsummary: Ringkasan {title}.\njp: {jp}\ncategory: uji-coba\n"
    if valid_years:
        head += f"valid_years: {valid_years}\n"
    if attested:
        head += "competencies:\n" + attested
    return {
        "course.md": head + "---\n\n# Tentang\n\nIsi ikhtisar.\n",
        "01-a.md": "---\ntitle: Bacaan\nminutes: 10\n---\n\n# Bacaan\n\nIsi bacaan singkat.\n",
    }


def publish(make_course, slug=SLUG, **kw) -> None:
    publish_files(make_course, slug, course_files(**kw))


def complete(client, slug=SLUG, module="a"):
    """Mark the only module read: that completes the course and issues its certificate."""
    response = mark_read(client, slug, module)
    assert response.status_code == 302, response.status_code
    return response


def client_of(app, make_user, username, roles=("learner",), full_name="Siti Rahmawati", **kw):
    """A new user and a test client logged in as that user."""
    user = make_user(username, roles, full_name, **kw)
    return user, logged_in_client(app, username)


def hr_of(app, make_user, *holder_ids: int, username="hr"):
    """An HR officer whose scope is a unit holding `holder_ids`, with a logged-in client."""
    unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "UNIT-UJI"))
    if unit is None:
        unit = OrgUnit(code="UNIT-UJI", name="Unit Uji")
        db.session.add(unit)
        db.session.flush()
        rebuild_closure()
    for holder_id in holder_ids:
        db.session.get(User, holder_id).unit_id = unit.id
    db.session.commit()
    return client_of(app, make_user, username, ("hr",), "Dewi Lestari", scope_unit_id=unit.id)


def certificates_of(user_id: int) -> list[Certificate]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Certificate).where(Certificate.user_id == user_id).order_by(Certificate.id)
        )
    )


def only_certificate(user_id: int) -> Certificate:
    found = certificates_of(user_id)
    assert len(found) == 1, found
    return found[0]


def set_certificate(certificate_id: int, **values) -> None:
    """Change a stored certificate behind the application's back."""
    db.session.expire_all()
    certificate = db.session.get(Certificate, certificate_id)
    for key, value in values.items():
        setattr(certificate, key, value)
    db.session.commit()


def revoke_via_page(client, certificate_id: int, reason: str):
    path = f"/admin/certificates/{certificate_id}/revoke"
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token, "reason": reason})


def completions_without_one_certificate() -> list[int]:
    """Completions having no certificate or more than one: must always be empty."""
    db.session.expire_all()
    counts = db.session.execute(
        select(CourseCompletion.id, func.count(Certificate.id))
        .outerjoin(Certificate, Certificate.completion_id == CourseCompletion.id)
        .group_by(CourseCompletion.id)
    ).all()
    return [cid for cid, n in counts if n != 1]


def make_position(
    code="JF-AK", name="Analis Kepegawaian Ahli Pertama", levels=None, government_id=None
) -> Position:
    """A stored position: a national template, or a government's when `government_id` is set."""
    levels = {"integritas": 3, "komunikasi": 2} if levels is None else levels
    ids = dict(db.session.execute(select(Competency.slug, Competency.id)).all())
    position = Position(code=code, name=name, type="fungsional", government_id=government_id)
    position.requirements = [
        PositionRequirement(competency_id=ids[slug], level=level) for slug, level in levels.items()
    ]
    db.session.add(position)
    db.session.commit()
    return position


def certified_holder(app, make_user):
    """A learner with an 18-digit NIP, a rank and the stored position who has just completed
    the published course (of certificate tests); the user and their logged-in client."""
    make_position()
    user = make_user(NIP, ("learner",), "Siti Rahmawati")
    user.rank = "III/a"
    user.position_id = db.session.scalar(select(Position.id))
    db.session.commit()
    client = logged_in_client(app, NIP)
    complete(client)
    return user, client
