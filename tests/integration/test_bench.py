"""The benchmark's data generator and the HR page benchmark, on a tiny government."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from bench.generate import GenerateError, Options, generate, plan_units
from bench.hr_reports import PAGES, UNIT_ONLY_PAGES, run_benchmark
from bench.skm_impact import run_benchmark as run_skm_benchmark
from elearn.auth.services import create_user
from elearn.domain.nip import validate_nip
from elearn.domain.org import closure_rows
from elearn.extensions import db
from elearn.models import (
    Certificate,
    CertificateCounter,
    CourseCompletion,
    Enrollment,
    OrgClosure,
    OrgUnit,
    User,
)


def test_unit_plan_is_deterministic_and_shaped_like_a_government():
    plan = plan_units(random.Random(1), 500)  # noqa: S311 (test data)
    assert plan == plan_units(random.Random(1), 500)  # noqa: S311
    assert len(plan) == 500
    assert len({u.code for u in plan}) == 500
    assert [u.depth for u in plan].count(0) == 1
    assert plan[0].name.startswith("Pemerintah Kota")
    assert [u.depth for u in plan].count(1) == 40
    assert max(u.depth for u in plan) == 4
    assert all(plan[u.parent].depth == u.depth - 1 for u in plan[1:])


def test_generator_fills_a_small_government_and_the_benchmark_runs(app):
    lines: list[str] = []
    summary = generate(Options(learners=60, units=12, courses=3, seed=7), echo=lines.append)
    counts = summary.counts

    assert counts["org_units"] == 12
    assert counts["courses"] == 3
    assert counts["users"] == 60 + 3
    parents = dict(db.session.execute(select(OrgUnit.id, OrgUnit.parent_id)).all())
    assert counts["org_closure"] == len(closure_rows(parents))
    assert db.session.scalar(select(func.max(OrgClosure.depth))) <= 4
    assert 0 < counts["course_completions"] <= counts["enrollments"]
    assert counts["certificates"] == counts["course_completions"]
    assert counts["certificate_competencies"] >= counts["certificates"]
    assert counts["module_progress"] > counts["enrollments"]
    # 20, and the service courses for the first perangkat daerah (no kecamatan in 12 units)
    assert counts["assignments"] == 22
    assert counts["skm_services"] >= 5 and counts["skm_responses"] >= 5 * 100
    assert counts["skm_responses"] + counts["skm_element_averages"] > counts["skm_services"]
    # Every completion belongs to an enrolment of the same learner and course.
    orphans = db.session.scalar(
        select(func.count())
        .select_from(CourseCompletion)
        .outerjoin(
            Enrollment,
            (Enrollment.user_id == CourseCompletion.user_id)
            & (Enrollment.course_id == CourseCompletion.course_id),
        )
        .where(Enrollment.id.is_(None))
    )
    assert orphans == 0
    # Certificate numbers continue from the counters, so the next real one cannot collide.
    last = dict(db.session.execute(select(CertificateCounter.year, CertificateCounter.last)).all())
    highest = dict(
        db.session.execute(
            select(Certificate.year, func.max(Certificate.sequence)).group_by(Certificate.year)
        ).all()
    )
    assert last == highest

    learners = db.session.scalars(select(User).where(User.scope_unit_id.is_(None))).all()
    assert len(learners) == 60
    assert all(validate_nip(u.username, u.employee_type).ok for u in learners)
    assert all(u.unit_id and u.position_id and u.rank for u in learners)

    root = db.session.scalar(select(OrgUnit).where(OrgUnit.parent_id.is_(None)))
    accounts = {
        u.username: u
        for u in db.session.scalars(select(User).where(User.scope_unit_id.is_not(None)))
    }
    assert set(accounts) == {"bkpsdm", "hr-unit", "kepala-unit"}
    assert accounts["bkpsdm"].has_role("hr") and accounts["bkpsdm"].scope_unit_id == root.id
    assert accounts["hr-unit"].has_role("hr")
    assert accounts["hr-unit"].scope_unit_id not in (None, root.id)
    assert accounts["kepala-unit"].has_role("supervisor")
    assert accounts["kepala-unit"].scope_unit_id == accounts["hr-unit"].scope_unit_id
    assert any("bkpsdm" in line or "learners" in line for line in lines)

    # Explicit ids were inserted: the next account must still get a fresh one.
    assert create_user("pengguna-baru", "Pengguna Baru", ["learner"], "kata-sandi-baru-1").id
    with pytest.raises(GenerateError):
        generate(Options(learners=1, units=3, courses=1), echo=lines.append)

    results = run_benchmark(app, repeat=1, echo=lines.append)
    expected = [("bkpsdm", p) for p in PAGES] + [("hr-unit", p) for p in PAGES + UNIT_ONLY_PAGES]
    assert [(r.account, r.path) for r in results] == expected
    assert all(r.status for r in results)
    assert all(r.verdict in ("PASS", "FAIL", "-") for r in results)

    impact = run_skm_benchmark(app, repeat=1, echo=lines.append)
    assert [r.account for r in impact] == ["bkpsdm"] * 3 + ["hr-unit"] * 2
    assert all(r.status == "200" and r.queries for r in impact), [r.row() for r in impact]
