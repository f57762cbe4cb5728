"""/api/v1/openapi.json: the OpenAPI 3.1 document, built by apispec from the views' own
docstrings (their YAML after `---`) and the components below, so it follows the code."""

from __future__ import annotations

import re

from apispec import APISpec
from apispec.yaml_utils import load_operations_from_docstring
from flask import current_app, jsonify

from .. import __version__
from ..domain.api import DEFAULT_LIMIT, MAX_LIMIT, SCOPES
from .blueprint import bp

PLACEHOLDER = re.compile(r"<(?:[a-zA-Z_]+(?:\([^)]*\))?:)?(\w+)>")


def _obj(required: list[str], **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


def _page(item: str) -> dict:
    return _obj(
        ["data", "next_cursor"],
        data={"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        next_cursor={
            "type": ["string", "null"],
            "description": "Nilai cursor halaman berikutnya; null di halaman terakhir",
        },
    )


TEXT = {"type": "string"}
TEXT_OR_NULL = {"type": ["string", "null"]}
WHEN = {"type": "string", "format": "date-time"}
WHEN_OR_NULL = {"type": ["string", "null"], "format": "date-time"}
COURSE_REF = _obj(["slug", "title"], slug=TEXT, title=TEXT_OR_NULL)

SCHEMAS = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details (application/problem+json)",
        "required": ["type", "title", "status", "detail", "instance"],
        "properties": {
            "type": {"type": "string", "format": "uri"},
            "title": TEXT,
            "status": {"type": "integer"},
            "detail": TEXT,
            "instance": TEXT,
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}},
        },
    },
    "FieldError": _obj(["field", "message"], field=TEXT, message=TEXT),
    "Competency": _obj(["slug", "name", "level"], slug=TEXT, name=TEXT, level={"type": "integer"}),
    "Course": _obj(
        ["slug", "title", "category", "jp", "live_version", "competencies"],
        slug=TEXT,
        title=TEXT,
        category=TEXT,
        jp={"type": "integer"},
        live_version=_obj(
            ["number", "published_at"], number={"type": "integer"}, published_at=WHEN
        ),
        competencies={"type": "array", "items": {"$ref": "#/components/schemas/Competency"}},
    ),
    "Completion": _obj(
        ["id", "nip", "name", "course", "completed_at", "year", "jp", "certificate"],
        id={"type": "integer"},
        nip=TEXT,
        name=TEXT,
        unit_code=TEXT_OR_NULL,
        course=COURSE_REF,
        completed_at=WHEN,
        year={"type": "integer"},
        jp={"type": "integer"},
        final_score={"type": ["integer", "null"]},
        certificate={
            "oneOf": [
                {"type": "null"},
                _obj(["number", "verify_url"], number=TEXT, verify_url={"type": "string"}),
            ]
        },
    ),
    "LearnerJp": _obj(
        ["nip", "year", "jp", "target", "remaining", "met"],
        nip=TEXT,
        year={"type": "integer"},
        jp={"type": "integer"},
        target={"type": "integer"},
        remaining={"type": "integer"},
        met={"type": "boolean"},
    ),
    "Certificate": _obj(
        ["number", "nip", "course", "issued_at", "revoked", "verify_url", "open_badge_url"],
        number=TEXT,
        nip=TEXT,
        name=TEXT,
        course=COURSE_REF,
        jp={"type": ["integer", "null"]},
        issued_at=WHEN,
        expires_at=WHEN_OR_NULL,
        revoked={"type": "boolean"},
        verify_url=TEXT,
        open_badge_url=TEXT_OR_NULL,
    ),
    "Employee": _obj(
        ["nip", "name", "unit_code"],
        nip=TEXT,
        name=TEXT,
        email=TEXT_OR_NULL,
        employee_type=TEXT_OR_NULL,
        rank=TEXT_OR_NULL,
        unit_code=TEXT,
        position_code=TEXT_OR_NULL,
        active={"type": "boolean"},
    ),
    "EmployeeInput": _obj(
        ["name", "employee_type", "unit_code"],
        name=TEXT,
        employee_type={"type": "string", "enum": ["PNS", "PPPK"]},
        unit_code=TEXT,
        email=TEXT_OR_NULL,
        position_code=TEXT_OR_NULL,
        rank=TEXT_OR_NULL,
    ),
    "Assignment": _obj(
        ["id", "course", "unit_code", "due_date", "recurrence", "cancelled"],
        id={"type": "integer"},
        course=COURSE_REF,
        unit_code=TEXT,
        position_code=TEXT_OR_NULL,
        due_date={"type": "string", "format": "date"},
        recurrence={"type": "string", "enum": ["none", "yearly"]},
        note=TEXT,
        created_at=WHEN,
        cancelled={"type": "boolean"},
    ),
    "AssignmentInput": _obj(
        ["course", "unit_code", "due_date"],
        course={"type": "string", "description": "slug kursus yang terbit"},
        unit_code=TEXT,
        position_code=TEXT_OR_NULL,
        due_date={"type": "string", "format": "date"},
        recurrence={"type": "string", "enum": ["none", "yearly"]},
        note=TEXT_OR_NULL,
    ),
}
for _name in ("Course", "Completion", "Certificate", "Employee", "Assignment"):
    SCHEMAS[f"{_name}Page"] = _page(_name)


