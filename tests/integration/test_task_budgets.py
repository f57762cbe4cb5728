"""Workplace task pages read within a budget of SQL statements that does not grow with the
number of submissions or files, and write nothing on GET."""

from __future__ import annotations

import pytest

from tests.helpers import count_queries, logged_in_client
from tests.helpers.quiz import complete_course
from tests.helpers.tasks import PDF, latest_submission, people, publish_task_course, send_task

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def world(app, make_user, make_course, org):
    course_id = publish_task_course(make_course)
    return {"course_id": course_id, **people(app, make_user, org)}


def measure(client, path: str) -> list[str]:
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return statements


def test_task_pages_keep_their_budget_and_write_nothing(app, world, make_user, org):
    learner, head = world["clients"]["learner"], world["clients"]["head"]
    complete_course(learner)
    send_task(learner, files=(("a.pdf", PDF), ("b.pdf", PDF)))
    review = f"/tugas/{latest_submission(world['ids']['learner']).id}"
    pages = {"/courses/kursus-kuis/task": learner, "/tugas": head, review: head}
    before = {path: measure(client, path) for path, client in pages.items()}
    for path, statements in before.items():
        assert not [s for s in statements if s.lstrip().upper().startswith(WRITES)], path
    for number in range(3):
        other = make_user(
            f"peserta{number}", ("learner",), f"Peserta {number}", unit_id=org["PKM-A1"]
        )
        client = logged_in_client(app, other.username)
        complete_course(client)
        send_task(client)
    after = {path: len(measure(client, path)) for path, client in pages.items()}
    assert after == {path: len(statements) for path, statements in before.items()}
    budgets = {"/courses/kursus-kuis/task": 12, "/tugas": 5, review: 12}
    assert all(after[path] <= budget for path, budget in budgets.items()), after
