"""Position profiles belong to a government (issue 12, finding 1): who sees, changes, copies
and holds them, through the pages, the CLI, reports and assignments."""

from __future__ import annotations

from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import Assignment, Position, User
from tests.helpers import csrf_token
from tests.helpers.assignments import live_course
from tests.helpers.certificates import client_of, make_position


def officer(app, make_user, org, username, unit):
    return client_of(app, make_user, username, ("hr",), "Petugas SDM", scope_unit_id=org[unit])[1]


def post_position(client, position_id, name="Diubah", kind="jpt"):
    path = f"/admin/positions/{position_id}"
    token = csrf_token(client, "/admin/positions")
    return client.post(path, data={"csrf_token": token, "name": name, "type": kind})


def stored_name(position_id) -> str:
    db.session.expire_all()
    return db.session.get(Position, position_id).name


def test_officer_of_another_government_cannot_see_or_change_a_position(app, make_user, org):
    ours = make_position("JF-AK", "Analis Anggrek", {}, government_id=org["KOTA-A"]).id
    theirs = make_position("JF-AK", "Analis Bakung", {}, government_id=org["KOTA-B"]).id
    hr_b = officer(app, make_user, org, "hr-b", "KOTA-B")
    assert hr_b.get(f"/admin/positions/{ours}").status_code == 404
    assert post_position(hr_b, ours, "Diretas").status_code == 404
    assert stored_name(ours) == "Analis Anggrek"
    page = hr_b.get("/admin/positions").get_data(as_text=True)
    assert "Analis Bakung" in page and "Analis Anggrek" not in page
    assert post_position(hr_b, theirs, "Analis SDM Bakung").status_code == 302
    assert (stored_name(ours), stored_name(theirs)) == ("Analis Anggrek", "Analis SDM Bakung")


def test_officer_of_a_unit_sees_but_does_not_change_their_governments_positions(
    app, make_user, org
):
    position_id = make_position("JF-AK", "Analis Anggrek", {}, government_id=org["KOTA-A"]).id
    hr_unit = officer(app, make_user, org, "hr-dinkes", "DINKES-A")
    page = hr_unit.get("/admin/positions").get_data(as_text=True)
    assert "Analis Anggrek" in page
    assert f'href="/admin/positions/{position_id}"' not in page
    assert hr_unit.get(f"/admin/positions/{position_id}").status_code == 404
    assert post_position(hr_unit, position_id).status_code == 404
    assert stored_name(position_id) == "Analis Anggrek"


def test_templates_are_changed_by_admins_only_and_copied_into_a_government(app, make_user, org):
    template = make_position("PLK-01", "Pengadministrasi", {}).id
    hr_a = officer(app, make_user, org, "hr-a", "KOTA-A")
    assert hr_a.get(f"/admin/positions/{template}").status_code == 404
    assert post_position(hr_a, template).status_code == 404

    def copy(client, government):
        token = csrf_token(client, "/admin/positions")
        return client.post(
            f"/admin/positions/{template}/copy",
            data={"csrf_token": token, "government_id": str(government)},
        )

    assert copy(hr_a, org["KOTA-B"]).status_code == 302  # not theirs: refused with a note
    assert copy(hr_a, org["DINKES-A"]).status_code == 302  # not a government
    copies = select(Position.government_id).where(Position.code == "PLK-01")
    assert sorted(db.session.scalars(copies), key=str) == [None]
    hr_unit = officer(app, make_user, org, "hr-dinkes", "DINKES-A")
    assert copy(hr_unit, org["KOTA-A"]).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(copies.subquery())) == 1

    assert copy(hr_a, org["KOTA-A"]).status_code == 302
    assert copy(hr_a, org["KOTA-A"]).status_code == 302  # twice: the code is taken there
    mine = db.session.scalar(select(Position).where(Position.government_id == org["KOTA-A"]))
    assert (mine.code, mine.name) == ("PLK-01", "Pengadministrasi")
    assert post_position(hr_a, mine.id, "Pengadministrasi Anggrek").status_code == 302
    assert stored_name(template) == "Pengadministrasi"

    _, admin = client_of(app, make_user, "admin", ("admin",), "Administrator")
    assert copy(admin, org["KOTA-B"]).status_code == 302
    assert post_position(admin, template, "Pengadministrasi Umum").status_code == 302
    assert sorted(db.session.scalars(copies), key=str) == sorted(
        [None, org["KOTA-A"], org["KOTA-B"]], key=str
    )
    assert hr_a.post(f"/admin/positions/{template}/copy").status_code == 400  # no CSRF


