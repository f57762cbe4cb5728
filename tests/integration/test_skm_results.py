"""SKM results from respondents' rows and imported summaries, per unit, service and period,
scoped like every report, in a fixed number of statements (elearn/skm/results.py)."""

from __future__ import annotations

import pytest

from elearn.reporting.scope import Scope
from elearn.skm import results
from tests.helpers import count_queries
from tests.helpers import skm as rows

GOOD = (4, 4, 3, 4, 4, 4, 4, 3, 4)
POOR = (2, 2, 1, 3, 2, 2, 1, 2, 3)


def test_respondents_and_summaries_make_one_result(app, org):
    kel = org["KEL-A1"]
    ktp = rows.service(kel, population=100)
    rows.responses(kel, "2026-S1", GOOD, count=30, service_id=ktp.id)
    rows.responses(kel, "2026-S1", POOR, count=10, service_id=ktp.id)
    rows.summary(kel, "2026-S1", (3.0,) * 9, respondents=20)  # a summary without service
    found = results.results(Scope(None))
    result = found[(kel, "2026-S1")]
    assert result.respondents == 60
    expected_u1 = (4 * 30 + 2 * 10 + 3.0 * 20) / 60
    assert result.average(1) == pytest.approx(expected_u1)
    assert result.required == 80 and result.too_few  # 100 people served: 80 needed
    by_service = results.service_results(Scope(None))
    assert by_service[(kel, "2026-S1", ktp.id)].respondents == 40
    assert by_service[(kel, "2026-S1", None)].respondents == 20
    assert by_service[(kel, "2026-S1", ktp.id)].required == 80


def test_scope_and_periods(app, org):
    rows.responses(org["KEL-A1"], "2025-S2", POOR, count=5)
    rows.responses(org["KEL-A1"], "2026-S1", GOOD, count=5)
    rows.responses(org["PKM-B1"], "2026-S1", GOOD, count=5)
    mine = results.results(Scope((org["KOTA-A"],)))
    assert set(mine) == {(org["KEL-A1"], "2025-S2"), (org["KEL-A1"], "2026-S1")}
    assert set(results.results(Scope((org["KOTA-A"],)), periods=["2026-S1"])) == {
        (org["KEL-A1"], "2026-S1")
    }
    assert results.periods_in(Scope((org["KOTA-B"],))) == ["2026-S1"]
    assert results.periods_in(Scope((org["KOTA-A"],))) == ["2025-S2", "2026-S1"]


def test_statements_do_not_grow_with_units_or_respondents(app, org):
    def run() -> int:
        with count_queries() as queries:
            results.results(Scope((org["KOTA-A"],)))
        return len(queries)

    rows.responses(org["KEL-A1"], "2026-S1", GOOD, count=2)
    few = run()
    for code in ("PKM-A1", "PKM-A2", "KEC-A"):
        rows.responses(org[code], "2026-S1", POOR, count=20)
        rows.summary(org[code], "2025-S2", (3.1,) * 9, respondents=40)
    assert run() == few == 3
