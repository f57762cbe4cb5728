"""Backing an instance up into a new folder, and restoring such a folder into an empty
instance: the database, the secret key, the certificate signing keys and the manifest."""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import current_app
from flask_babel import gettext as _
from flask_migrate import upgrade

from .. import __version__
from ..certificates import keyring
from ..certificates.signing import KEY_FILE, key_id
from ..extensions import db
from . import database, manifest
from .errors import DAMAGED, DESTINATION, NOT_EMPTY, BackupError

KEYS = "keys"
# The instance file elearn.config reads the secret key from (a name, not a secret).
SECRET_KEY_FILE = "secret_key"  # noqa: S105


def backup(dest: Path) -> list[str]:
    """Write the backup into `dest`, a folder that must not exist yet; the lines to show."""
    engine = db.engine
    kind = database.kind(engine.url)
    database.check_reachable(engine)
    with engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
    kids = [key_id(key) for key in keyring.published(current_app.instance_path)]
    _make_folder(dest)
    try:
        files = [dest / database.FILES[kind]]
        _write_private(files[0], b"")  # personal data: owner-only before the first byte
        database.dump(engine, files[0])
        # The keys after the database: a key that signed a certificate in the copy is still
        # on disk now (a rotation retires keys, it never deletes one).
        files += _copy_keys(dest)
        facts = manifest.build(
            dest,
            files,
            app_version=__version__,
            alembic_revision=revision,
            database=kind,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            signing_key_ids=kids,
        )
        manifest.write(dest, facts)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)  # never leave a half backup that looks whole
        raise
    return [
        _(
            "Cadangan ditulis ke %(dest)s: basis data %(kind)s (revisi %(revision)s), kunci "
            "rahasia, %(keys)s kunci penandatangan sertifikat, manifest.json.",
            dest=dest,
            kind=kind,
            revision=revision,
            keys=len(kids),
        ),
        _("Simpan cadangan ini serahasia basis datanya: isinya data pribadi dan kunci privat."),
    ]


def _make_folder(dest: Path) -> None:
    try:
        dest.mkdir(mode=0o700)
    except FileExistsError:
        raise BackupError(
            _(
                "%(dest)s sudah ada. Cadangan selalu ditulis ke folder baru; pilih nama lain.",
                dest=dest,
            ),
            DESTINATION,
        ) from None
    except FileNotFoundError:
        raise BackupError(
            _("Folder induk %(path)s tidak ada.", path=dest.parent), DESTINATION
        ) from None
    dest.chmod(0o700)  # whatever the umask


def _copy_keys(dest: Path) -> list[Path]:
    instance = Path(current_app.instance_path)
    folder = dest / KEYS
    folder.mkdir(mode=0o700)
    secret = folder / SECRET_KEY_FILE
    _write_private(secret, str(current_app.config["SECRET_KEY"]).encode())
    copied = [secret]
    for path in keyring.key_files(instance):
        target = folder / path.relative_to(instance)
        target.parent.mkdir(mode=0o700, exist_ok=True)
        _write_private(target, path.read_bytes())
        copied.append(target)
    return copied


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def restore(src: Path, replace: bool = False) -> list[str]:
    """Check the backup in `src`, then restore its keys and its database into this instance
    (refused when the database holds data, unless `replace`), and migrate it up to date."""
    facts = manifest.read(src)
    damaged = manifest.problems(src, facts)
    damaged += [
        _("%(name)s: bukan nama berkas kunci yang dikenal", name=name) for name in _odd_keys(facts)
    ]
    if damaged:
        said = _("Cadangan rusak atau tidak lengkap:")
        raise BackupError(said + "\n  " + "\n  ".join(damaged), DAMAGED)
    engine = db.engine
    kind = database.kind(engine.url)
    if facts.get("database") != kind:
        raise BackupError(
            _(
                "Cadangan ini dari basis data %(theirs)s, instance ini memakai %(ours)s: "
                "pulihkan ke jenis basis data yang sama.",
                theirs=facts.get("database"),
                ours=kind,
            ),
            DAMAGED,
        )
    if database.FILES[kind] not in facts["files"]:
        raise BackupError(
            _("Manifest tidak mencantumkan %(file)s.", file=database.FILES[kind]), DAMAGED
        )
    revision = facts.get("alembic_revision")
    migrations = ScriptDirectory(current_app.config["MIGRATIONS_DIR"])
    _check_known(migrations, revision)
    database.check_reachable(engine, must_exist=False)
    busy = database.tables_with_rows(engine)
    if busy and not replace:
        tables = ", ".join(sorted(busy)[:5]) + (" ..." if len(busy) > 5 else "")
        raise BackupError(
            _(
                "Basis data tujuan tidak kosong (berisi data di %(tables)s). Pulihkan ke instance "
                "kosong, atau tambahkan --replace untuk MENGHAPUS isinya dan menggantinya dengan "
                "cadangan.",
                tables=tables,
            ),
            NOT_EMPTY,
        )
    lines = _restore_keys(src, facts["files"])
    database.restore(engine, src / database.FILES[kind])
    lines.append(
        _("Basis data %(kind)s dipulihkan (revisi %(revision)s).", kind=kind, revision=revision)
    )
    if revision not in migrations.get_heads():
        upgrade(directory=current_app.config["MIGRATIONS_DIR"])
        heads = ", ".join(migrations.get_heads())
        lines.append(_("Skema diperbarui ke revisi %(revision)s.", revision=heads))
    return lines


