"""Findings 2 and 9 of issue 12: a file part under a text field's name, control characters
and integers past the columns' range are refused or cleaned once for every route."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from wtforms import FileField

from elearn.extensions import db
from elearn.models import Course
from tests.helpers import csrf_token, login, publish
from tests.helpers.routes import form_classes

FILE_PART = "bukan unggahan berkas"


def file_part():
    return (io.BytesIO(b"isi"), "a.txt")


@pytest.mark.parametrize("path", ["/login", "/activate"])
def test_a_file_part_in_an_anonymous_form_is_a_friendly_400(client, path):
    token = csrf_token(client, path)
    data = {"csrf_token": token, "username": file_part(), "password": file_part()}
    response = client.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert FILE_PART in response.get_data(as_text=True)


# Forms whose constructor needs the page's lists (by class name); every other takes none.
FORM_ARGUMENTS = {
    "AssignmentForm": {"scope": None, "courses": {}, "units": [], "positions": [], "today": None},
    "ServiceForm": {"scope": None, "units": []},
}


def test_every_form_refuses_a_file_part_under_each_text_field(app):
    """Generated from the form classes, so a new form is covered without a line here."""
    classes = form_classes()
    assert len(classes) >= 20
    for cls in classes:
        for name, field in vars(cls).items():
            if not hasattr(field, "field_class") or issubclass(field.field_class, FileField):
                continue
            posted = app.test_request_context("/", method="POST", data={name: file_part()})
            with posted, pytest.raises(HTTPException) as refused:
                cls(meta={"csrf": False}, **FORM_ARGUMENTS.get(cls.__name__, {}))
            answer = refused.value.get_response()
            assert answer.status_code == 400, (cls, name)
            assert FILE_PART in answer.get_data(as_text=True)


def test_upload_fields_still_take_their_file(app):
    from elearn.hr.forms import UploadForm

    with app.test_request_context("/", method="POST", data={"file": file_part()}):
        form = UploadForm(meta={"csrf": False})
        assert form.validate()
        assert form.file.data.filename == "a.txt"


def test_every_form_class_has_the_house_base(app):
    from flask_wtf import FlaskForm

    from elearn.forms import Form

    stray = []
    todo = [FlaskForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("elearn.") and not issubclass(cls, Form):
            stray.append(cls)
    assert stray == []


# -- control characters and NUL bytes (PostgreSQL refuses a NUL in text) ----------------


@pytest.fixture
def course(app, make_course):
    publish(make_course)
    return db.session.scalar(select(Course).where(Course.slug == "kursus-uji"))


@pytest.mark.parametrize(
    "path",
    [
        "/courses?q=%00",
        "/courses?q=a%00b%1F",
        "/courses?category=%00",
        "/courses?competency=%00",
    ],
)
def test_nul_in_catalog_arguments_is_dropped(client, learner, course, path):
    response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/courses/%00", "/courses/kursus-uji%00", "/verify/%00", "/media/%00/a.png"],
)
def test_a_control_character_in_a_path_part_names_nothing(client, learner, course, path):
    assert client.get(path).status_code == 404


def test_nul_in_staff_searches_is_dropped(client, make_user, org, course):
    make_user("admin", ("admin",))
    login(client, "admin")
    for path in ("/admin/users?q=%00", "/admin/certificates?q=Si%00ti", "/author/%00"):
        assert client.get(path).status_code in (200, 404), path
    assert "Siti Rahmawati" in client.get("/admin/users?q=Si%00ti").get_data(as_text=True)


def test_nul_in_a_posted_field_is_dropped(client, make_user):
    make_user()
    token = csrf_token(client, "/login")
    data = {"username": "pes\x00erta", "password": "rahasia-uji-123", "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302


# -- integers no column holds ----------------------------------------------------------------


def test_unit_past_int32_in_a_new_assignment_is_a_form_error(client, make_user, org, course):
    make_user("hr", ("hr",), scope_unit_id=org["KOTA-A"])
    login(client, "hr")
    token = csrf_token(client, "/hr/assignments/new")
    data = {
        "csrf_token": token,
        "course": str(course.id),
        "unit": "2147483648",
        "due_date": "2099-01-01",
        "recurrence": "none",
    }
    response = client.post("/hr/assignments/new", data=data)
    assert response.status_code == 422


@pytest.mark.parametrize("number", ["9223372036854775808", "2147483648"])
def test_huge_revision_or_version_never_reaches_the_database(client, make_user, course, number):
    from elearn.authoring.access import add_author

    user = make_user("pengajar", ("trainer",))
    add_author(course.id, user.id, "owner")
    db.session.commit()
    login(client, "pengajar")
    assert client.get(f"/author/kursus-uji/export.zip?version={number}").status_code == 404
    token = csrf_token(client, "/author/kursus-uji/media")
    data = {"csrf_token": token, "name": "a.png", "revision": number}
    response = client.post("/author/kursus-uji/media/delete", data=data)
    assert response.status_code == 302  # back to the media page with a message


def test_integer_fields_refuse_numbers_past_int32(app):
    from elearn.authoring.files_forms import MediaDeleteForm

    data = {"name": "a.png", "revision": "2147483648"}
    with app.test_request_context("/", method="POST", data=data):
        form = MediaDeleteForm(meta={"csrf": False})
        assert not form.validate()
        assert form.revision.errors
