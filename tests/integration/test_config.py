"""Configuration: secret key, database URL, SQLite pragmas, migrations and the health check."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from elearn import create_app
from elearn.config import normalise_database_url
from elearn.extensions import db

ENV_KEYS = ("ELEARN_SECRET_KEY", "ELEARN_DATABASE_URL", "ELEARN_SQLALCHEMY_DATABASE_URI")


@pytest.fixture
def clean_env(monkeypatch):
    """Keep the developer's own ELEARN_* settings out of these tests."""
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    return monkeypatch


@pytest.fixture
def bare_app(app, clean_env, tmp_path):
    """create_app with only the settings given: no test database, no secret key."""
    created = []

    def factory(**config):
        config.setdefault("INSTANCE_PATH", str(tmp_path / "bare-instance"))
        new = create_app(config)
        created.append(new)
        return new

    yield factory
    for new in created:
        with new.app_context():
            db.engine.dispose()


@pytest.fixture
def sqlite_app(app, make_app, tmp_path):
    """A separate app on its own empty SQLite file (whatever database the suite runs on)."""
    path = tmp_path / "eigen.db"
    return make_app(SQLALCHEMY_DATABASE_URI="sqlite:///" + str(path))


def table_names(flask_app) -> set[str]:
    with flask_app.app_context():
        return set(inspect(db.engine).get_table_names())


def migrate(flask_app, *args: str) -> str:
    """Run `elearn db ARGS` on FLASK_APP; its context is pushed, or the command would use the
    already-pushed test app (with_appcontext keeps the current app)."""
    with flask_app.app_context():
        result = flask_app.test_cli_runner().invoke(args=["db", *args], catch_exceptions=False)
        db.session.remove()
    assert result.exit_code == 0, result.output
    return result.output


# --- secret key ---


def test_secret_key_is_generated_once_into_the_instance_folder(bare_app, tmp_path):
    instance = tmp_path / "instance-kunci"
    first = bare_app(INSTANCE_PATH=str(instance))
    key_file = instance / "secret_key"

    key = first.config["SECRET_KEY"]
    assert isinstance(key, str) and len(key) >= 32
    assert key_file.read_text().strip() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    second = bare_app(INSTANCE_PATH=str(instance))
    assert second.config["SECRET_KEY"] == key
    assert bare_app(INSTANCE_PATH=str(tmp_path / "lain")).config["SECRET_KEY"] != key


def test_secret_key_from_environment_wins(bare_app, clean_env, tmp_path):
    instance = tmp_path / "instance-env"
    generated = bare_app(INSTANCE_PATH=str(instance)).config["SECRET_KEY"]
    clean_env.setenv("ELEARN_SECRET_KEY", "kunci-dari-lingkungan-yang-panjang")

    app = bare_app(INSTANCE_PATH=str(instance))

    assert app.config["SECRET_KEY"] == "kunci-dari-lingkungan-yang-panjang"
    assert (instance / "secret_key").read_text().strip() == generated


def test_secret_key_from_environment_creates_no_file(bare_app, clean_env, tmp_path):
    clean_env.setenv("ELEARN_SECRET_KEY", "kunci-dari-lingkungan-yang-panjang")
    instance = tmp_path / "instance-tanpa-berkas"
    app = bare_app(INSTANCE_PATH=str(instance))
    assert app.config["SECRET_KEY"] == "kunci-dari-lingkungan-yang-panjang"
    assert not (instance / "secret_key").exists()


# --- database URL ---


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgres://u:p@h:5433/db", "postgresql+psycopg://u:p@h:5433/db"),
        ("postgresql+psycopg://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("sqlite:////var/lib/elearn/elearn.db", "sqlite:////var/lib/elearn/elearn.db"),
    ],
)
def test_normalise_database_url(given, expected):
    assert normalise_database_url(given) == expected


def test_database_url_from_environment_uses_psycopg(bare_app, clean_env):
    clean_env.setenv("ELEARN_DATABASE_URL", "postgresql://u:p@h/db")
    app = bare_app(SECRET_KEY="uji")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@h/db"


def test_database_given_to_create_app_wins_over_environment(bare_app, clean_env, tmp_path):
    """Defaults, then ELEARN_*, then the dict given: the test suite must never reach the
    database a developer's ELEARN_DATABASE_URL points at."""
    clean_env.setenv("ELEARN_DATABASE_URL", "postgresql://u:p@produksi/db")
    url = "sqlite:///" + str(tmp_path / "uji.db")
    app = bare_app(SECRET_KEY="uji", SQLALCHEMY_DATABASE_URI=url)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == url


def test_default_database_is_sqlite_in_the_instance_folder(bare_app, tmp_path):
    instance = tmp_path / "instance-baru"
    app = bare_app(INSTANCE_PATH=str(instance), SECRET_KEY="uji")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + str(instance / "elearn.db")
    assert instance.is_dir()
    assert app.instance_path == str(instance)


# --- SQLite and migrations ---


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(sqlite_app):
    assert "Running upgrade" in migrate(sqlite_app, "upgrade")
    assert "courses" in table_names(sqlite_app)
    with sqlite_app.app_context():
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        db.session.remove()


def test_db_upgrade_builds_every_table_and_downgrade_reverses_it(sqlite_app):
    expected = set(db.metadata.tables)
    assert table_names(sqlite_app) == set()

    migrate(sqlite_app, "upgrade")
    assert table_names(sqlite_app) == expected | {"alembic_version"}

    migrate(sqlite_app, "downgrade", "base")
    assert table_names(sqlite_app) <= {"alembic_version"}

    migrate(sqlite_app, "upgrade")
    assert table_names(sqlite_app) == expected | {"alembic_version"}
    with sqlite_app.app_context():
        version = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.session.remove()
    assert version


def test_migrations_match_the_models(sqlite_app):
    migrate(sqlite_app, "upgrade")
    migrate(sqlite_app, "check")


# --- health check ---


def test_readyz_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///{tmp}/tidak/ada/sama/sekali/elearn.db",
        "postgresql+psycopg://u:p@127.0.0.1:1/elearn?connect_timeout=2",
    ],
    ids=["sqlite-missing-dir", "postgresql-refused"],
)
def test_readyz_answers_503_when_the_database_is_unreachable(app, make_app, tmp_path, url):
    # /healthz did this before issue 15; it is liveness now and asks no database.
    broken = make_app(SQLALCHEMY_DATABASE_URI=url.format(tmp=tmp_path))
    response = broken.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.is_json
    assert response.get_json() == {"status": "error", "database": "unreachable"}
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "OperationalError" not in body
    assert not Path(tmp_path / "tidak").exists()


def test_exam_full_review_is_off_unless_the_environment_allows_it(bare_app, clean_env):
    assert bare_app().config["EXAM_FULL_REVIEW"] is False
    clean_env.setenv("ELEARN_EXAM_FULL_REVIEW", "true")
    assert bare_app().config["EXAM_FULL_REVIEW"] is True


# --- connection pool ---


def test_connections_are_pinged_on_a_server_database_only(bare_app, tmp_path):
    """pool_pre_ping lets a worker live through a PostgreSQL restart; an SQLite file cannot
    drop its connection, so there it would only add a statement to every request."""
    sqlite = bare_app(SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "a.db"))
    server = bare_app(SQLALCHEMY_DATABASE_URI="postgresql://u:p@127.0.0.1:1/none")
    given = bare_app(
        SQLALCHEMY_DATABASE_URI="postgresql://u:p@127.0.0.1:1/none",
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": False},
    )
    assert "pool_pre_ping" not in sqlite.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert server.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
    assert given.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is False
