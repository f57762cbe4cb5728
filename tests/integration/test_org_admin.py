"""The organisation page: tree in scope, adding and moving units, CSV import by admins."""

import io

from sqlalchemy import select

from elearn.extensions import db
from elearn.models import AuditLog, OrgClosure, OrgUnit
from tests.helpers import csrf_token, login


def client_as(app, make_user, username, roles, **kw):
    make_user(username, roles, **kw)
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def test_hr_sees_only_their_subtree(app, org, make_user):
    make_user("a1", unit_id=org["PKM-A1"])
    hr = client_as(app, make_user, "hr-dinkes", ("hr",), scope_unit_id=org["DINKES-A"])
    page = hr.get("/admin/org").get_data(as_text=True)
    assert "Puskesmas Anggrek Satu" in page and "Puskesmas Anggrek Dua" in page
    assert "Kelurahan Melati" not in page and "Bakung" not in page
    assert "Impor unit dari CSV" not in page  # admins only
    for unit in ("KOTA-A", "KEL-A1", "PKM-B1", "KOTA-B"):
        assert hr.get(f"/admin/org/{org[unit]}").status_code == 404, unit
    assert hr.get("/admin/org/999999").status_code == 404
    assert hr.get("/admin/org/import").status_code == 403
    assert hr.get(f"/admin/org/{org['PKM-A1']}").status_code == 200


def test_hr_adds_a_unit_inside_scope_only(app, org, make_user):
    hr = client_as(app, make_user, "hr-dinkes", ("hr",), scope_unit_id=org["DINKES-A"])

    def add(**fields):
        data = {"csrf_token": csrf_token(hr, "/admin/org"), "code": "", "name": "", "parent_id": ""}
        data.update(fields)
        return hr.post("/admin/org", data=data)

    for fields, message in (
        ({"code": "PKM-A3", "name": "Puskesmas Tiga"}, "Pilih unit induk di dalam cakupan Anda."),
        (
            {"code": "PKM-A3", "name": "Puskesmas Tiga", "parent_id": str(org["PKM-B1"])},
            "Unit induk tidak dikenal atau di luar cakupan Anda.",
        ),
        (
            {"code": "PKM A3!", "name": "X", "parent_id": str(org["DINKES-A"])},
            "Kode 1–50 karakter",
        ),
        (
            {"code": "PKM-A1", "name": "X", "parent_id": str(org["DINKES-A"])},
            "Kode PKM-A1 tidak dapat digunakan; pilih kode lain.",  # issue 12, finding 11
        ),
        ({"code": "PKM-A3", "name": " ", "parent_id": str(org["DINKES-A"])}, "wajib diisi"),
        ({"code": "PKM-A3", "name": "X", "parent_id": "abc"}, "di luar cakupan Anda"),
    ):
        response = add(**fields)
        assert response.status_code == 422, fields
        assert message in response.get_data(as_text=True), fields
    assert hr.post("/admin/org", data={"code": "X", "name": "Y"}).status_code == 400  # no CSRF

    response = add(code="PKM-A3", name="Puskesmas  Anggrek Tiga", parent_id=str(org["DINKES-A"]))
    assert response.status_code == 302
    unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "PKM-A3"))
    assert unit.name == "Puskesmas Anggrek Tiga" and unit.parent_id == org["DINKES-A"]
    ancestors = set(
        db.session.scalars(
            select(OrgClosure.ancestor_id).where(OrgClosure.descendant_id == unit.id)
        )
    )
    assert ancestors == {unit.id, org["DINKES-A"], org["KOTA-A"]}
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "org.add")) is not None


def test_moving_a_unit_rebuilds_the_tree_and_refuses_cycles(app, org, make_user):
    admin = client_as(app, make_user, "admin", ("admin",))
    path = f"/admin/org/{org['DINKES-A']}"

    def move(parent, name="Dinas Kesehatan"):
        data = {"csrf_token": csrf_token(admin, path), "name": name, "parent_id": parent}
        return admin.post(path, data=data)

    response = move(str(org["PKM-A1"]))
    assert response.status_code == 422
    assert "tidak bisa dipindah ke bawah dirinya sendiri" in response.get_data(as_text=True)
    assert move(str(org["KEC-A"])).status_code == 302
    ancestors = set(
        db.session.scalars(
            select(OrgClosure.ancestor_id).where(OrgClosure.descendant_id == org["PKM-A1"])
        )
    )
    assert ancestors == {org["PKM-A1"], org["DINKES-A"], org["KEC-A"], org["KOTA-A"]}