def _components(spec: APISpec) -> None:
    for name, schema in SCHEMAS.items():
        spec.components.schema(name, schema)
    spec.components.security_scheme(
        "bearer",
        {
            "type": "http",
            "scheme": "bearer",
            "description": "Token API dari /admin/api-tokens; cakupan: " + ", ".join(SCOPES),
        },
    )
    spec.components.parameter(
        "cursor",
        "query",
        {"schema": {"type": "string"}, "description": "next_cursor dari halaman sebelumnya"},
    )
    spec.components.parameter(
        "limit",
        "query",
        {
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_LIMIT,
                "default": DEFAULT_LIMIT,
            },
            "description": "Jumlah baris per halaman",
        },
    )
    spec.components.header(
        "Link", {"schema": {"type": "string"}, "description": 'URL halaman berikutnya, rel="next"'}
    )
    spec.components.response(
        "Problem",
        {
            "description": "Kesalahan (RFC 9457)",
            "content": {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            },
        },
    )


def build() -> dict:
    """The document for the running app: every route of this blueprint, from its view."""
    spec = APISpec(
        title="ELearn ASN API",
        version=__version__,
        openapi_version="3.1.0",
        info={"description": "API REST e-learning ASN; lihat docs/api.md."},
        servers=[{"url": "/api/v1"}],
        security=[{"bearer": []}],
    )
    _components(spec)
    prefix = bp.url_prefix or ""
    paths: dict[str, dict] = {}
    for rule in current_app.url_map.iter_rules():
        if not rule.endpoint.startswith(bp.name + "."):
            continue
        view = current_app.view_functions[rule.endpoint]
        operations = load_operations_from_docstring(view.__doc__ or "")
        scope = getattr(view, "required_scope", None)
        for operation in operations.values():
            # The scope the view checks (access.requires) is the one documented.
            if scope:
                operation["security"] = [{"bearer": [scope]}]
        path = PLACEHOLDER.sub(r"{\1}", rule.rule.removeprefix(prefix))
        paths.setdefault(path, {}).update(operations)
    for path in sorted(paths):
        spec.path(path=path, operations=paths[path])
    return spec.to_dict()


@bp.get("/openapi.json")
def document():
    """This API's OpenAPI 3.1 document; public, no token needed.
    ---
    get:
      operationId: openapi
      summary: Dokumen OpenAPI 3.1 API ini
      tags: [meta]
      security: []
      responses:
        '200':
          description: Dokumen OpenAPI
          content:
            application/json:
              schema: {type: object}
    """
    # The URL map and the docstrings are fixed once the app runs: build the document once.
    cache = current_app.extensions
    if "elearn.openapi" not in cache:
        cache["elearn.openapi"] = build()
    return jsonify(cache["elearn.openapi"])
