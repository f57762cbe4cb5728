"""Uploaded tables waiting for HR to confirm the preview, kept briefly in the instance folder."""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path

MAX_AGE = 3600  # a preview older than an hour must be uploaded again


def _folder(instance_path: str) -> Path:
    folder = Path(instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stage(instance_path: str, owner_id: int, table: list[list]) -> str:
    """Keep a parsed table for its owner; return the token that names it."""
    _sweep(instance_path)
    token = secrets.token_urlsafe(16)
    cells = [["" if c is None else c for c in row] for row in table]
    payload = json.dumps({"owner": owner_id, "at": time.time(), "table": cells}, default=str)
    fd = os.open(
        _folder(instance_path) / f"{token}.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600
    )
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(payload)
    return token


def take(instance_path: str, owner_id: int, token: str) -> list[list] | None:
    """Return and remove the staged table if it is the owner's and still fresh."""
    if not token.replace("-", "").replace("_", "").isalnum() or len(token) > 40:
        return None
    path = _folder(instance_path) / f"{token}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("owner") != owner_id or time.time() - data.get("at", 0) > MAX_AGE:
        return None
    path.unlink(missing_ok=True)
    return data["table"]


def _sweep(instance_path: str) -> None:
    for path in _folder(instance_path).glob("*.json"):
        try:
            if time.time() - path.stat().st_mtime > MAX_AGE:
                path.unlink()
        except OSError:
            pass
