"""/hr/evaluation level 3: follow-up questionnaires sent, answered and "applied" shares by
learners and unit heads, per course and per unit, within the viewer's scope."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from elearn.extensions import db
from elearn.models import FollowUp
from tests.helpers import count_queries, read_csv
from tests.helpers.analysis import evaluation_table, viewer
from tests.helpers.assignments import at, complete, employees, live_course
from tests.helpers.followup import follow_ups, send

TITLE = "Kursus Wajib"
SENT, LEARNERS, LEARNER_ANSWERS, HEADS, HEAD_ANSWERS = range(-5, 0)


def answer(learner_id: int, role: str, applied: str) -> None:
    db.session.execute(
        update(FollowUp)
        .where(FollowUp.learner_id == learner_id, FollowUp.role == role)
        .values(applied=applied, frequency=3, answered_at=at(2026, 5, 2))
    )
    db.session.commit()


@pytest.fixture
def answered(runner, org, make_user):
    """PKM-A1: a0 ya (head: ya), a1 sebagian (head: belum), a2 belum (head: unanswered);
    PKM-A2 (no head: the agency's) b0 unanswered (agency head: sebagian); government B: z0 ya."""
    course = live_course(title=TITLE)
    a = employees(org["PKM-A1"], 3, "a")
    [b] = employees(org["PKM-A2"], 1, "b")
    [z] = employees(org["PKM-B1"], 1, "z")
    make_user("kapus", roles=("supervisor",), unit_id=org["PKM-A1"])
    make_user("kadis", roles=("supervisor",), scope_unit_id=org["DINKES-A"])
    for learner in (*a, b, z):
        complete(learner, course, at(2026, 3, 1))
    send(runner, "2026-04-30")
    assert len(follow_ups()) == 5 + 4
    for learner, applied in ((a[0], "ya"), (a[1], "sebagian"), (a[2], "belum"), (z, "ya")):
        answer(learner.id, "learner", applied)
    for learner, applied in ((a[0], "ya"), (a[1], "belum"), (b, "sebagian")):
        answer(learner.id, "supervisor", applied)
    return course


def level3(cells: list[str]) -> list[str]:
    return cells[SENT:]


def test_figures_per_course_in_scope(app, make_user, org, answered):
    dinkes = viewer(app, make_user, "hr-dinkes", scope_unit_id=org["DINKES-A"])
    page = dinkes.get("/hr/evaluation?year=2026").get_data(as_text=True)
    assert "Level 3 — Perilaku (evaluasi pasca-pelatihan)" in page
    rows = evaluation_table(page)
    # 4 sent; learners 2 of 3 answers applied (ya or sebagian); heads 2 of 3.
    assert level3(rows[TITLE]) == ["4", "66,7%", "3", "66,7%", "3"]

    bakung = viewer(app, make_user, "hr-bakung", scope_unit_id=org["KOTA-B"])
    rows = evaluation_table(bakung.get("/hr/evaluation?year=2026").get_data(as_text=True))
    assert level3(rows[TITLE]) == ["1", "100%", "1", "—", "0"]

    empty = dinkes.get("/hr/evaluation?year=2025").get_data(as_text=True)
    assert "Belum ada penyelesaian kursus, jawaban survei kepuasan, atau evaluasi" in empty
    csv = read_csv(dinkes.get("/hr/evaluation.csv?year=2026"))
    assert csv[0]["Menerapkan menurut peserta (%)"] == "66.7"
    assert csv[0]["Jawaban atasan"] == "3"


def test_figures_per_unit(app, make_user, org, answered):
    dinkes = viewer(app, make_user, "hr-dinkes", scope_unit_id=org["DINKES-A"])
    page = dinkes.get(f"/hr/evaluation/{answered.id}?year=2026").get_data(as_text=True)
    rows = {name: level3(cells) for name, cells in evaluation_table(page).items()}
    assert rows == {
        "Puskesmas Anggrek Satu": ["3", "66,7%", "3", "50%", "2"],
        "Puskesmas Anggrek Dua": ["1", "—", "0", "100%", "1"],
        "Semua unit": ["4", "66,7%", "3", "66,7%", "3"],
    }
    page = dinkes.get(f"/hr/evaluation/{answered.id}?year=2026&sort=applied_supervisors&dir=desc")
    assert list(evaluation_table(page.get_data(as_text=True)))[:2] == [
        "Puskesmas Anggrek Dua",
        "Puskesmas Anggrek Satu",
    ]


def test_statement_budget_does_not_grow_with_follow_ups(app, runner, make_user, org, answered):
    dinkes = viewer(app, make_user, "hr-dinkes", scope_unit_id=org["DINKES-A"])
    paths = ("/hr/evaluation?year=2026", f"/hr/evaluation/{answered.id}?year=2026")
    before = {}
    for path in paths:
        with count_queries() as statements:
            assert dinkes.get(path).status_code == 200
        before[path] = len(statements)
    course = live_course("lain", title="Kursus Lain")
    for learner in employees(org["PKM-A2"], 20, "c"):
        complete(learner, course, at(2026, 3, 1))
    send(runner, "2026-04-30")
    for path in paths:
        with count_queries() as statements:
            assert dinkes.get(path).status_code == 200
        # 15: the course page also shows the gain tables (3 statements)
        assert len(statements) == before[path] <= 15
