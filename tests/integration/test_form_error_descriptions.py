"""A field's error is tied to the field (issue 17): the field names its error paragraph in
aria-describedby and says it is invalid, so a screen reader reads the error with it."""

import re

from tests.helpers import csrf_token, login


def test_an_upload_error_is_the_fields_description(client, make_user, org):
    make_user("bkpsdm", ("hr",), "Dewi Lestari", scope_unit_id=org["KOTA-A"])
    login(client, "bkpsdm")
    token = csrf_token(client, "/hr/employees/import")
    page = client.post("/hr/employees/import", data={"csrf_token": token}).get_data(as_text=True)
    field = re.search(r'<input[^>]*\bid="file"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field
    described = re.search(r'aria-describedby="([^"]+)"', field).group(1)
    assert re.search(rf'<p class="field-error" id="{described}">\S', page)