def test_users_are_given_only_positions_of_their_government(app, make_user, org):
    ours = make_position("JF-AK", "Analis Anggrek", {}, government_id=org["KOTA-A"]).id
    theirs = make_position("JF-BK", "Analis Bakung", {}, government_id=org["KOTA-B"]).id
    template = make_position("PLK-01", "Pengadministrasi", {}).id
    employee = make_user("pegawai-a", unit_id=org["PKM-A1"])
    hr_a = officer(app, make_user, org, "hr-a", "KOTA-A")
    path = f"/admin/users/{employee.id}"
    page = hr_a.get(path).get_data(as_text=True)
    assert "Analis Anggrek" in page and "Analis Bakung" not in page
    assert "Pengadministrasi" not in page
    for position_id in (theirs, template):
        data = {"csrf_token": csrf_token(hr_a, path), "position_id": str(position_id)}
        response = hr_a.post(path, data={**data, "unit_id": str(org["PKM-A1"])})
        assert response.status_code == 422
        assert "Jabatan tidak dikenal." in response.get_data(as_text=True)
    data = {"csrf_token": csrf_token(hr_a, path), "position_id": str(ours)}
    assert hr_a.post(path, data={**data, "unit_id": str(org["PKM-A1"])}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, employee.id).position_id == ours


def test_a_learner_sees_their_governments_profile_after_another_edits_the_same_code(
    app, make_user, org
):
    ours = make_position("JF-AK", "Analis Anggrek", {}, government_id=org["KOTA-A"]).id
    theirs = make_position("JF-AK", "Analis Bakung", {}, government_id=org["KOTA-B"]).id
    make_user("pegawai-b", unit_id=org["PKM-B1"], position_id=theirs)
    hr_a = officer(app, make_user, org, "hr-a", "KOTA-A")
    assert post_position(hr_a, ours, "Jabatan Diubah Anggrek").status_code == 302
    _, learner = client_of(app, make_user, "pegawai-b2", unit_id=org["PKM-B1"], position_id=theirs)
    page = learner.get("/my/competencies").get_data(as_text=True)
    assert "Analis Bakung" in page and "Jabatan Diubah Anggrek" not in page


def test_report_filters_offer_and_accept_only_the_viewers_positions(app, make_user, org):
    make_position("JF-AK", "Analis Anggrek", {}, government_id=org["KOTA-A"])
    theirs = make_position("JF-BK", "Analis Bakung", {}, government_id=org["KOTA-B"]).id
    hr_a = officer(app, make_user, org, "hr-a", "KOTA-A")
    page = hr_a.get("/hr/").get_data(as_text=True)
    assert "Analis Anggrek" in page and "Analis Bakung" not in page
    page = hr_a.get(f"/hr/?position={theirs}").get_data(as_text=True)
    assert "Jabatan yang dipilih tidak ada" in page and "Analis Bakung" not in page


def test_cli_imports_positions_of_one_government(runner, app, org, tmp_path):
    path = tmp_path / "jabatan.csv"
    path.write_text("kode,nama,jenis\nJF-AK,Analis,fungsional\n", encoding="utf-8")
    for government in ("KOTA-A", "KOTA-B"):
        result = runner.invoke(args=["positions", "import", str(path), "--government", government])
        assert result.exit_code == 0, result.output
        assert "1 jabatan (1 baru, 0 diperbarui)" in result.output
    result = runner.invoke(args=["positions", "import", str(path)])
    assert result.exit_code == 0 and "(1 baru" in result.output  # a national template
    owners = db.session.scalars(select(Position.government_id).where(Position.code == "JF-AK"))
    assert sorted(owners, key=str) == sorted([org["KOTA-A"], org["KOTA-B"], None], key=str)
    result = runner.invoke(args=["positions", "import", str(path), "--government", "DINKES-A"])
    assert result.exit_code != 0 and "bukan kode pemerintah daerah" in result.output


def test_an_assignment_takes_only_a_position_of_its_units_government(app, make_user, org):
    course = live_course()
    ours = make_position("JF-AK", "Analis Anggrek", {}, government_id=org["KOTA-A"]).id
    theirs = make_position("JF-BK", "Analis Bakung", {}, government_id=org["KOTA-B"]).id
    _, admin = client_of(app, make_user, "admin", ("admin",), "Administrator")

    def create(unit, position_id):
        token = csrf_token(admin, "/hr/assignments/new")
        data = {"csrf_token": token, "course": course.id, "unit": unit, "due_date": "2099-01-31"}
        return admin.post("/hr/assignments/new", data={**data, "position": position_id})

    response = create(org["DINKES-A"], theirs)
    assert response.status_code == 422
    assert "bukan jabatan pemerintah daerah unit itu" in response.get_data(as_text=True)
    assert create(org["DINKES-A"], ours).status_code == 302
    assert db.session.scalar(select(Assignment.position_id)) == ours
