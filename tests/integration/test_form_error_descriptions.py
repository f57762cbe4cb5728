"""A field's error is tied to the field (issue 17): the field names its error paragraph in
aria-describedby and says it is invalid, so a screen reader reads the error with it."""

import re

from tests.helpers import csrf_token, login

INVALID = re.compile(r"<(?:input|select|textarea)\b[^>]*\baria-invalid=\"true\"[^>]*>")


def assert_errors_describe_their_fields(page: str) -> int:
    """Every invalid field names elements of the page that hold text; return how many."""
    fields = INVALID.findall(page)
    for field in fields:
        described = re.search(r'aria-describedby="([^"]+)"', field)
        assert described, field
        for element_id in described.group(1).split():
            assert re.search(rf'id="{element_id}"[^>]*>\s*(<p[^>]*>)?\S', page), element_id
    return len(fields)


def test_an_upload_error_is_the_fields_description(client, make_user, org):
    make_user("bkpsdm", ("hr",), "Dewi Lestari", scope_unit_id=org["KOTA-A"])
    login(client, "bkpsdm")
    token = csrf_token(client, "/hr/employees/import")
    page = client.post("/hr/employees/import", data={"csrf_token": token}).get_data(as_text=True)
    field = re.search(r'<input[^>]*\bid="file"[^>]*>', page).group(0)
    assert 'aria-describedby="file-error"' in field
    assert assert_errors_describe_their_fields(page) == 1


def test_admin_form_errors_are_their_fields_descriptions(client, make_user, org):
    make_user("admin", ("admin",), "Admin")
    login(client, "admin")
    data = {"csrf_token": csrf_token(client, "/admin/org"), "code": "", "name": ""}
    page = client.post("/admin/org", data=data).get_data(as_text=True)
    assert assert_errors_describe_their_fields(page) >= 2
