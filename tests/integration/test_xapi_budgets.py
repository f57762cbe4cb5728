"""The learner pages' statement budgets with xAPI configured (issue 16): enqueuing adds at
most one INSERT, into xapi_statements, and only on a request that records an event; a page
that changes nothing still writes nothing. (tests/integration/test_page_budgets.py holds the
budgets with xAPI off, unchanged.) The LRS is never called, so none runs here."""

from __future__ import annotations

import pytest

from tests.helpers import count_queries, csrf_token, mark_read, publish
from tests.helpers.quiz import SLUG, answers, attempt_row, course_files, start_id
from tests.helpers.ralph import xapi_config
from tests.helpers.servers import free_port

WRITES = ("INSERT", "UPDATE", "DELETE")
MODULE = f"/courses/{SLUG}/pengantar"
# test_page_budgets.BUDGETS, and one INSERT more where a statement is recorded.
BUDGETS = {"module": 5, "module_moved": 6, "course": 6, "my": 7, "quiz": 3, "submit": 10}


@pytest.fixture
def app(make_app):
    """xAPI on, against a loopback port where nothing listens."""
    config = xapi_config(f"http://127.0.0.1:{free_port()}/xAPI")
    app = make_app(**config)
    twin = make_app(**config)
    with twin.app_context():
        yield app


def writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().split(None, 1)[0].upper() in WRITES]


def queue_inserts(statements: list[str]) -> list[str]:
    return [s for s in writes(statements) if "xapi_statements" in s]


def counted(client, path: str, data: dict | None = None) -> list[str]:
    with count_queries() as statements:
        response = client.get(path) if data is None else client.post(path, data=data)
        assert response.status_code == (200 if data is None else 302), path
    return statements


@pytest.fixture
def studying(client, learner, make_course):
    files = course_files(pretest=True)
    publish(make_course, SLUG, files)
    token = csrf_token(client, f"/courses/{SLUG}/pretest")
    assert client.post(f"/courses/{SLUG}/pretest/skip", data={"csrf_token": token}).status_code
    mark_read(client, SLUG, "pengantar")
    client.get(MODULE)
    return client


def test_pages_that_record_nothing_keep_their_budget_and_write_nothing(studying):
    for name, path in (
        ("module", MODULE),
        ("course", f"/courses/{SLUG}"),
        ("my", "/my"),
        ("quiz", f"/courses/{SLUG}/quiz/kuis"),
    ):
        statements = counted(studying, path)
        assert len(statements) <= BUDGETS[name], (name, statements)
        assert writes(statements) == [], name


def test_opening_another_module_adds_one_insert(studying):
    statements = counted(studying, f"/courses/{SLUG}/kuis")
    assert [s.split()[0] for s in writes(statements)] == ["UPDATE", "INSERT"]
    assert len(queue_inserts(statements)) == 1
    assert len(statements) <= BUDGETS["module_moved"]


def test_a_submit_adds_one_insert_for_its_two_statements(studying):
    attempt_id = start_id(studying)
    data = {**answers(attempt_row(attempt_id), True), "action": "submit"}
    data["csrf_token"] = csrf_token(studying, "/my")
    statements = counted(studying, f"/attempts/{attempt_id}", data)
    assert len(queue_inserts(statements)) == 1
    assert len(statements) <= BUDGETS["submit"], statements


def test_marking_read_adds_one_insert(studying):
    token = csrf_token(studying, f"/courses/{SLUG}/kuis")
    statements = counted(studying, f"/courses/{SLUG}/kuis/read", {"csrf_token": token})
    assert len(queue_inserts(statements)) == 1
