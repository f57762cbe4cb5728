"""deploy/ agrees with the app it deploys (issue 15, item 3): nginx takes the largest body a
route accepts and waits longer than gunicorn; gunicorn's workers come from the cores; the
environment example names only settings the app reads; the timer sends the reminders."""

from __future__ import annotations

import multiprocessing
import os
import re
import runpy
import subprocess
import sys

from elearn.authoring.files_views import FORM_OVERHEAD as ZIP_OVERHEAD
from elearn.config import DEFAULTS
from elearn.hr.views import UPLOAD_LIMIT
from elearn.tasks.views import FORM_OVERHEAD as TASK_OVERHEAD
from tests.helpers.stack import DEPLOY, ROOT

SITE = (DEPLOY / "nginx" / "elearn.conf").read_text()
MB = 1024 * 1024


def gunicorn_settings(monkeypatch, **env) -> dict:
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_workers_come_from_the_cores_and_preload_is_off(monkeypatch):
    settings = gunicorn_settings(monkeypatch)
    assert settings["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert settings["preload_app"] is False and settings["worker_class"] == "sync"
    assert gunicorn_settings(monkeypatch, GUNICORN_WORKERS="3")["workers"] == 3


def test_nginx_waits_longer_than_gunicorn_and_takes_the_largest_body_a_route_takes(
    monkeypatch,
):
    timeout = gunicorn_settings(monkeypatch)["timeout"]
    assert int(re.search(r"proxy_read_timeout (\d+)s;", SITE).group(1)) > timeout
    limit = int(re.search(r"client_max_body_size (\d+)m;", SITE).group(1)) * MB
    largest = max(
        DEFAULTS["AUTHOR_ZIP_MAX_BYTES"] + ZIP_OVERHEAD,
        UPLOAD_LIMIT,
        DEFAULTS["TASK_MAX_FILES"] * DEFAULTS["TASK_FILE_MAX_BYTES"] + TASK_OVERHEAD,
        DEFAULTS["MAX_CONTENT_LENGTH"],
    )
    assert largest <= limit < largest + MB


def test_the_environment_example_names_only_settings_the_app_reads():
    lines = (DEPLOY / "elearn.env.example").read_text().splitlines()
    names = {m.group(1) for line in lines if (m := re.match(r"#?(ELEARN_\w+)=", line))}
    known = set(DEFAULTS) | {"DATABASE_URL", "INSTANCE_PATH", "PUBLIC_URL"}
    assert {n.removeprefix("ELEARN_") for n in names} <= known
    for needed in ("PROXY_FIX_X_FOR", "PROXY_FIX_X_PROTO", "RATELIMIT_STORAGE_URI"):
        assert f"ELEARN_{needed}" in names


def test_the_reminders_run_daily_from_the_timer():
    service = (DEPLOY / "systemd" / "elearn-reminders.service").read_text()
    timer = (DEPLOY / "systemd" / "elearn-reminders.timer").read_text()
    assert re.search(r"^ExecStart=\S+/elearn reminders send$", service, re.M)
    assert "OnCalendar=*-*-* 06:00:00" in timer and "Persistent=true" in timer
    app = (DEPLOY / "systemd" / "elearn.service").read_text()
    assert "-c /opt/elearn/deploy/gunicorn.conf.py wsgi:app" in app


def test_the_questions_digest_runs_daily_from_the_timer():
    service = (DEPLOY / "systemd" / "elearn-questions.service").read_text()
    timer = (DEPLOY / "systemd" / "elearn-questions.timer").read_text()
    assert re.search(r"^ExecStart=\S+/elearn questions digest$", service, re.M)
    assert "Type=oneshot" in service and "EnvironmentFile=/etc/elearn/elearn.env" in service
    assert "OnCalendar=*-*-* 07:00:00" in timer and "Persistent=true" in timer
    assert "elearn-questions.timer" in (DEPLOY / "README.md").read_text()


def test_the_wsgi_entry_point_freezes_what_loading_the_app_allocated(tmp_path):
    # In a child process: freezing is for a worker's whole life, not for the test session.
    probe = "import gc, wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    env = {**os.environ, "ELEARN_INSTANCE_PATH": str(tmp_path)}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    frozen, tracked = map(int, out.stdout.split()[-2:])
    assert frozen > 50_000 and tracked < frozen // 10


def test_the_xapi_queue_is_flushed_every_minute_from_the_timer():
    service = (DEPLOY / "systemd" / "elearn-xapi.service").read_text()
    timer = (DEPLOY / "systemd" / "elearn-xapi.timer").read_text()
    assert re.search(r"^ExecStart=\S+/elearn xapi flush$", service, re.M)
    assert "Type=oneshot" in service and "OnUnitInactiveSec=1min" in timer
    example = (DEPLOY / "elearn.env.example").read_text()
    assert "#ELEARN_XAPI_ENDPOINT=" in example and "XAPI_ENDPOINT" in DEFAULTS
