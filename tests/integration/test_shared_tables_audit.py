"""Shared tables: an HR officer of another government, or of another unit of the same
government, changes none of them (issue 12, finding 1 audit). Positions are covered in
test_positions_per_government, assignments in test_assignments."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import Competency, Course, OrgUnit, User
from tests.helpers import csrf_token
from tests.helpers.certificates import client_of

OUTSIDERS = (("hr-bakung", "KOTA-B"), ("hr-kecamatan", "KEC-A"))  # the target is in DINKES-A


@pytest.mark.parametrize(("username", "scope"), OUTSIDERS)
def test_org_units_of_another_scope_cannot_be_changed(app, make_user, org, username, scope):
    _, hr = client_of(app, make_user, username, ("hr",), "Petugas", scope_unit_id=org[scope])
    path = f"/admin/org/{org['PKM-A1']}"
    token = csrf_token(hr, "/admin/org")
    response = hr.post(path, data={"csrf_token": token, "name": "Diretas", "parent_id": ""})
    assert response.status_code == 404
    db.session.expire_all()
    unit = db.session.get(OrgUnit, org["PKM-A1"])
    assert (unit.name, unit.parent_id) == ("Puskesmas Anggrek Satu", org["DINKES-A"])


@pytest.mark.parametrize(("username", "scope"), OUTSIDERS)
def test_users_of_another_scope_cannot_be_changed(app, make_user, org, username, scope):
    employee = make_user("pegawai-a", unit_id=org["PKM-A1"], rank="III/a")
    _, hr = client_of(app, make_user, username, ("hr",), "Petugas", scope_unit_id=org[scope])
    path = f"/admin/users/{employee.id}"
    token = csrf_token(hr, "/admin/org")
    data = {"csrf_token": token, "unit_id": str(org[scope]), "rank": "IV/e", "position_id": ""}
    assert hr.post(path, data=data).status_code == 404
    db.session.expire_all()
    stored = db.session.get(User, employee.id)
    assert (stored.unit_id, stored.rank) == (org["PKM-A1"], "III/a")


@pytest.mark.parametrize(("username", "scope"), OUTSIDERS)
def test_courses_and_competencies_are_not_hrs_to_change(app, make_user, org, username, scope):
    """Courses (and the competencies their import brings) change only through authoring,
    which needs the trainer or admin role and, per course, authorship."""
    _, hr = client_of(app, make_user, username, ("hr",), "Petugas", scope_unit_id=org[scope])
    token = csrf_token(hr, "/admin/org")
    counts = (
        db.session.scalar(select(func.count(Course.id))),
        db.session.scalar(select(func.count(Competency.id))),
    )
    for path in ("/author/new", "/author/import", "/author/import/confirm"):
        data = {"csrf_token": token, "slug": "kursus-baru", "title": "Kursus Baru"}
        assert hr.post(path, data=data).status_code == 403, path
    assert (
        db.session.scalar(select(func.count(Course.id))),
        db.session.scalar(select(func.count(Competency.id))),
    ) == counts
