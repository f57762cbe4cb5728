"""The one blob store seen from code: put bytes once, read them back, a version's kept files.

Drafts (authoring), published versions and learners' media (learn) all go through here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from sqlalchemy import select

from ..extensions import db
from ..models import FileBlob, VersionFile, VersionMedia


def put_blob(data: bytes) -> str:
    """Store bytes once; return their SHA-256."""
    sha = hashlib.sha256(data).hexdigest()
    if db.session.get(FileBlob, sha) is None:
        db.session.add(FileBlob(sha256=sha, size=len(data), data=data))
        db.session.flush()
    return sha


def put_blobs(files: Mapping[str, bytes]) -> dict[str, str]:
    """Store every file's bytes once (one query for those already kept); path -> SHA-256."""
    shas = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    kept = set(
        db.session.scalars(select(FileBlob.sha256).where(FileBlob.sha256.in_(set(shas.values()))))
    )
    for path, sha in shas.items():
        if sha not in kept:
            db.session.add(FileBlob(sha256=sha, size=len(files[path]), data=files[path]))
            kept.add(sha)
    db.session.flush()
    return shas


def blobs(shas: Iterable[str]) -> dict[str, bytes]:
    """The bytes of each SHA-256 that is stored."""
    wanted = list(set(shas))
    if not wanted:
        return {}
    return dict(
        db.session.execute(
            select(FileBlob.sha256, FileBlob.data).where(FileBlob.sha256.in_(wanted))
        ).all()
    )


def version_files(version_id: int) -> dict[str, bytes]:
    """The files a version was published from; empty when they were never kept."""
    rows = db.session.execute(
        select(VersionFile.path, VersionFile.sha256).where(VersionFile.version_id == version_id)
    ).all()
    data = blobs(sha for _, sha in rows)
    return {path: data[sha] for path, sha in rows}


def file_rows(files: Mapping[str, bytes]) -> list[VersionFile]:
    """A version's VersionFile rows for `files`, their bytes stored."""
    shas = put_blobs(files)
    return [VersionFile(path=path, sha256=sha) for path, sha in sorted(shas.items())]


def published_media(digest: str):
    """(data, mime) of a media file some published version shows, or None.

    Only published media: the store also holds drafts, which learners must not reach.
    """
    return db.session.execute(
        select(FileBlob.data, VersionMedia.mime)
        .join(VersionMedia, VersionMedia.sha256 == FileBlob.sha256)
        .where(FileBlob.sha256 == digest)
        .limit(1)
    ).first()
