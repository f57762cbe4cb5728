"""The backup manifest: SHA-256 of every file, and a restore that refuses a backup that is
incomplete, altered or not a backup at all."""

from __future__ import annotations

import hashlib
import json

import pytest

from elearn.backup import manifest
from elearn.backup.errors import DAMAGED, BackupError


@pytest.fixture
def backup(tmp_path):
    root = tmp_path / "cadangan"
    (root / "keys").mkdir(parents=True)
    (root / "database.sqlite3").write_bytes(b"SQLite format 3\x00" + bytes(100))
    (root / "keys" / "secret_key").write_text("rahasia")
    files = [root / "database.sqlite3", root / "keys" / "secret_key"]
    manifest.write(root, manifest.build(root, files, database="sqlite", alembic_revision="r1"))
    return root


def test_manifest_lists_each_file_with_its_sha256(backup):
    written = json.loads((backup / "manifest.json").read_text())
    assert written["format"] == manifest.FORMAT
    assert written["database"] == "sqlite"
    assert written["files"] == {
        "database.sqlite3": hashlib.sha256((backup / "database.sqlite3").read_bytes()).hexdigest(),
        "keys/secret_key": hashlib.sha256(b"rahasia").hexdigest(),
    }
    assert manifest.problems(backup, manifest.read(backup)) == []


def test_altered_and_missing_files_are_named(backup):
    (backup / "keys" / "secret_key").write_text("diubah")
    (backup / "database.sqlite3").unlink()
    found = manifest.problems(backup, manifest.read(backup))
    assert found == [
        "database.sqlite3: tidak ada",
        "keys/secret_key: isinya berubah (SHA-256 tidak cocok dengan manifest)",
    ]


def test_a_name_outside_the_folder_is_refused(backup, tmp_path):
    (tmp_path / "luar").write_text("x")
    facts = manifest.read(backup)
    facts["files"]["../luar"] = hashlib.sha256(b"x").hexdigest()
    assert manifest.problems(backup, facts) == ["../luar: di luar folder cadangan"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "bukan cadangan elearn"),
        ("{", "tidak dapat dibaca"),
        ('{"format": "lain/9", "files": {}}', "format cadangan tidak dikenal"),
        (f'{{"format": "{manifest.FORMAT}"}}', "daftar berkas tidak ada"),
    ],
)
def test_unreadable_manifest_is_refused_with_a_reason(backup, content, says):
    if content is None:
        (backup / "manifest.json").unlink()
    else:
        (backup / "manifest.json").write_text(content)
    with pytest.raises(BackupError) as caught:
        manifest.read(backup)
    assert says in caught.value.message
    assert caught.value.code == DAMAGED


def test_missing_folder_is_refused(tmp_path):
    with pytest.raises(BackupError, match="tidak ditemukan"):
        manifest.read(tmp_path / "tidak-ada")
