"""Fixtures of the integration tests: the hand-computed organisations the report pages are
checked against."""

from __future__ import annotations

import pytest

from tests.helpers import analysis, reports


@pytest.fixture
def world(org) -> dict:
    """The report tests' organisation (tests.helpers.reports.build_world): ids by name."""
    return reports.build_world(org)


@pytest.fixture
def analysis_world(org) -> analysis.World:
    """The analysis tests' organisation (tests.helpers.analysis.build_world)."""
    return analysis.build_world(org)


@pytest.fixture
def dinkes(app, make_user, org, analysis_world):
    """A client of the HR officer of Dinas Kesehatan Kota Anggrek, in the analysis world."""
    return analysis.viewer(app, make_user, "hr-dinkes", scope_unit_id=org["DINKES-A"])
