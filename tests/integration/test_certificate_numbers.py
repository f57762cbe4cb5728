"""Certificate numbers: one gapless sequence per year, even when learners complete at once."""

from __future__ import annotations

import re
import threading
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from sqlalchemy import func, select

from elearn.certificates.services import next_sequence
from elearn.extensions import db
from elearn.models import Certificate, CertificateCounter, CourseCompletion
from tests.helpers import CSRF_INPUT, TEST_PASSWORD
from tests.helpers.certificates import SLUG, completions_without_one_certificate, publish

LEARNERS = 14
DOUBLE_CLICKERS = 4  # of those, how many send their "read" twice at the same moment


class Browser:
    """A learner's cookies and CSRF token over plain urllib."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # a 4xx or 5xx: report it, do not raise
            return error.code, error.read().decode()

    def token(self, path: str) -> str:
        status, page = self.get(path)
        assert status == 200, (path, status)
        match = CSRF_INPUT.search(page)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, username: str) -> None:
        token = self.token("/login")
        status, page = self.post(
            "/login", {"username": username, "password": TEST_PASSWORD, "csrf_token": token}
        )
        assert status == 200 and "Belajar Saya" in page, (username, status)


def run_threads(target, arguments) -> None:
    """Run target(*args) for every args in a thread of its own; wait for them all."""
    threads = [threading.Thread(target=target, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def test_concurrent_completions_get_consecutive_numbers(app, live_server, make_user, make_course):
    publish(make_course)
    users = [make_user(f"peserta{n:02d}", full_name=f"Peserta {n}") for n in range(LEARNERS)]
    names = [u.username for u in users]
    user_ids = sorted(u.id for u in users)
    db.session.close()  # hold no connection or snapshot while the server works

    browsers = [Browser(live_server) for _ in users]
    tokens: list[str] = [""] * LEARNERS
    failures: list[BaseException] = []

    def prepare(index: int) -> None:
        try:
            browsers[index].login(names[index])
            tokens[index] = browsers[index].token(f"/courses/{SLUG}/a")
        except BaseException as exc:  # noqa: BLE001  (reported after join)
            failures.append(exc)

    run_threads(prepare, [(i,) for i in range(LEARNERS)])
    assert not failures, failures

    jobs = [(i, browsers[i], tokens[i]) for i in range(LEARNERS)]
    jobs += [(i, browsers[i], tokens[i]) for i in range(DOUBLE_CLICKERS)]
    start = threading.Barrier(len(jobs), timeout=60)
    results: list[tuple[int, int, str]] = []

    def finish(index: int, browser: Browser, token: str) -> None:
        try:
            start.wait()
            status, page = browser.post(f"/courses/{SLUG}/a/read", {"csrf_token": token})
            results.append((index, status, page))
        except BaseException as exc:  # noqa: BLE001
            failures.append(exc)

    run_threads(finish, jobs)
    assert not failures, failures
    assert len(results) == len(jobs)
    assert all(status == 200 for _, status, _ in results), [(i, s) for i, s, _ in results]

    db.session.expire_all()
    rows = db.session.execute(
        select(Certificate.user_id, Certificate.year, Certificate.sequence, Certificate.number)
    ).all()
    assert sorted(user_id for user_id, *_ in rows) == user_ids  # one each
    (year,) = {row.year for row in rows}
    sequences = sorted(row.sequence for row in rows)
    assert sequences == list(range(1, LEARNERS + 1))  # no duplicates, no gaps
    assert sorted(row.number for row in rows) == [
        f"ELN/{year}/{n:06d}" for n in range(1, LEARNERS + 1)
    ]
    assert all(re.fullmatch(rf"ELN/{year}/\d{{6}}", row.number) for row in rows)
    assert db.session.get(CertificateCounter, year).last == LEARNERS
    assert db.session.scalar(select(func.count(CourseCompletion.id))) == LEARNERS
    assert completions_without_one_certificate() == []


def test_rolled_back_sequence_is_given_back(app):
    year = 2091
    assert next_sequence(year) == 1
    assert next_sequence(year) == 2
    db.session.rollback()  # e.g. the completing transaction failed
    assert db.session.get(CertificateCounter, year) is None

    assert next_sequence(year) == 1
    db.session.commit()
    assert next_sequence(year) == 2
    assert next_sequence(year) == 3
    db.session.rollback()
    assert next_sequence(year) == 2  # 2 and 3 were given back
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(CertificateCounter, year).last == 2

    # Each year has its own sequence.
    assert next_sequence(year + 1) == 1
    assert next_sequence(year) == 3
    db.session.commit()
