"""ELearn ASN: e-learning for the civil servants of regional governments."""

from __future__ import annotations

import importlib

from flask import Flask

__version__ = "0.1.0"


def create_app(config: dict | None = None) -> Flask:
    """Build the application from small named steps; no side effects beyond reading config."""
    import os

    from .config import load_config

    instance = (config or {}).get("INSTANCE_PATH") or os.environ.get("ELEARN_INSTANCE_PATH")
    app = Flask(__name__, instance_path=instance, instance_relative_config=True)

    load_config(app, config)
    trust_proxies(app)
    register_transport(app)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_observability(app)
    register_static_versions(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Take the client address (and scheme) from X-Forwarded-* only as far as the configured
    proxies set them: with no proxy trusted a client could pick the address its login
    failures count against."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    x_for = int(app.config["PROXY_FIX_X_FOR"])
    x_proto = int(app.config["PROXY_FIX_X_PROTO"])
    if x_for or x_proto:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=x_for, x_proto=x_proto)


def register_transport(app: Flask) -> None:
    from .auth.transport import register

    register(app)


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (the metadata must know every table)
    from .extensions import (
        babel,
        csrf,
        db,
        limiter,
        login_manager,
        migrate,
        register_session_end,
        skip_idle_limit_check,
    )
    from .i18n import select_locale

    db.init_app(app)
    register_session_end(app)
    migrate.init_app(app, db, directory=app.config["MIGRATIONS_DIR"])
    csrf.init_app(app)
    limiter.init_app(app)
    skip_idle_limit_check(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the login page explains itself

    from .auth.sessions import load_user

    login_manager.user_loader(load_user)


# Every blueprint's module (each has `bp`), in the order they are registered.
BLUEPRINTS = (
    "system.views",
    "front.views",  # /, /sitemap.xml, /robots.txt, /logo
    "auth.views",
    "auth.sso_views",
    "auth.account_views",
    "recovery.views",
    "admin.account_views",
    "learn.views",
    "learn.offline_views",  # /courses/<slug>/offline.json
    "quiz.views",
    "quiz.offline_views",  # /attempts/<id>/offline: answers kept offline
    "questions.views",
    "questions.admin_views",
    "certificates.views",
    "certificates.badge_views",
    "admin.views",
    "admin.integration_views",
    "admin.api_token_views",
    "admin.sso_settings_views",
    "admin.public_site_views",
    "skm.admin_views",  # /admin/skm: the SKM mapping and threshold
    "recognition.admin_views",
    "hr.blueprint",  # every /hr page, its features nested in it
    "skm.public_views",  # /skm/<code>: the public satisfaction survey, no login
    "assignments.notice_views",
    "followup.views",
    "tasks.views",
    "authoring.views",
    "authoring.files_views",
    "authoring.stats_views",
)


def register_blueprints(app: Flask) -> None:
    from .web import CleanRequest, IdConverter, refuse_control_path_parts

    app.request_class = CleanRequest
    app.url_map.converters["int"] = IdConverter
    app.url_value_preprocessor(refuse_control_path_parts)
    from .recovery import email_views  # noqa: F401  (its routes join the recovery blueprint)

    for name in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(f"{__name__}.{name}").bp)
    from .api.blueprint import register as register_api

    register_api(app)  # /api/v1, with its problem details and without CSRF


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)


def register_errorhandlers(app: Flask) -> None:
    from .system.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from . import accessibility, layout
    from .front import meta
    from .i18n import register
    from .web import csrf_field

    register(app)
    layout.register(app)
    meta.register(app)
    accessibility.register(app)
    app.add_template_global(csrf_field)


def register_static_versions(app: Flask) -> None:
    from .static_urls import register

    register(app)


def register_observability(app: Flask) -> None:
    from .observability import register

    register(app)
