"""Plain helpers shared by the test folders: logging in, CSRF tokens, counting queries,
course folders and publishing them, reading downloads.

Fixtures live in the conftest.py files; the topic modules next to this one (quiz,
certificates, reports, analysis, assignments, authoring, rows) hold the builders of
one area's tests.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import event
from sqlalchemy.engine import Engine

from elearn.extensions import db
from elearn.publishing.folders import import_paths

ROOT = Path(__file__).resolve().parent.parent.parent
COURSES = ROOT / "courses"
TEST_PASSWORD = "rahasia-uji-123"
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# --- the web client -------------------------------------------------------------------


def csrf_token(client, path: str) -> str:
    """Fetch a page and return the CSRF token of its first form."""
    response = client.get(path)
    match = CSRF_INPUT.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, username="peserta", password=TEST_PASSWORD):
    token = csrf_token(client, "/login")
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )


def client_at(app, address: str, forwarded_for: str | None = None):
    """A new test client of `app` whose requests come from `address`, optionally through a
    proxy that says they were sent for `forwarded_for`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if forwarded_for:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client


def logged_in_client(app, username: str):
    """A new test client of `app`, logged in as the (existing) user `username`."""
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def assert_sent_to_login(client, gets, posts, data: dict | None = None) -> None:
    """Every GET of `gets` and POST of `posts` (with a valid CSRF token and `data`) answers a
    visitor who is not logged in with a redirect to the login page."""
    token = csrf_token(client, "/login")
    for path in gets:
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/login" in response.headers["Location"], path
    for path in posts:
        response = client.post(path, data={"csrf_token": token, **(data or {})})
        assert response.status_code == 302, path
        assert "/login" in response.headers["Location"], path


@contextlib.contextmanager
def count_queries():
    """Collect the SQL statements run meanwhile, by any app's engine (requests use their own)."""
    statements: list[str] = []
    db.session.remove()  # start every measurement from an empty identity map

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def query_counts(client, paths) -> dict[str, int]:
    """How many SQL statements a GET of each path runs; every one answers 200 with some."""
    counts = {}
    for path in paths:
        with count_queries() as queries:
            assert client.get(path).status_code == 200, path
        assert queries, path
        counts[path] = len(queries)
    return counts


# --- course folders -------------------------------------------------------------------


def minimal_course(title="Kursus Uji", extra_module="") -> dict[str, str]:
    files = {
        "course.md": f"---\ntitle: {title}\nsummary: Ringkasan kursus uji.\njp: 2\n"
        "category: uji-coba\ncompetencies:\n  integritas: 1\n---\n\n# Tentang\n\nIsi ikhtisar.\n",
        "01-pengantar.md": "---\ntitle: Pengantar\nminutes: 15\n---\n\n# Pengantar\n\n"
        "## Bagian satu\n\nMateri pengantar tentang pelayanan.\n",
        "02-lanjutan.md": "---\ntitle: Lanjutan\nminutes: 20\nquiz:\n  attempts: 2\n---\n\n"
        "# Lanjutan\n\nMateri lanjutan tentang antrean.\n\n## Kuis\n\n### Dua tambah dua? {#dua}\n"
        "- [x] Empat\n- [ ] Lima\n\n> Karena 2 + 2 = 4.\n",
    }
    if extra_module:
        files["03-tambahan.md"] = extra_module
    return files


def jp_matched(files: dict[str, str]) -> dict[str, str]:
    """The course with `jp` its modules' minutes call for (minimal_course: 35 minutes, 1 JP),
    so that `courses check` prints no JP warning."""
    return {**files, "course.md": files["course.md"].replace("jp: 2\n", "jp: 1\n")}


def import_folder(folder) -> list[str]:
    """Import one course folder as the CLI does; fail the test with its output otherwise."""
    lines: list[str] = []
    assert import_paths([str(folder)], echo=lines.append), lines
    return lines


def publish(make_course, slug="kursus-uji", files=None):
    """Write a course folder (default: minimal_course()) and publish it; return the folder."""
    folder = make_course(slug, files)
    import_folder(folder)
    return folder


def mark_read(client, slug, module):
    token = csrf_token(client, f"/courses/{slug}/{module}")
    return client.post(f"/courses/{slug}/{module}/read", data={"csrf_token": token})


# --- downloads and pages --------------------------------------------------------------


def read_csv(response) -> list[dict]:
    """The rows of a CSV download as dicts keyed by the header."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def read_xlsx(response) -> list[dict]:
    """The rows of an XLSX download as dicts keyed by the header."""
    assert response.status_code == 200, response.status_code
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV download, header first, as lists of strings."""
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def xlsx_rows(response) -> list[list]:
    """The rows of an XLSX download, header first, padded to the header's width."""
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    width = len(rows[0])  # trailing empty cells are not stored
    return [row + [None] * (width - len(row)) for row in rows]


def squeezed(response) -> str:
    """The page with every run of white space made one space."""
    return re.sub(r"\s+", " ", response.get_data(as_text=True))
