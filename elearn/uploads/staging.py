"""Uploaded tables waiting for HR to confirm the preview, kept briefly in the instance folder.

Each staged table has an owner (only they may read or confirm it) and a kind (an employee
table cannot be confirmed as SKM results, nor the reverse), and may carry the options the
upload form chose, so that the preview and the confirmation read the file the same way.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

MAX_AGE = 3600  # a preview older than an hour must be uploaded again
EMPLOYEES = "pegawai"


@dataclass(frozen=True)
class Staged:
    table: list[list]
    options: dict = field(default_factory=dict)


def _folder(instance_path: str) -> Path:
    folder = Path(instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stage(
    instance_path: str,
    owner_id: int,
    table: list[list],
    kind: str = EMPLOYEES,
    options: dict | None = None,
) -> str:
    """Keep a parsed table for its owner; return the token that names it."""
    _sweep(instance_path)
    token = secrets.token_urlsafe(16)
    cells = [["" if c is None else c for c in row] for row in table]
    payload = json.dumps(
        {
            "owner": owner_id,
            "kind": kind,
            "options": options or {},
            "at": time.time(),
            "table": cells,
        },
        default=str,
    )
    fd = os.open(
        _folder(instance_path) / f"{token}.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600
    )
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(payload)
    return token


def take(instance_path: str, owner_id: int, token: str) -> list[list] | None:
    """Return and remove the staged employee table if it is the owner's and still fresh."""
    staged = read(instance_path, owner_id, token, EMPLOYEES, remove=True)
    return None if staged is None else staged.table


def read(
    instance_path: str, owner_id: int, token: str, kind: str, remove: bool = False
) -> Staged | None:
    """The staged table of `kind` named by `token` if it is the owner's and still fresh
    (removed with `remove`: a confirmation uses it once); None for anything else."""
    if not token.replace("-", "").replace("_", "").isalnum() or len(token) > 40:
        return None
    path = _folder(instance_path) / f"{token}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        data.get("owner") != owner_id
        or data.get("kind", EMPLOYEES) != kind
        or time.time() - data.get("at", 0) > MAX_AGE
    ):
        return None
    if remove:
        path.unlink(missing_ok=True)
    return Staged(data["table"], data.get("options") or {})


def _sweep(instance_path: str) -> None:
    for path in _folder(instance_path).glob("*.json"):
        try:
            if time.time() - path.stat().st_mtime > MAX_AGE:
                path.unlink()
        except OSError:
            pass
