"""Uploading SKM result files through /hr/skm/impor, for the import tests (issue 18)."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import SkmElementAverage, SkmResponse
from tests.helpers import csrf_token, login

DATA = Path(__file__).resolve().parent.parent / "data" / "skm"
FORM = "/hr/skm/impor"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def officer(app, make_user, org, username="hr-anggrek", unit="KOTA-A"):
    """A logged-in client of an HR officer whose scope is the government `unit`."""
    make_user(username, ("hr",), "Dewi Lestari", scope_unit_id=org[unit])
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def upload(client, content: bytes, name: str, granularity="semester", token=None):
    """Post a file to the import form (with the page's CSRF token unless one is given)."""
    if token is None:
        token = csrf_token(client, FORM)
    body = {"file": (io.BytesIO(content), name), "granularity": granularity}
    if token:
        body["csrf_token"] = token
    return client.post(FORM, data=body, content_type="multipart/form-data")


def preview_path(response) -> str:
    """Where a good upload sends the officer: its preview page."""
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    location = response.headers["Location"]
    assert location.startswith(f"{FORM}/"), location
    return location


def confirm(client, path: str):
    """Confirm the preview at `path` with a CSRF token of the officer's session."""
    return client.post(path, data={"csrf_token": csrf_token(client, FORM)})


def imported(client, content: bytes, name: str, granularity="semester") -> str:
    """Upload, look at the preview and confirm; return the preview page's text."""
    path = preview_path(upload(client, content, name, granularity))
    page = client.get(path).get_data(as_text=True)
    response = confirm(client, path)
    assert response.status_code == 302 and response.headers["Location"] == FORM
    return page


def counts() -> tuple[int, int]:
    """(respondent rows, summary rows) stored."""
    return (
        db.session.scalar(select(func.count(SkmResponse.id))),
        db.session.scalar(select(func.count(SkmElementAverage.id))),
    )
