"""What a learner's device saves to read a course offline (issue 19): the course page, every
module page and the images the version shows, with an estimate of their size.

Never a quiz, pre-test or exam page: their questions and feedback stay on the server, so no
answer key ever lands in a browser's Cache Storage.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select

from ..extensions import db
from ..live_versions import VersionView
from ..models import FileBlob, VersionMedia

# A page's frame around the module text (header, menu, forms, footer), measured on the demo's
# module pages: the text is what varies, the rest is about this many bytes.
PAGE_FRAME_BYTES = 9_000


@dataclass(frozen=True)
class OfflineListing:
    version: int
    cache: str
    urls: list[str]
    bytes: int

    def as_json(self) -> dict:
        return {
            "version": self.version,
            "cache": self.cache,
            "urls": self.urls,
            "bytes": self.bytes,
        }


def images(version_id: int) -> list[tuple[str, str, int]]:
    """(digest, name, size) of each image the version holds, by name."""
    rows = db.session.execute(
        select(VersionMedia.sha256, VersionMedia.name, FileBlob.size)
        .join(FileBlob, FileBlob.sha256 == VersionMedia.sha256)
        .where(VersionMedia.version_id == version_id, VersionMedia.mime.startswith("image/"))
        .order_by(VersionMedia.name)
    )
    return [(digest, name, size) for digest, name, size in rows]


def listing(slug: str, version: VersionView) -> OfflineListing:
    """The URLs to save for the version and their estimated size in bytes."""
    urls = [url_for("learn.course", slug=slug)]
    size = PAGE_FRAME_BYTES + len(version.overview_html.encode())
    for module in version.modules:
        urls.append(url_for("learn.module", slug=slug, module=module.slug))
        size += PAGE_FRAME_BYTES + len(module.html.encode())
    for digest, name, image_size in images(version.id):
        urls.append(url_for("learn.media", digest=digest, name=name))
        size += image_size
    return OfflineListing(version.number, f"elearn-course-{slug}", urls, size)
