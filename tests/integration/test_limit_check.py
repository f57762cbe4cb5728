"""Flask-Limiter's check before every request is taken off only when it has nothing to
check (elearn/extensions.py skip_idle_limit_check, issue 15); decorated limits still hold."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from elearn.extensions import limiter, skip_idle_limit_check


def limited_app(**limits) -> tuple[Flask, Limiter]:
    app = Flask(__name__)
    extension = Limiter(key_func=get_remote_address, storage_uri="memory://", **limits)
    extension.init_app(app)

    @app.get("/open")
    def open_page():
        return "ok"

    @app.get("/guarded")
    @extension.limit("2/minute")
    def guarded():
        return "ok"

    skip_idle_limit_check(app, extension)
    return app, extension


def checks(app: Flask, extension: Limiter) -> bool:
    return extension._check_request_limit in app.before_request_funcs.get(None, [])


def test_without_global_limits_the_check_goes_and_decorated_limits_still_hold():
    app, extension = limited_app()
    assert not checks(app, extension)
    client = app.test_client()
    assert [client.get("/guarded").status_code for _ in range(3)] == [200, 200, 429]
    assert all(client.get("/open").status_code == 200 for _ in range(5))


def test_default_or_application_limits_keep_the_check():
    for limits in ({"default_limits": ["3/minute"]}, {"application_limits": ["3/minute"]}):
        app, extension = limited_app(**limits)
        assert checks(app, extension)
        client = app.test_client()
        assert [client.get("/open").status_code for _ in range(4)][-1] == 429


def test_the_platform_runs_without_the_idle_check(app):
    assert not checks(app, limiter)
