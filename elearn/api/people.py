"""Employees and mandatory training through the API: reads, and writes through the same
validation and services as the HR import and the assignment form."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from .. import clock
from ..assignments import services as assignment_services
from ..assignments.forms import AssignmentForm
from ..hr import services as hr_services
from ..web import without_controls
from . import queries
from .access import actor, json_body, page_request, paginated, requires, token_scope
from .blueprint import bp
from .problems import ApiProblem

# The HR import's columns and the API's field names for them.
EMPLOYEE_FIELDS = {
    "nip": "nip",
    "nama": "name",
    "email": "email",
    "jenis_pegawai": "employee_type",
    "kode_unit": "unit_code",
    "kode_jabatan": "position_code",
    "golongan": "rank",
}


def _employee(r) -> dict:
    return {
        "nip": r.nip,
        "name": r.full_name,
        "email": r.email,
        "employee_type": r.employee_type,
        "rank": r.rank,
        "unit_code": r.unit_code,
        "position_code": r.position_code,
        "active": r.active,
    }


@bp.get("/employees")
@requires("read:employees")
def employees():
    """Employees placed in the token's subtree.
    ---
    get:
      operationId: listEmployees
      summary: Pegawai yang ditempatkan di subpohon unit token
      tags: [pegawai]
      parameters: [cursor, limit]
      responses:
        '200':
          description: Satu halaman pegawai
          headers: {Link: {$ref: '#/components/headers/Link'}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/EmployeePage'}
        default: {$ref: '#/components/responses/Problem'}
    """
    after, limit = page_request()
    return paginated(queries.employees(token_scope(), after, limit), limit, _employee)


# The longest text each field's column holds: a longer one is a field error, never a
# database error (PostgreSQL refuses what does not fit).
LONGEST = {
    "name": 200,
    "email": 254,
    "employee_type": 4,
    "unit_code": 50,
    "position_code": 50,
    "rank": 10,
    "course": 100,
    "due_date": 10,
    "recurrence": 10,
    "note": 500,
}


def _texts(body: dict, names: tuple[str, ...]) -> tuple[dict[str, str], list[dict]]:
    """The body's text fields (absent or null: empty), without control characters, as every
    form field; a field error for another type or a text too long for its column."""
    values, errors = {}, []
    for name in names:
        value = body.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors.append({"field": name, "message": _("harus berupa teks")})
            value = ""
        value = without_controls(value)
        if len(value.strip()) > LONGEST[name]:
            errors.append(
                {"field": name, "message": _("paling panjang %(n)s karakter", n=LONGEST[name])}
            )
        values[name] = value
    return values, errors


def _field_errors(errors) -> list[dict]:
    return [
        {"field": EMPLOYEE_FIELDS.get(e.column, e.column), "message": e.message} for e in errors
    ]


@bp.put("/employees/<nip>")
@requires("write:employees")
def put_employee(nip: str):
    """Create or update an employee by NIP through the HR import's own checks and writer.
    ---
    put:
      operationId: putEmployee
      summary: Tambah atau perbarui satu pegawai menurut NIP
      tags: [pegawai]
      parameters:
        - {name: nip, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/EmployeeInput'}
      responses:
        '200':
          description: Pegawai diperbarui (atau tidak berubah)
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Employee'}
        '201':
          description: Pegawai baru dibuat (kode aktivasi diambil HR di halaman impor)
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Employee'}
        default: {$ref: '#/components/responses/Problem'}
    """
    values, errors = _texts(json_body(), tuple(EMPLOYEE_FIELDS.values())[1:])
    if errors:
        raise ApiProblem(422, errors=errors)
    header = list(EMPLOYEE_FIELDS)
    row = [nip] + [values[EMPLOYEE_FIELDS[column]] for column in header[1:]]
    scope = token_scope()
    plan = hr_services.plan_import([header, row], scope)
    if plan.errors:
        raise ApiProblem(422, errors=_field_errors(plan.errors))
    if not plan.rows:
        raise ApiProblem(422, errors=[{"field": "name", "message": _("nama wajib diisi")}])
    created = hr_services.apply_import(plan, None, via="api", **actor())
    found = queries.employee(scope, plan.rows[0].nip)
    return jsonify(_employee(found)), 201 if created else 200


def _assignment(r) -> dict:
    return {
        "id": r.id,
        "course": {"slug": r.slug, "title": r.title},
        "unit_code": r.unit_code,
        "position_code": r.position_code,
        "due_date": r.due_date.isoformat(),
        "recurrence": r.recurrence,
        "note": r.note,
        "created_at": r.created_at.isoformat(),
        "cancelled": r.cancelled_at is not None,
    }


@bp.get("/assignments")
@requires("read:assignments")
def assignments():
    """Mandatory training of the units in the token's subtree.
    ---
    get:
      operationId: listAssignments
      summary: Pelatihan wajib untuk unit di subpohon token
      tags: [pelatihan wajib]
      parameters: [cursor, limit]
      responses:
        '200':
          description: Satu halaman pelatihan wajib
          headers: {Link: {$ref: '#/components/headers/Link'}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/AssignmentPage'}
        default: {$ref: '#/components/responses/Problem'}
    """
    after, limit = page_request()
    return paginated(queries.assignments(token_scope(), after, limit), limit, _assignment)


def _assignment_form(values: dict[str, str]) -> AssignmentForm:
    """The web's assignment form, given ids for the slug and codes the API takes; an
    unknown one becomes an id no row has, so the form says what it says on the page."""
    scope = token_scope()
    course = queries.course_id(values["course"]) if values["course"] else None
    unit = queries.unit_id(scope, values["unit_code"]) if values["unit_code"] else None
    position = None
    if values["position_code"] and unit is not None:
        position = queries.position_id(unit, values["position_code"])
    data = MultiDict(
        {
            "course": "" if not values["course"] else str(course or 0),
            "unit": "" if not values["unit_code"] else str(unit or 0),
            "position": "" if not values["position_code"] else str(position or 0),
            "due_date": values["due_date"],
            "recurrence": values["recurrence"] or "none",
            "note": values["note"],
        }
    )
    return AssignmentForm(
        formdata=data,
        meta={"csrf": False},
        scope=scope,
        courses=assignment_services.live_courses(),
        units=[],
        positions=assignment_services.positions(scope),
        today=clock.today(),
    )


ASSIGNMENT_FIELDS = {
    "course": "course",
    "unit": "unit_code",
    "position": "position_code",
    "due_date": "due_date",
    "recurrence": "recurrence",
    "note": "note",
}


@bp.post("/assignments")
@requires("write:assignments")
def post_assignment():
    """Assign a course to a unit of the subtree through the web form's checks and service.
    ---
    post:
      operationId: createAssignment
      summary: Wajibkan kursus bagi unit di subpohon token
      tags: [pelatihan wajib]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/AssignmentInput'}
      responses:
        '201':
          description: Pelatihan wajib dibuat
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Assignment'}
        default: {$ref: '#/components/responses/Problem'}
    """
    values, errors = _texts(json_body(), tuple(ASSIGNMENT_FIELDS.values()))
    if errors:
        raise ApiProblem(422, errors=errors)
    form = _assignment_form(values)
    if not form.validate():
        raise ApiProblem(
            422,
            errors=[
                {"field": ASSIGNMENT_FIELDS.get(name, name), "message": str(message)}
                for name, messages in form.errors.items()
                for message in messages
            ],
        )
    try:
        row = assignment_services.create(
            form.course_id,
            form.unit_id,
            form.position_id,
            form.due,
            form.recurrence.data,
            form.note.data,
            None,
            via="api",
            **actor(),
        )
    except assignment_services.DuplicateAssignment as exc:
        raise ApiProblem(
            409,
            _(
                "Kursus ini sudah diwajibkan untuk unit dan jabatan yang sama (penugasan #%(id)s).",
                id=exc.args[0],
            ),
        ) from None
    return jsonify(_assignment(queries.assignment(row.id))), 201