def test_scope_root_cannot_be_moved_by_its_officer(app, org, make_user):
    hr = client_as(app, make_user, "hr-dinkes", ("hr",), scope_unit_id=org["DINKES-A"])
    path = f"/admin/org/{org['DINKES-A']}"
    page = hr.get(path).get_data(as_text=True)
    assert "induknya hanya dapat diubah admin" in page
    data = {"csrf_token": csrf_token(hr, path), "name": "Dinkes", "parent_id": str(org["KOTA-B"])}
    assert hr.post(path, data=data).status_code == 302
    db.session.expire_all()
    unit = db.session.get(OrgUnit, org["DINKES-A"])
    assert (unit.name, unit.parent_id) == ("Dinkes", org["KOTA-A"])


def test_admin_imports_units_from_csv(app, make_user):
    admin = client_as(app, make_user, "admin", ("admin",))

    def upload(text, name="unit.csv"):
        token = csrf_token(admin, "/admin/org/import")
        return admin.post(
            "/admin/org/import",
            data={"csrf_token": token, "file": (io.BytesIO(text), name)},
            content_type="multipart/form-data",
        )

    response = upload(b"kode;nama;kode_induk\nG;Pemkot;\nD;Dinas;X\n")
    assert response.status_code == 422
    assert "X" in response.get_data(as_text=True)
    assert db.session.scalar(select(OrgUnit.id)) is None
    assert "bukan teks UTF-8" in upload(b"\xff\xfe\x00k").get_data(as_text=True)
    response = admin.post(
        "/admin/org/import", data={"csrf_token": csrf_token(admin, "/admin/org/import")}
    )
    assert response.status_code == 422 and "Pilih berkas CSV" in response.get_data(as_text=True)
    response = upload("\ufeffkode,nama,kode_induk\nG,Pemkot,\nD,Dinas,G\n".encode())
    assert response.status_code == 302
    assert db.session.scalar(select(db.func.count()).select_from(OrgClosure)) == 3
    page = admin.get("/admin/org").get_data(as_text=True)
    assert "Pemkot" in page and "Dinas" in page


def test_learners_cannot_reach_org_pages(app, org, client, learner):
    for path in ("/admin/org", f"/admin/org/{org['KOTA-A']}", "/admin/org/import"):
        assert client.get(path).status_code == 403, path


def test_admin_sets_roles_and_scope_of_an_officer(app, org, make_user):
    officer = make_user("calon-hr", unit_id=org["DINKES-A"])
    admin = client_as(app, make_user, "admin", ("admin",))
    path = f"/admin/users/{officer.id}"

    def post(**fields):
        data = {"csrf_token": csrf_token(admin, path), "unit_id": str(org["DINKES-A"])}
        data.update(fields)
        return admin.post(path, data=data)

    response = post(roles=["learner", "hr"])
    assert response.status_code == 422
    assert "Petugas SDM perlu unit cakupan" in response.get_data(as_text=True)
    assert post(roles=["nakhoda"]).status_code == 422
    assert post(roles=["learner", "hr"], scope_unit_id=str(org["DINKES-A"])).status_code == 302
    db.session.expire_all()
    stored = db.session.get(type(officer), officer.id)
    assert stored.roles == {"learner", "hr"} and stored.scope_unit_id == org["DINKES-A"]

    # The new officer sees their subtree's people, not the other government's.
    make_user("b1", full_name="Orang Bakung", unit_id=org["PKM-B1"])
    make_user("a1", full_name="Orang Anggrek", unit_id=org["PKM-A1"])
    hr = app.test_client()
    assert login(hr, "calon-hr").status_code == 302
    page = hr.get("/admin/users").get_data(as_text=True)
    assert "Orang Anggrek" in page and "Orang Bakung" not in page
    b1 = db.session.scalar(select(type(officer)).where(type(officer).username == "b1"))
    assert hr.get(f"/admin/users/{b1.id}").status_code == 404
    # An HR officer edits placement but never roles or scope.
    a1 = db.session.scalar(select(type(officer)).where(type(officer).username == "a1"))
    page = hr.get(f"/admin/users/{a1.id}").get_data(as_text=True)
    assert 'name="roles"' not in page and "Bakung" not in page
    a1_path = f"/admin/users/{a1.id}"
    data = {
        "csrf_token": csrf_token(hr, a1_path),
        "unit_id": str(org["PKM-B1"]),
        "roles": "admin",
    }
    response = hr.post(a1_path, data=data)
    assert response.status_code == 422  # not into another government
    data["unit_id"] = str(org["PKM-A2"])
    assert hr.post(a1_path, data=data).status_code == 302
    db.session.expire_all()
    moved = db.session.get(type(officer), a1.id)
    assert moved.unit_id == org["PKM-A2"] and moved.roles == {"learner"}