def _check_known(migrations: ScriptDirectory, revision: str | None) -> None:
    try:
        known = revision is None or migrations.get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise BackupError(
            _(
                "Revisi basis data cadangan (%(revision)s) tidak dikenal versi aplikasi ini "
                "(%(version)s): pasang versi yang sama dengan atau lebih baru dari pembuat "
                "cadangan, lalu pulihkan lagi.",
                revision=revision,
                version=__version__,
            ),
            DAMAGED,
        )


def _restore_keys(src: Path, files: dict) -> list[str]:
    """Write the backup's keys into the instance folder: only the files the manifest lists
    (and checked), and only under the names an instance's keys have."""
    instance = Path(current_app.instance_path)
    secret_file = instance / SECRET_KEY_FILE
    before = secret_file.read_text().strip() if secret_file.is_file() else None
    for name in files:
        parts = Path(name).parts
        if parts[0] != KEYS:
            continue
        mode = 0o644 if parts[1] in PUBLIC_KEY_DIRS else 0o600
        keyring.write_atomically(instance.joinpath(*parts[1:]), (src / name).read_bytes(), mode)
    lines = [_("Kunci rahasia dan kunci penandatangan dipulihkan ke %(path)s.", path=instance)]
    configured = str(current_app.config["SECRET_KEY"])
    if configured != before and configured != (src / KEYS / SECRET_KEY_FILE).read_text():
        lines.append(
            _(
                "Perhatian: SECRET_KEY instance ini diatur dari konfigurasi (ELEARN_SECRET_KEY) "
                "dan berbeda dengan cadangan; hapus pengaturan itu agar %(path)s dipakai, atau "
                "semua pengguna harus masuk lagi.",
                path=secret_file,
            )
        )
    return lines


RETIRED_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}\.pem")
# The instance folders that hold public keys only (retired, and compromised: a restore must
# not publish again a key that was withdrawn after it leaked).
PUBLIC_KEY_DIRS = (keyring.RETIRED_DIR, keyring.COMPROMISED_DIR)


def _odd_keys(facts: dict) -> list[str]:
    """Key files of the manifest under a name no instance key has (checked before anything
    is written: a restore writes only where an instance keeps its keys)."""
    names = [Path(name).parts for name in facts["files"]]
    return ["/".join(p) for p in names if p and p[0] == KEYS and not _key_name(p[1:])]


def _key_name(parts: tuple[str, ...]) -> bool:
    if len(parts) == 1:
        return parts[0] in (SECRET_KEY_FILE, KEY_FILE)
    return (
        len(parts) == 2 and parts[0] in PUBLIC_KEY_DIRS and bool(RETIRED_NAME.fullmatch(parts[1]))
    )
