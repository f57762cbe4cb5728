"""Issue 15, item 6: /metrics for Prometheus, counted at the services, readable with a token or
from an allowed network and a plain 404 for anyone else."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest

from elearn.assignments.mail import MailSettings, Outgoing, deliver
from elearn.certificates.services import issue
from elearn.extensions import db
from elearn.models import Course
from tests.helpers import client_at, csrf_token, login
from tests.helpers.observability import sample
from tests.helpers.quiz import (
    SLUG,
    complete_course,
    publish_course,
    send,
    set_deadline,
    start_id,
    take,
)
from tests.helpers.rows import insert_completion

OUTSIDE = "203.0.113.9"  # a documentation address: any client of the site
LOGIN_FAILURES = "elearn_login_failures_total"


# A CSRF token carries the second it was signed in, so two pages a moment apart differ there
# and nowhere else; the test compares everything around it.
SIGNED_TOKEN = re.compile(rb'name="csrf_token" value="[^"]*"')


def bodies_alike(one, other) -> bool:
    """Whether two answers look the same to a client (status, type and page)."""

    def page(response):
        return SIGNED_TOKEN.sub(b"csrf_token", response.get_data())

    return (one.status_code, one.mimetype, page(one)) == (
        other.status_code,
        other.mimetype,
        page(other),
    )


# --- who may read it ------------------------------------------------------------------


def test_loopback_reads_the_metrics_by_default(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    for name in (
        "# TYPE elearn_http_request_duration_seconds histogram",
        "elearn_quiz_submissions_total",
        "elearn_certificates_issued_total",
        LOGIN_FAILURES,
        "elearn_emails_total",
    ):
        assert name in body


@pytest.mark.parametrize("role", [None, "learner", "hr", "admin"])
def test_anyone_else_gets_the_plain_404_of_a_missing_page(app, make_user, role):
    client = client_at(app, OUTSIDE)
    if role:
        make_user("orang", (role,))
        assert login(client, "orang").status_code == 302
    for method in ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"):
        hidden = client.open("/metrics", method=method)
        missing = client.open("/tidak-ada", method=method)
        assert hidden.status_code == 404, method
        assert bodies_alike(hidden, missing), method
        assert "Allow" not in hidden.headers


def test_the_bearer_token_opens_it_from_anywhere(make_app):
    app = make_app(METRICS_TOKEN="token-prometheus-yang-panjang")
    outside = client_at(app, OUTSIDE)
    right = {"Authorization": "Bearer token-prometheus-yang-panjang"}
    assert outside.get("/metrics", headers=right).status_code == 200
    for wrong in ("Bearer token-lain", "Basic token-prometheus-yang-panjang", ""):
        assert outside.get("/metrics", headers={"Authorization": wrong}).status_code == 404
    assert outside.post("/metrics", headers=right).status_code == 404  # GET only


def test_a_numeric_token_from_the_environment_works(make_app, monkeypatch):
    monkeypatch.setenv("ELEARN_METRICS_TOKEN", "12345678901234567890")  # JSON: a number
    outside = client_at(make_app(), OUTSIDE)
    headers = {"Authorization": "Bearer 12345678901234567890"}
    assert outside.get("/metrics", headers=headers).status_code == 200


def test_the_allow_list_replaces_loopback(make_app):
    app = make_app(METRICS_ALLOW="10.20.0.0/16, 192.0.2.7")
    assert client_at(app, "10.20.3.4").get("/metrics").status_code == 200
    assert client_at(app, "192.0.2.7").get("/metrics").status_code == 200
    assert client_at(app, "10.21.0.1").get("/metrics").status_code == 404
    assert client_at(app, "127.0.0.1").get("/metrics").status_code == 404


def test_an_empty_allow_list_leaves_only_the_token(make_app):
    app = make_app(METRICS_ALLOW="", METRICS_TOKEN="t" * 32)
    assert client_at(app, "127.0.0.1").get("/metrics").status_code == 404
    headers = {"Authorization": "Bearer " + "t" * 32}
    assert client_at(app, "127.0.0.1").get("/metrics", headers=headers).status_code == 200


def test_a_wrong_allow_list_stops_the_app_at_start(make_app):
    with pytest.raises(ValueError, match="10.0.0.300"):
        make_app(METRICS_ALLOW="10.0.0.300")


def test_through_an_untrusted_proxy_loopback_is_not_the_client(make_app):
    """nginx on the same host makes every visitor 127.0.0.1 unless the app trusts it."""
    untrusted = make_app()
    assert client_at(untrusted, "127.0.0.1").get("/metrics").status_code == 200
    assert client_at(untrusted, "127.0.0.1", OUTSIDE).get("/metrics").status_code == 404
    trusted = make_app(PROXY_FIX_X_FOR=1, METRICS_ALLOW="10.0.0.0/8")
    assert client_at(trusted, "127.0.0.1", OUTSIDE).get("/metrics").status_code == 404
    assert client_at(trusted, "127.0.0.1", "10.1.1.1").get("/metrics").status_code == 200


# --- what it counts -------------------------------------------------------------------


def test_request_latency_is_observed_per_route_method_and_status_class(client):
    labels = {"route": "/verify/<code>", "method": "GET", "status": "4xx"}
    count = "elearn_http_request_duration_seconds_count"
    before = sample(count, **labels)
    assert client.get("/verify/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404
    assert sample(count, **labels) == before + 1


def test_a_failed_login_is_counted_and_a_good_one_is_not(client, make_user):
    make_user()
    before = sample(LOGIN_FAILURES, form="password")
    assert login(client, password="salah-sekali-123").status_code == 422
    assert login(client, username="tidak-ada").status_code == 422
    assert sample(LOGIN_FAILURES, form="password") == before + 2
    assert login(client).status_code == 302
    assert sample(LOGIN_FAILURES, form="password") == before + 2


def test_a_wrong_activation_code_is_counted(client, make_user):
    before = sample(LOGIN_FAILURES, form="activation")
    token = csrf_token(client, "/activate")
    data = {"username": "tidak-ada", "code": "ABCD-EFGH", "password": "x" * 12}
    data |= {"confirm": "x" * 12, "csrf_token": token}
    assert client.post("/activate", data=data).status_code == 422
    assert sample(LOGIN_FAILURES, form="activation") == before + 1


def test_a_quiz_submission_is_counted_once(app, learner, client, make_course):
    publish_course(make_course)
    before = sample("elearn_quiz_submissions_total", kind="quiz")
    attempt = take(client, right=False)
    assert sample("elearn_quiz_submissions_total", kind="quiz") == before + 1
    send(client, attempt.id, {})  # a second click: the first submission stands
    assert sample("elearn_quiz_submissions_total", kind="quiz") == before + 1


def test_a_submission_when_time_ran_out_is_counted(app, learner, client, make_course):
    publish_course(make_course)
    first = start_id(client)
    set_deadline(first, -timedelta(minutes=1))
    before = sample("elearn_quiz_submissions_total", kind="quiz")
    start_id(client)  # finds the old attempt past its time: recorded late, a new one starts
    assert sample("elearn_quiz_submissions_total", kind="quiz") == before + 1


def test_a_certificate_is_counted_when_its_transaction_commits(app, learner, client, make_course):
    publish_course(make_course)
    issued = "elearn_certificates_issued_total"
    before = sample(issued)
    complete_course(client)
    assert sample(issued) == before + 1
    assert sample("elearn_quiz_submissions_total", kind="exam") >= 1


def test_a_certificate_rolled_back_is_not_counted(app, make_user, make_course):
    publish_course(make_course)
    version = db.session.scalar(db.select(Course).where(Course.slug == SLUG)).live_version
    issued = "elearn_certificates_issued_total"
    before = sample(issued)
    issue(insert_completion(make_user().id, version, version.published_at), version)
    db.session.rollback()  # e.g. another worker recorded the completion first
    assert sample(issued) == before
    issue(insert_completion(make_user("lain").id, version, version.published_at), version)
    db.session.commit()
    assert sample(issued) == before + 1


def refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_emails_failed_are_counted_where_they_are_sent():
    settings = MailSettings("127.0.0.1", refused_port(), False, "", "", "a@b.id", 2)
    items = [Outgoing(n, f"p{n}@contoh.go.id", "P", "Subjek", "Isi") for n in (1, 2)]
    before = sample("elearn_emails_total", result="failed")
    assert deliver(settings, items).failed == 2
    assert sample("elearn_emails_total", result="failed") == before + 2


def test_emails_sent_are_counted(tmp_path):
    from aiosmtpd.controller import Controller

    class Accept:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    port = refused_port()
    controller = Controller(Accept(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = MailSettings("127.0.0.1", port, False, "", "", "a@b.id", 5)
        before = sample("elearn_emails_total", result="sent")
        assert deliver(settings, [Outgoing(1, "p@contoh.go.id", "P", "S", "I")]).sent == [1]
    finally:
        controller.stop()
    assert sample("elearn_emails_total", result="sent") == before + 1


# --- several worker processes -----------------------------------------------------------

WORKER = textwrap.dedent(
    """
    from elearn.observability import metrics
    metrics.login_failed("password")
    metrics.REQUEST_SECONDS.labels(route="/my", method="GET", status="2xx").observe(0.01)
    """
)
SCRAPE = "from elearn.observability import metrics; print(metrics.exposition()[0].decode())"


def test_in_multiprocess_mode_every_process_adds_up(tmp_path):
    """PROMETHEUS_MULTIPROC_DIR: what three processes counted, one exposition shows."""
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"), "PATH": "/usr/bin:/bin"}
    for _worker in range(3):
        subprocess.run([sys.executable, "-c", WORKER], env=env, check=True, timeout=60)
    scraped = subprocess.run(
        [sys.executable, "-c", SCRAPE], env=env, check=True, timeout=60, capture_output=True
    ).stdout.decode()
    assert 'elearn_login_failures_total{form="password"} 3.0' in scraped
    count = 'elearn_http_request_duration_seconds_count{method="GET",route="/my",status="2xx"}'
    assert f"{count} 3.0" in scraped
