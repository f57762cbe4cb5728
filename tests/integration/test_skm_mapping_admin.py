"""/admin/skm (issue 18 item 3): the admin edits which competencies and courses address each
SKM element, one form per element, and the threshold below which an element or a unit is
weak. Admins only, CSRF on every form, every change audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import AuditLog, Competency, SkmElementCompetency, SkmElementCourse
from elearn.skm import mapping
from tests.helpers import csrf_token, logged_in_client
from tests.helpers.reports import text
from tests.helpers.skm_weak import build

PAGE = "/admin/skm/pemetaan"
THRESHOLD = "/admin/skm/ambang"


@pytest.fixture
def world(app, org):
    ids = build(org)
    for position, slug in enumerate(("komunikasi", "integritas"), start=1):
        db.session.add(
            Competency(slug=slug, name=slug.title(), group="manajerial", position=position)
        )
    db.session.commit()
    ids.update(dict(db.session.execute(select(Competency.slug, Competency.id)).all()))
    return ids


@pytest.fixture
def admin(app, make_user):
    make_user("admin", ("admin",))
    return logged_in_client(app, "admin")


def audits(action: str) -> list[AuditLog]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action)))


def stored_courses(number: int) -> list[tuple[int, str]]:
    db.session.expire_all()
    return list(
        db.session.execute(
            select(SkmElementCourse.course_id, SkmElementCourse.module_slug)
            .where(SkmElementCourse.element == number)
            .order_by(SkmElementCourse.position)
        ).all()
    )


def test_the_page_shows_every_element_and_its_mapping(admin, world):
    page = text(admin.get(PAGE))
    for number in range(1, 10):
        assert f'href="/admin/skm/pemetaan/{number}"' in page
    assert "U8 Penanganan pengaduan, saran dan masukan</th>" in page
    assert "Pelayanan Prima: menangani-pengaduan" in page
    assert "tidak ada rekomendasi pelatihan" in page  # U1, U2, U4-U6, U9 here
    assert 'value="76,61"' in page and "3,0644" in page  # the default threshold


def test_only_admins_reach_the_pages(app, make_user, world, org):
    make_user("hr-anggrek", ("hr",), scope_unit_id=org["KOTA-A"])
    make_user("peserta")
    for username in ("hr-anggrek", "peserta"):
        client = logged_in_client(app, username)
        token = csrf_token(client, "/my")
        assert client.get(PAGE).status_code == 403
        assert client.get(f"{PAGE}/7").status_code == 403
        data = {"csrf_token": token, "course": str(world["waktu"])}
        assert client.post(f"{PAGE}/7", data=data).status_code == 403
        assert (
            client.post(THRESHOLD, data={"csrf_token": token, "threshold": "60"}).status_code == 403
        )
    anonymous = app.test_client()
    assert "/login" in anonymous.get(PAGE).headers["Location"]
    assert stored_courses(7) == [(world["prima"], "")] and mapping.threshold() == 76.61


def test_an_element_is_saved_from_its_form_and_audited(admin, world):
    path = f"{PAGE}/3"
    form = text(admin.get(path))
    assert f'value="{world["waktu"]}" checked' in form
    data = {
        "csrf_token": csrf_token(admin, path),
        "competency": [str(world["integritas"]), str(world["komunikasi"])],
        "course": [str(world["waktu"]), f"{world['prima']}/standar"],
    }
    response = admin.post(path, data=data)
    assert response.status_code == 302 and response.headers["Location"] == PAGE
    # In the order the form lists them: courses by title, competencies by the dictionary.
    assert stored_courses(3) == [(world["waktu"], ""), (world["prima"], "standar")]
    competencies = db.session.scalars(
        select(SkmElementCompetency.competency_id)
        .where(SkmElementCompetency.element == 3)
        .order_by(SkmElementCompetency.position)
    ).all()
    assert competencies == [world["komunikasi"], world["integritas"]]
    (entry,) = audits("skm_map.update")
    assert entry.target_id == 3 and entry.details["courses"] == [
        str(world["waktu"]),
        f"{world['prima']}/standar",
    ]
    assert "Pemetaan unsur U3 disimpan." in text(admin.get(PAGE))
    # Nothing ticked: the element maps to nothing.
    admin.post(path, data={"csrf_token": data["csrf_token"]})
    assert stored_courses(3) == []


@pytest.mark.parametrize(
    "courses, message",
    [
        (["999999"], "Ada kursus yang tidak ada lagi"),
        (["{prima}/hilang"], "Ada kursus yang tidak ada lagi"),
        (["{prima}", "{prima}/standar"], "Pilih kursus utuh atau beberapa modulnya"),
    ],
)
def test_choices_that_do_not_exist_or_overlap_are_refused(admin, world, courses, message):
    path = f"{PAGE}/3"
    data = {
        "csrf_token": csrf_token(admin, path),
        "course": [c.format(prima=world["prima"]) for c in courses],
    }
    response = admin.post(path, data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert stored_courses(3) == [(world["waktu"], "")] and audits("skm_map.update") == []


def test_a_post_without_csrf_changes_nothing(admin, world):
    assert admin.post(f"{PAGE}/3", data={"course": str(world["prima"])}).status_code == 400
    assert admin.post(THRESHOLD, data={"threshold": "60"}).status_code == 400
    assert stored_courses(3) == [(world["waktu"], "")] and mapping.threshold() == 76.61


def test_an_unknown_element_is_404(admin, world):
    for number in (0, 10, 99):
        assert admin.get(f"{PAGE}/{number}").status_code == 404


def test_the_threshold_is_stored_audited_and_checked(admin, world):
    token = csrf_token(admin, PAGE)
    response = admin.post(THRESHOLD, data={"csrf_token": token, "threshold": "70,5"})
    assert response.status_code == 302
    assert mapping.threshold() == 70.5
    (entry,) = [a for a in audits("site_setting.change") if a.details["key"] == "skm.weak_below"]
    assert entry.details["value"] == "70.50"
    page = text(admin.get(PAGE))
    assert 'value="70,50"' in page and "2,82" in page  # 70.5 / 25
    for typed, message in (
        ("", "Isi ambang batas"),
        ("tinggi", "Ambang batas harus angka"),
        ("25", "di atas 25 dan paling tinggi 100"),
        ("100,01", "di atas 25 dan paling tinggi 100"),
        ("nan", "di atas 25 dan paling tinggi 100"),
    ):
        response = admin.post(THRESHOLD, data={"csrf_token": token, "threshold": typed})
        assert response.status_code == 422, typed
        assert message in response.get_data(as_text=True)
    assert mapping.threshold() == 70.5
    assert admin.post(THRESHOLD, data={"csrf_token": token, "threshold": "100"}).status_code == 302
    assert mapping.threshold() == 100.0


def test_a_stale_mapping_is_shown_and_dropped_on_save(admin, world):
    from elearn.publishing.skm_map import write_element

    write_element(6, [], [(world["prima"], "modul-lama")])
    db.session.commit()
    assert "(tidak ada di versi yang tayang)" in text(admin.get(PAGE))
    path = f"{PAGE}/6"
    assert "pelayanan-prima/modul-lama" in text(admin.get(path))
    admin.post(path, data={"csrf_token": csrf_token(admin, path), "course": str(world["prima"])})
    assert stored_courses(6) == [(world["prima"], "")]
