"""The manifest of a backup folder: what made it, and the SHA-256 of every file in it, so a
restore can refuse an incomplete or altered backup before it touches anything."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask_babel import gettext as _

from .errors import DAMAGED, BackupError

NAME = "manifest.json"
FORMAT = "elearn-backup/1"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build(root: Path, files: list[Path], **facts) -> dict:
    """The manifest of `files` (inside `root`) with the given facts."""
    hashes = {path.relative_to(root).as_posix(): sha256_file(path) for path in files}
    return {"format": FORMAT, **facts, "files": dict(sorted(hashes.items()))}


def write(root: Path, manifest: dict) -> Path:
    path = root / NAME
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read(root: Path) -> dict:
    """The manifest of a backup folder, or BackupError saying what is wrong with it."""
    path = root / NAME
    if not root.is_dir():
        raise BackupError(_("Folder cadangan %(path)s tidak ditemukan.", path=root), DAMAGED)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            _(
                "%(path)s tidak ada: %(root)s bukan cadangan elearn, atau pencadangannya tidak "
                "selesai.",
                path=path,
                root=root,
            ),
            DAMAGED,
        ) from None
    except (OSError, ValueError) as exc:
        raise BackupError(
            _("%(path)s tidak dapat dibaca: %(reason)s", path=path, reason=exc), DAMAGED
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _(
                "%(path)s: format cadangan tidak dikenal (harus %(format)s).",
                path=path,
                format=FORMAT,
            ),
            DAMAGED,
        )
    if not isinstance(manifest.get("files"), dict):
        raise BackupError(_("%(path)s: daftar berkas tidak ada.", path=path), DAMAGED)
    return manifest


def problems(root: Path, manifest: dict) -> list[str]:
    """Every file of the manifest that is missing, outside the folder or altered."""
    found = []
    top = root.resolve()
    for name, expected in manifest["files"].items():
        path = (root / name).resolve()
        if not path.is_relative_to(top):
            found.append(_("%(name)s: di luar folder cadangan", name=name))
        elif not path.is_file():
            found.append(_("%(name)s: tidak ada", name=name))
        elif sha256_file(path) != expected:
            found.append(
                _("%(name)s: isinya berubah (SHA-256 tidak cocok dengan manifest)", name=name)
            )
    return found
