"""Login throttling (issue 12, finding 5): failures count per account and per address,
successes never; X-Forwarded-For counts only behind a configured proxy."""

from __future__ import annotations

import re

import pytest

from elearn.config import DEFAULTS
from tests.helpers import TEST_PASSWORD, client_at, login
from tests.helpers.servers import free_port

OFFICE = "10.0.0.1"
LOCKED = "Terlalu banyak percobaan yang gagal"


def fail(client, username="peserta"):
    response = login(client, username, "salah-sekali")
    assert response.status_code == 422, username
    return response


@pytest.fixture
def deployed(make_app):
    """The app with its throttles as shipped, whatever the suite's configuration says."""
    shipped = {k: v for k, v in DEFAULTS.items() if "RATE_LIMIT" in k or "FAILURES" in k}
    return make_app(**shipped)


def test_fifty_successful_logins_from_one_address_are_never_limited(deployed, make_user):
    app = deployed
    names = [f"pegawai{i}" for i in range(5)]
    for name in names:
        make_user(name)
    for attempt in range(50):
        office = client_at(app, OFFICE)
        assert login(office, names[attempt % 5]).status_code == 302, attempt


def test_failures_lock_that_account_only(deployed, make_user):
    app = deployed
    make_user("peserta")
    make_user("rekan", full_name="Rekan Kerja")
    office = client_at(app, OFFICE)
    for _ in range(10):
        fail(office)
    response = login(office, "peserta", TEST_PASSWORD)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert LOCKED in page
    # The page gives the wait in whole minutes, never less than the header and never more
    # than the 15 of the window (the header is rounded down, the page up).
    wait = int(response.headers["Retry-After"])
    minutes = int(re.search(r"coba lagi dalam (\d+) menit", page).group(1))
    assert 0 < wait <= 15 * 60
    assert wait <= minutes * 60 and 1 <= minutes <= 15, (wait, minutes)
    assert 'value="peserta"' in page  # what was typed stays, the password does not
    assert TEST_PASSWORD not in page
    # The lock is on the account, wherever the next try comes from...
    assert login(client_at(app, "10.9.9.9"), "peserta").status_code == 429
    # ...and nobody else at the office is affected.
    assert login(client_at(app, OFFICE), "rekan").status_code == 302


def test_a_success_clears_its_account_failures(deployed, make_user):
    app = deployed
    make_user("peserta")
    for _ in range(2):
        office = client_at(app, OFFICE)
        for _ in range(9):
            fail(office)
        assert login(office).status_code == 302


def test_failures_on_many_accounts_reach_the_address_ceiling(make_app, make_user):
    make_user("peserta")
    app = make_app(LOGIN_FAILURES_PER_ADDRESS="12 per 15 minutes")
    guesser = client_at(app, OFFICE)
    for i in range(12):
        fail(guesser, f"akun{i}")
    response = login(guesser, "peserta")
    assert response.status_code == 429
    assert LOCKED in response.get_data(as_text=True)
    assert login(client_at(app, "10.9.9.9"), "peserta").status_code == 302


def test_forwarded_for_is_ignored_without_a_trusted_proxy(make_app, make_user):
    make_user("peserta")
    app = make_app(LOGIN_FAILURES_PER_ADDRESS="3 per 15 minutes")
    assert app.config["PROXY_FIX_X_FOR"] == 0
    for i in range(3):
        fail(client_at(app, OFFICE, forwarded_for=f"203.0.113.{i}"), f"akun{i}")
    spoofed = client_at(app, OFFICE, forwarded_for="203.0.113.99")
    assert login(spoofed, "peserta").status_code == 429


def test_forwarded_for_is_used_behind_one_trusted_proxy(make_app, make_user):
    make_user("peserta")
    app = make_app(LOGIN_FAILURES_PER_ADDRESS="3 per 15 minutes", PROXY_FIX_X_FOR=1)
    proxy = "10.0.0.254"
    for i in range(3):
        fail(client_at(app, proxy, forwarded_for="203.0.113.7"), f"akun{i}")
    # A client cannot escape by prepending an address: the proxy appends the one it saw.
    prepended = client_at(app, proxy, forwarded_for="198.51.100.1, 203.0.113.7")
    assert login(prepended, "peserta").status_code == 429
    colleague = client_at(app, proxy, forwarded_for="203.0.113.8")
    assert login(colleague, "peserta").status_code == 302


def test_the_counters_live_in_the_shared_store(make_app, make_user, redis_url):
    import redis

    make_user("peserta")
    app = make_app(RATELIMIT_STORAGE_URI=redis_url)
    office = client_at(app, OFFICE)
    for _ in range(9):
        fail(office)
    assert login(office).status_code == 302  # and clears the account's failures in Redis
    for _ in range(10):
        fail(client_at(app, OFFICE))
    # A fresh app, as another worker would be, finds the lock in Redis.
    other_worker = make_app(RATELIMIT_STORAGE_URI=redis_url)
    assert login(client_at(other_worker, "10.9.9.9")).status_code == 429
    with redis.Redis.from_url(redis_url) as store:
        keys = [key.decode() for key in store.keys("*")]
    assert any("account:" in key for key in keys)
    assert not any("peserta" in key for key in keys)  # account names are stored hashed


def test_an_unreachable_store_falls_back_to_counting_per_worker(make_app, make_user, caplog):
    make_user("peserta")
    app = make_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")
    office = client_at(app, OFFICE)
    for _ in range(10):
        fail(office)  # never a 500
    assert login(office).status_code == 429
    assert "falling back to in-memory storage" in caplog.text
