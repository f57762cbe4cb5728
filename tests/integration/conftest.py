"""Fixtures of the integration tests: the hand-computed organisations the report pages are
checked against, and a Redis for the rate limiter."""

from __future__ import annotations

import pytest

from tests.helpers import analysis, reports, servers


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


@pytest.fixture(scope="session")
def redis_server_url(tmp_path_factory):
    """ELEARN_TEST_REDIS_URL, or a redis-server the session starts (Debian's redis-server)."""
    with servers.redis_server(tmp_path_factory.mktemp("redis")) as url:
        if url is None:
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        yield url


@pytest.fixture
def redis_url(redis_server_url) -> str:
    """A Redis for the rate limiter, emptied for this test."""
    import redis

    with redis.Redis.from_url(redis_server_url) as client:
        client.flushdb()
    return redis_server_url
