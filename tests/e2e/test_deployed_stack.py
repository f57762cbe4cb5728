"""The production stack of deploy/ as deployed (issue 15, item 3): PostgreSQL (a fresh
database on the running cluster), Redis, gunicorn with 3 workers and deploy/gunicorn.conf.py,
and Debian's nginx with deploy/nginx/elearn.conf, all on loopback. A learner's journey in
Chromium goes through nginx; nginx serves the static files itself, compressed and cached by
their content hash; the login throttle counts the client's address, not nginx's; and a short
wrk run on the module page gets no error."""

from __future__ import annotations

import gzip
import http.client
import re
import sys
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from bench import http as bench_http
from bench.load import drive
from elearn.static_urls import content_version
from tests.helpers import CSRF_INPUT, stack
from tests.helpers.browser import answer_current_attempt, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.stack]

YEAR = "public, max-age=31536000, immutable"
THROTTLE = 3  # failed logins per client address in the window, for this stack only
READ_COURSE = ("literasi-digital", "berkas-dan-folder-bersama", None, True)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    missing = stack.missing_tools()
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (apt-get install {' '.join(missing)})")
    if not stack.postgres_answers(stack.postgres_server_url()):
        pytest.skip("no PostgreSQL at " + stack.postgres_server_url())
    settings = {"ELEARN_LOGIN_FAILURES_PER_ADDRESS": f"{THROTTLE} per 15 minutes"}
    work = tmp_path_factory.mktemp("stack")
    with stack.deployed(work, bench_http.PASSWORD, workers=3, settings=settings) as running:
        yield running


def fetch(url: str, path: str, source: str = "127.0.0.1", headers=None, body=None, method="GET"):
    """One request from the loopback address `source`; (status, headers, body)."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection(
        address.hostname, address.port, timeout=60, source_address=(source, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_a_learner_reads_a_module_and_takes_a_quiz_through_nginx(deployed, browser):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(20_000)
    seen = []
    page.on("response", lambda response: seen.append(response))

    log_in(page, deployed.url, "peserta", bench_http.PASSWORD)
    page.goto(f"{deployed.url}/courses/manajemen-waktu")
    page.locator("section.pretest-offer").get_by_role("button", name="Lewati Prates").click()
    expect(page.locator("h1")).to_contain_text("Eisenhower")
    page.get_by_role("button", name="Tandai selesai dibaca").click()
    expect(page.get_by_role("status").first).to_contain_text("ditandai selesai dibaca")
    page.get_by_role("link", name="Kerjakan kuis").click()
    page.get_by_role("button", name="Mulai").click()
    with deployed.database():
        answer_current_attempt(page, right=True)
    expect(page.locator(".score")).to_contain_text("Lulus")

    static = [r for r in seen if "/static/" in r.url]
    assert static and all(re.search(r"\?v=[0-9a-f]{12}$", r.url) for r in static)
    for response in static:
        headers = response.all_headers()
        assert headers["cache-control"] == YEAR, response.url
    css = next(r for r in static if "/static/elearn.css" in r.url)
    assert css.all_headers().get("content-encoding") == "gzip"
    media = [r for r in seen if "/media/" in r.url]
    assert media and media[0].status == 200
    assert media[0].all_headers()["cache-control"] == "private, " + YEAR.split(", ", 1)[1]
    context.close()
    # The static files never reached gunicorn; the pages did.
    served = deployed.access_log.read_text()
    assert "/static/" not in served
    assert "/courses/manajemen-waktu/prioritas-matriks-eisenhower" in served


def test_nginx_serves_static_files_compressed_and_cached_by_their_hash(deployed):
    status, headers, body = fetch(deployed.url, "/login", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    page = gzip.decompress(body)
    link = re.search(rb'href="(/static/elearn\.css\?v=([0-9a-f]+))"', page)
    assert link, "the stylesheet's URL carries no content hash"
    assert link.group(2).decode() == content_version(stack.STATIC / "elearn.css")
    status, headers, _ = fetch(deployed.url, link.group(1).decode())
    assert (status, headers["Cache-Control"]) == (200, YEAR)
    assert headers["Server"].startswith("nginx")
    # Without the hash the file may change with the next release: an hour only.
    _, headers, _ = fetch(deployed.url, "/static/elearn.css")
    assert headers["Cache-Control"] == "public, max-age=3600"


def test_nginx_refuses_a_body_no_route_would_take(deployed):
    too_big = {"Content-Length": str(22 * 1024 * 1024), "Content-Type": "application/zip"}
    address = urlsplit(deployed.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    connection.putrequest("POST", "/login")
    for name, value in too_big.items():
        connection.putheader(name, value)
    connection.endheaders()  # nginx answers on the headers alone
    response = connection.getresponse()
    assert response.status == 413 and b"nginx" in response.read()
    connection.close()


def failed_login(url: str, source: str, username: str, forwarded_for: str | None = None) -> int:
    status, headers, body = fetch(url, "/login", source=source)
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    token = CSRF_INPUT.search(body.decode()).group(1)
    form = f"csrf_token={token}&username={username}&password=salah-sekali"
    sent = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    if forwarded_for:
        sent["X-Forwarded-For"] = forwarded_for
    return fetch(url, "/login", source, sent, form.encode(), "POST")[0]


def test_the_login_throttle_counts_the_clients_address_through_nginx(deployed):
    one, other = "127.0.0.7", "127.0.0.8"
    statuses = [failed_login(deployed.url, one, f"akun-{i}") for i in range(THROTTLE + 1)]
    assert statuses == [422] * THROTTLE + [429]
    # A forged X-Forwarded-For does not help: the app reads the address nginx appended.
    assert failed_login(deployed.url, one, "akun-lain", forwarded_for="10.9.9.9") == 429
    # Another client (nginx's own address is the same for both) still has its budget.
    assert failed_login(deployed.url, other, "akun-x") == 422


def test_a_short_load_on_the_module_page_gets_no_error(deployed):
    cookie = bench_http.learner_session(deployed.url, READ_COURSE)
    slug, module, _quiz, _pretest = READ_COURSE
    load = drive(f"{deployed.url}/courses/{slug}/{module}", cookie, 5, 8, 2)
    assert load.driver == "wrk"
    assert load.errors == 0 and load.requests > 50
    statuses = {line.split()[1] for line in deployed.access_log.read_text().splitlines()}
    assert not {s for s in statuses if s.startswith("5")}


def test_gunicorn_warns_when_its_workers_run_on_python_3_11(deployed):
    """deploy/gunicorn.conf.py pins around the 3.11 collector crash by saying so at start."""
    log = (deployed.work / "gunicorn.log").read_text()
    assert ("Python 3.11 workers can crash" in log) == (sys.version_info[:2] == (3, 11))
