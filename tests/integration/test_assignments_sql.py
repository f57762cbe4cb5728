"""The SQL states (pages, counts, reminders) agree with the pure rules, and overdue_total."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from elearn.assignments.queries import (
    StateSQL,
    cycles_for,
    overdue_total,
    population,
    state_counts,
)
from elearn.domain.assignments import learner_state, local_day
from elearn.extensions import db
from elearn.models import Assignment, CourseCompletion, User
from elearn.reporting.scope import Scope
from tests.helpers.assignments import assign, at, complete, employees, live_course, retake


def test_overdue_total_counts_pairs_in_scope(org):
    course = live_course()
    [a1] = employees(org["PKM-A1"], 1, "a")
    [a2] = employees(org["PKM-A2"], 1, "b")
    employees(org["KEL-A1"], 1, "k")
    employees(org["PKM-B1"], 1, "z")
    assign(course, org["KOTA-A"], date(2026, 3, 31))
    assign(course, org["DINKES-B"], date(2026, 3, 31))
    assign(course, org["DINKES-A"], date(2026, 3, 31), cancelled=True)
    assign(course, org["PKM-A1"], date(2026, 5, 31))  # not due yet
    complete(a1, course, at(2026, 3, 31, 16))  # 23:00 WIB on the due date: in time
    complete(a2, course, at(2026, 4, 1))  # late, not overdue
    everything = Scope(None)
    assert overdue_total(everything, date(2026, 3, 31)) == 0
    assert overdue_total(everything, date(2026, 4, 1)) == 2  # k000 and z000
    assert overdue_total(Scope((org["KOTA-A"],)), date(2026, 4, 1)) == 1
    assert overdue_total(Scope((org["DINKES-A"],)), date(2026, 4, 1)) == 0
    assert overdue_total(Scope((org["KEC-A"],)), date(2026, 4, 1)) == 1
    assert overdue_total(Scope((org["DINKES-B"],)), date(2026, 4, 1)) == 1
    assert overdue_total(Scope(()), date(2026, 4, 1)) == 0
    assert overdue_total(everything, date(2026, 6, 1)) == 2  # a000 finished before May


def test_overdue_total_runs_three_queries(org):
    from tests.helpers import count_queries

    course = live_course()
    employees(org["PKM-A1"], 30, "a")
    for i in range(5):
        assign(course, org["KOTA-A"], date(2025, 1, 1 + i), recurrence="yearly")
    with count_queries() as q:
        assert overdue_total(Scope(None), date(2026, 4, 1)) == 150
    assert len(q) == 3  # the assignments, the plan, the count


def test_sql_states_match_the_domain_rules(app, org):
    """Random completions and retakes around several due dates: SQL == Python, per pair."""
    rng = random.Random(20260331)  # noqa: S311  (reproducible test data, not secrets)
    courses = [live_course(f"k{i}", f"Kursus {i}") for i in range(3)]
    people = employees(org["PKM-A1"], 25, "a")
    start = date(2024, 1, 1)
    events = {}  # (user id, course id) -> (completed_at, [passed exam moments])
    for person in people:
        for course in courses:
            if rng.random() < 0.25:
                continue
            day = start + timedelta(days=rng.randrange(0, 1000))
            done = at(day.year, day.month, day.day, rng.choice([3, 16, 17]))
            complete(person, course, done)
            passes = []
            for n in range(rng.randrange(0, 3)):
                later = day + timedelta(days=rng.randrange(-30, 500))
                when = at(later.year, later.month, later.day, rng.choice([3, 17]))
                passed = rng.random() < 0.8
                retake(person, course, when, passed=passed, number=n + 2)
                if passed:
                    passes.append(when)
            events[person.id, course.id] = (done, passes)
    rules = [
        (date(2024, 2, 29), "yearly"),
        (date(2024, 12, 31), "yearly"),
        (date(2025, 6, 15), "none"),
        (date(2026, 1, 1), "yearly"),
    ]
    rows = [assign(c, org["DINKES-A"], due, rec) for c in courses for due, rec in rules]
    facts = {r.id: (r.course_id, r.due_date, r.recurrence) for r in rows}
    people_ids = [p.id for p in people]
    zone = app.config["TIMEZONE"]
    days = [date(2024, 2, 28), date(2025, 3, 1), date(2025, 12, 31), date(2026, 1, 2),
            date(2026, 2, 28), date(2027, 3, 1), date(2027, 12, 25)]  # fmt: skip
    seen = set()
    for today in days:
        cycles = cycles_for([(aid, f[1], f[2]) for aid, f in facts.items()], today)
        completion = aliased(CourseCompletion)
        state = StateSQL(cycles, completion).state()
        got = dict(
            ((uid, aid), value)
            for uid, aid, value in db.session.execute(
                population(
                    select(User.id, Assignment.id, state).select_from(Assignment), completion
                )
            )
        )
        assert len(got) == len(people_ids) * len(facts)
        tally: dict[int, dict[str, int]] = {}
        for (uid, aid), value in got.items():
            course_id, due, recurrence = facts[aid]
            done, passes = events.get((uid, course_id), (None, []))
            expected = learner_state(
                due,
                recurrence,
                today,
                local_day(done, zone) if done else None,
                [local_day(p, zone) for p in passes if p >= done],
            )
            assert value == expected, (uid, aid, today)
            seen.add(value)
            tally.setdefault(aid, {}).setdefault(value, 0)
            tally[aid][value] += 1
        assert state_counts(cycles, Scope(None)) == tally
    assert seen == {"done", "late", "overdue", "due_soon", "pending"}


def test_both_ways_of_counting_agree(app, org, monkeypatch):
    """Counting from completions (a government) or from employees (a unit) gives the same."""
    from elearn.assignments import queries

    rng = random.Random(7)  # noqa: S311  (reproducible test data, not secrets)
    courses = [live_course(f"k{i}", f"Kursus {i}") for i in range(2)]
    people = employees(org["PKM-A1"], 15, "a") + employees(org["KEL-A1"], 10, "k")
    for person in people:
        for course in courses:
            if rng.random() < 0.6:
                day = date(2024, 6, 1) + timedelta(days=rng.randrange(0, 700))
                complete(person, course, at(day.year, day.month, day.day))
                if rng.random() < 0.5:
                    later = day + timedelta(days=rng.randrange(0, 400))
                    retake(person, course, at(later.year, later.month, later.day))
    for course in courses:
        assign(course, org["KOTA-A"], date(2024, 12, 31), "yearly")
        assign(course, org["DINKES-A"], date(2025, 6, 30), "none")
        assign(course, org["KEC-A"], date(2026, 4, 5), "yearly")
    ids = list(db.session.scalars(select(Assignment.id)))
    rows = db.session.execute(
        select(Assignment.id, Assignment.due_date, Assignment.recurrence)
    ).all()
    real_plan = queries.plan
    for today in (date(2025, 1, 1), date(2025, 7, 1), date(2026, 4, 1), date(2027, 1, 5)):
        cycles = cycles_for(rows, today)
        results = []
        for forced in (True, False):
            monkeypatch.setattr(
                queries,
                "plan",
                lambda ids, scope, forced=forced: queries.Plan(
                    real_plan(ids, scope).totals, forced
                ),
            )
            for scope in (Scope(None), Scope((org["DINKES-A"],)), Scope((org["KEL-A1"],))):
                results.append(
                    (
                        forced,
                        scope.roots,
                        queries.state_counts(cycles, scope),
                        overdue_total(scope, today),
                    )  # fmt: skip
                )
        by_scope = {}
        for _forced, roots, counts, overdue in results:
            by_scope.setdefault(roots, []).append((counts, overdue))
        for roots, (a, b) in by_scope.items():
            assert a == b, (today, roots)
        everything = by_scope[None][0][0]
        sizes = {org["KOTA-A"]: 25, org["DINKES-A"]: 15, org["KEC-A"]: 10}
        units = dict(db.session.execute(select(Assignment.id, Assignment.unit_id)).all())
        assert {aid: sum(c.values()) for aid, c in everything.items()} == {
            aid: sizes[units[aid]] for aid in ids
        }
        assert by_scope[None][0][1] == sum(c.get("overdue", 0) for c in everything.values())
