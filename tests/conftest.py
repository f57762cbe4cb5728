"""Fixtures: a fresh app per test, on SQLite or on PostgreSQL (ELEARN_TEST_DATABASE_URL)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from werkzeug.serving import make_server

from elearn import create_app
from elearn.auth.services import create_user
from elearn.extensions import db
from tests.helpers import COURSES, TEST_PASSWORD, import_folder, login, minimal_course, speed

speed.install()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("ELEARN_TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


def base_config(database_url: str, instance: Path) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "INSTANCE_PATH": str(instance),
    }


@pytest.fixture(scope="session")
def schema(database_url, tmp_path_factory):
    """Build the schema once per session through the real migrations."""
    app = create_app(base_config(database_url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        reset_database()
        upgrade(directory=app.config["MIGRATIONS_DIR"])
        db.engine.dispose()
    return True


def reset_database() -> None:
    """Drop every table, whatever state an earlier run left."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        with db.engine.begin() as conn:
            conn.execute(text("PRAGMA foreign_keys=OFF"))
            names = conn.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ).scalars()
            for name in list(names):
                conn.execute(text(f'DROP TABLE "{name}"'))
            conn.execute(text("PRAGMA foreign_keys=ON"))


def empty_tables() -> None:
    tables = [t.name for t in db.metadata.sorted_tables]
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))  # noqa: S608
        else:
            conn.execute(text("PRAGMA foreign_keys=OFF"))
            for name in tables:
                conn.execute(text(f'DELETE FROM "{name}"'))  # noqa: S608
            conn.execute(text("PRAGMA foreign_keys=ON"))


@pytest.fixture
def make_app(database_url, schema, tmp_path):
    """Return a factory of apps sharing the test database; tables are emptied afterwards."""
    apps = []

    def factory(**overrides):
        config = base_config(database_url, tmp_path / "instance")
        config.update(overrides)
        app = create_app(config)
        speed.prepare(app)
        apps.append(app)
        return app

    yield factory
    if apps:
        with apps[0].app_context():
            db.session.remove()
            empty_tables()
        for app in apps:
            with app.app_context():
                db.engine.dispose()


@pytest.fixture
def app(make_app):
    """The app under test; test code gets a database context of its own.

    Requests must not share the test's app context (Flask would reuse it, and with it
    `g` and the session), so the context pushed here belongs to a twin app.
    """
    app = make_app()
    twin = make_app()
    with twin.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def live_server(app):
    """Serve the app under test on a free loopback port, one thread per request, for the
    length of one test; the value is its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Return a factory creating users with TEST_PASSWORD."""

    def factory(username="peserta", roles=("learner",), full_name="Siti Rahmawati", **kw):
        placement = {k: kw.pop(k) for k in PLACEMENT if k in kw}
        user = create_user(username, full_name, roles, kw.pop("password", TEST_PASSWORD), **kw)
        if placement:
            for key, value in placement.items():
                setattr(user, key, value)
            db.session.commit()
        return user

    return factory


PLACEMENT = ("unit_id", "scope_unit_id", "position_id", "rank", "employee_type")

# Two governments; each test gets their unit ids by code from the `org` fixture.
ORG_CSV = """kode,nama,kode_induk
KOTA-A,Pemerintah Kota Anggrek,
DINKES-A,Dinas Kesehatan Kota Anggrek,KOTA-A
PKM-A1,Puskesmas Anggrek Satu,DINKES-A
PKM-A2,Puskesmas Anggrek Dua,DINKES-A
KEC-A,Kecamatan Anggrek Barat,KOTA-A
KEL-A1,Kelurahan Melati,KEC-A
KOTA-B,Pemerintah Kota Bakung,
DINKES-B,Dinas Kesehatan Kota Bakung,KOTA-B
PKM-B1,Puskesmas Bakung Satu,DINKES-B
"""


@pytest.fixture
def org(app) -> dict[str, int]:
    """Store ORG_CSV (two governments) and return unit ids by code."""
    from elearn.admin.services import upsert_units
    from elearn.domain.org import parse_org_csv
    from elearn.models import OrgUnit

    units, errors = parse_org_csv(ORG_CSV)
    assert not errors
    upsert_units(units)
    return {u.code: u.id for u in db.session.scalars(db.select(OrgUnit))}


@pytest.fixture
def learner(make_user, client):
    """A logged-in learner."""
    user = make_user()
    response = login(client)
    assert response.status_code == 302
    return user


@pytest.fixture(scope="session")
def shipped_course_dirs() -> list[Path]:
    return sorted(p for p in COURSES.iterdir() if (p / "course.md").exists())


@pytest.fixture
def publish_shipped(app):
    """Import the shipped competency dictionary and courses into the test database."""

    def run():
        return import_folder(COURSES)

    return run


@pytest.fixture
def make_course(tmp_path):
    """Write a course folder from {filename: text} and return its path."""

    def factory(slug="kursus-uji", files=None, root=None):
        root = Path(root or tmp_path / "courses")
        folder = root / slug
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in (minimal_course() if files is None else files).items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return factory


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: the browser or database it needed was missing."""
    if os.environ.get("CI", "").lower() not in ("true", "1"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; failing the run.", red=True)
        session.exitstatus = 1


@pytest.fixture
def oidc_provider(app):
    """A real OpenID Provider (tests/oidc) for `app` as Flask's test client reaches it
    (http://localhost), the app configured to use it; the value has its issuer."""
    from tests.helpers.oidc import configure, running_provider

    with running_provider("http://localhost") as provider:
        configure(app, provider.issuer)
        yield provider


@pytest.fixture
def mailbox(app):
    """A real SMTP server on loopback (aiosmtpd) that `app` sends its mail to."""
    from tests.helpers.mailbox import running_mailbox

    with running_mailbox() as box:
        box.configure(app)
        yield box
