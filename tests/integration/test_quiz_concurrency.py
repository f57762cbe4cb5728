"""Simultaneous requests on a real threaded server: the same attempt submitted by eight
clients at once is recorded once; eight simultaneous starts never exceed the attempt limit."""

from __future__ import annotations

import http.client
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import CourseCompletion, QuizAttempt
from tests.helpers import CSRF_INPUT, TEST_PASSWORD, minimal_course, publish
from tests.helpers.quiz import answers, attempt_row, course_files

CLIENTS = 8
ALREADY_SENT = "Jawaban percobaan ini sudah terkirim sebelumnya"


class Browser:
    """A minimal HTTP client with its own cookies: one device of the learner."""

    def __init__(self, base: str):
        self.host = urlsplit(base).netloc
        self.cookies: dict[str, str] = {}
        self._token: str | None = None

    def request(self, method: str, path: str, data: dict | None = None):
        body = urlencode(data, doseq=True) if data is not None else None
        headers = {"Connection": "close"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection(self.host, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if value:
                    self.cookies[name] = value
                else:
                    self.cookies.pop(name, None)
            location = response.getheader("Location")
            return response.status, urlsplit(location).path if location else None, text
        finally:
            conn.close()

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, data: dict | None = None):
        return self.request("POST", path, {**(data or {}), "csrf_token": self.token()})

    def token(self, page="/my") -> str:
        """The CSRF token of this client's session, read once from a page with a form."""
        if self._token is None:
            self._token = CSRF_INPUT.search(self.get(page)[2]).group(1)
        return self._token

    def login(self, username="peserta"):
        self.token("/login")
        status, location, _ = self.post("/login", {"username": username, "password": TEST_PASSWORD})
        assert status == 302 and location == "/my", status
        self._token = None  # a new session after login: read a fresh token
        self.token()


def at_once(browsers, call):
    """Run call(browser) for every browser, released together by a barrier."""
    barrier = threading.Barrier(len(browsers))

    def run(browser):
        barrier.wait(timeout=10)
        return call(browser)

    with ThreadPoolExecutor(max_workers=len(browsers)) as pool:
        return list(pool.map(run, browsers))


@pytest.fixture
def devices(live_server, make_user):
    """Eight clients, each logged in separately as the same learner."""
    make_user()
    browsers = [Browser(live_server) for _ in range(CLIENTS)]
    for browser in browsers:
        browser.login()
    return browsers


def attempt_count() -> int:
    db.session.expire_all()
    count = db.session.scalar(select(func.count(QuizAttempt.id)))
    db.session.commit()  # hold no snapshot or lock while the server works
    return count


def attempt_id_of(location: str) -> int:
    return int(re.fullmatch(r"/attempts/(\d+)", location).group(1))


# Eight spellings of accepted short answers: the one stored tells whose submission counted.
SPELLINGS = [
    "Pontianak",
    "pontianak",
    "PONTIANAK",
    "PontiaNak",
    "Kota Khatulistiwa",
    "kota khatulistiwa",
    "KOTA KHATULISTIWA",
    "Kota  Khatulistiwa",
]


def test_simultaneous_submits_of_one_attempt_record_one_submission(devices, make_course):
    publish(make_course, "kursus-kuis", course_files(exam=False))
    first = devices[0]
    assert first.post("/courses/kursus-kuis/pengantar/read")[0] == 302
    status, location, _ = first.post("/courses/kursus-kuis/quiz/kuis/start")
    assert status == 302, status
    attempt_id = attempt_id_of(location)
    right = answers(attempt_row(attempt_id), True)
    db.session.commit()  # hold no snapshot or lock while the server works
    sent = {id(b): {**right, "q-ibukota": s} for b, s in zip(devices, SPELLINGS, strict=True)}
    results = at_once(
        devices,
        lambda b: b.post(f"/attempts/{attempt_id}", {**sent[id(b)], "action": "submit"}),
    )
    assert [(status, location) for status, location, _ in results] == [
        (302, f"/attempts/{attempt_id}")
    ] * CLIENTS
    # the others are told their answers came after the first; the first sees no such note
    pages = [b.get(f"/attempts/{attempt_id}")[2] for b in devices]
    told = [ALREADY_SENT in page for page in pages]
    assert told.count(False) == 1, told
    winner = devices[told.index(False)]
    stored = attempt_row(attempt_id)
    assert stored.submitted_at is not None
    assert stored.responses["ibukota"] == sent[id(winner)]["q-ibukota"]
    assert (stored.score, stored.passed) == (100, True)
    assert all("Nilai 100" in page for page in pages)
    assert attempt_count() == 1
    # passing completed the course, once
    assert db.session.scalar(select(func.count(CourseCompletion.id))) == 1
    db.session.commit()


def test_simultaneous_starts_never_exceed_the_attempt_limit(devices, make_course):
    publish(make_course, "kursus-uji", minimal_course())  # quiz "lanjutan": attempts: 2
    start = "/courses/kursus-uji/quiz/lanjutan/start"
    for number in (1, 2):
        results = at_once(devices, lambda b: b.post(start))
        assert {status for status, _, _ in results} == {302}, results
        locations = {location for _, location, _ in results}
        assert len(locations) == 1  # every device continues the one attempt just started
        assert attempt_count() == number
        location = locations.pop()
        # every device shows the same questions and choices in the same order
        shown = {
            tuple(re.findall(r'name="q-[^"]+" value="[^"]+"', b.get(location)[2])) for b in devices
        }
        assert len(shown) == 1 and len(shown.pop()) == 2
        attempt = attempt_row(attempt_id_of(location))
        assert attempt.number == number
        wrong = answers(attempt, False)
        db.session.commit()
        status, _, _ = devices[0].post(location, {**wrong, "action": "submit"})
        assert status == 302
    results = at_once(devices, lambda b: b.post(start))
    assert [status for status, _, _ in results] == [409] * CLIENTS
    assert all("Batas 2 kali percobaan sudah habis" in page for _, _, page in results)
    assert attempt_count() == 2
