"""The platform's Prometheus metrics, counted where the events happen (the services), and
their exposition for /metrics.

With several gunicorn workers each process counts on its own; set PROMETHEUS_MULTIPROC_DIR
(an empty directory, wiped at every start of the app; see deploy/OBSERVABILITY.md) and
prometheus_client's multiprocess mode writes every process's values there, so /metrics
adds them up whichever worker answers. Without it the default registry serves this
process only, which is right for one process (development, tests).
"""

from __future__ import annotations

import os
from collections.abc import Callable

# prometheus_client reads PROMETHEUS_MULTIPROC_DIR when first imported: it must be in the
# environment before the app starts (gunicorn's, and the CLI's).
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from sqlalchemy import event
from sqlalchemy.orm import Session

MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if MULTIPROC_DIR:
    # Each metric below opens its file there. A one-shot command (`elearn reminders send`)
    # may run while the app, which empties the directory at its start, is stopped.
    os.makedirs(MULTIPROC_DIR, exist_ok=True)

# A "_created" timestamp series beside every counter doubles what Prometheus stores, and
# counter resets are detected without it.
disable_created_metrics()

REQUEST_SECONDS = Histogram(
    "elearn_http_request_duration_seconds",
    "Time to answer a request, by route (the URL rule), method and status class.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
QUIZ_SUBMISSIONS = Counter(
    "elearn_quiz_submissions",
    "Quiz attempts recorded as submitted (by the learner or when their time ran out).",
    ["kind"],
)
CERTIFICATES_ISSUED = Counter("elearn_certificates_issued", "Certificates issued.")
LOGIN_FAILURES = Counter(
    "elearn_login_failures",
    "Refused logins (wrong name or password) and refused activation codes.",
    ["form"],
)
EMAILS = Counter("elearn_emails", "E-mails handed to the SMTP server, or failed.", ["result"])

# Every known series from the start, at 0: a rate over a series that appears only with its
# first event misses that event, and a dashboard shows 0 rather than "no data".
for _kind in ("quiz", "exam", "pretest"):
    QUIZ_SUBMISSIONS.labels(kind=_kind)
for _form in ("password", "activation"):
    LOGIN_FAILURES.labels(form=_form)
for _result in ("sent", "failed"):
    EMAILS.labels(result=_result)

ON_COMMIT = "elearn_metrics_on_commit"  # the session.info key of the pending counts


def on_commit(session: Session, count: Callable[[], object]) -> None:
    """Count once the session's transaction commits; forget it if it rolls back (a double
    submission, a certificate number taken by another worker)."""
    session.info.setdefault(ON_COMMIT, []).append(count)


@event.listens_for(Session, "after_commit")
def _count_committed(session: Session) -> None:
    for count in session.info.pop(ON_COMMIT, ()):
        count()


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(ON_COMMIT, None)


def quiz_submitted(session: Session, kind: str) -> None:
    on_commit(session, QUIZ_SUBMISSIONS.labels(kind=kind).inc)


def certificate_issued(session: Session) -> None:
    on_commit(session, CERTIFICATES_ISSUED.inc)


def login_failed(form: str) -> None:
    """A refusal writes nothing, so it counts at once."""
    LOGIN_FAILURES.labels(form=form).inc()


def emails(sent: int, failed: int) -> None:
    if sent:
        EMAILS.labels(result="sent").inc(sent)
    if failed:
        EMAILS.labels(result="failed").inc(failed)


def exposition() -> tuple[bytes, str]:
    """The text format Prometheus scrapes, and its content type: every process's values in
    multiprocess mode, this process's otherwise."""
    if MULTIPROC_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=MULTIPROC_DIR)
    else:
        registry = REGISTRY
    return generate_latest(registry), CONTENT_TYPE_LATEST
