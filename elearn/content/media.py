"""Which media files a course may carry: known types whose content matches their name."""

from __future__ import annotations

import io
import re
import zipfile

from . import messages as msg

MEDIA_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
}
SVG_ACTIVE = re.compile(
    # Elements may carry a namespace prefix (`<svg:script>`); SVG 2 allows a plain `href`.
    rb"<\s*(?:[\w.-]+:)?(?:script|foreignObject)|\son[a-z]+\s*=|javascript:|<!ENTITY"
    rb"|(?:\s|:)href\s*=\s*[\"']?\s*(?:https?:|//)",
    re.IGNORECASE,
)


def _looks_like(ext: str, data: bytes) -> bool:
    if ext == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if ext == "gif":
        return data.startswith((b"GIF87a", b"GIF89a"))
    if ext == "webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if ext == "pdf":
        return data.startswith(b"%PDF-")
    if ext == "svg":
        return b"<svg" in data[:4096]
    return False


def human_size(size: int) -> str:
    """Format a byte count as KB or MB with an Indonesian decimal comma."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{size / 1024:.0f} KB"


def check_media(name: str, data: bytes, max_bytes: int) -> tuple[str | None, str]:
    """Return (error message or None, MIME type) for a media file of a course."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    mime = MEDIA_TYPES.get(ext)
    if mime is None:
        allowed = ", ".join(sorted(MEDIA_TYPES))
        return msg.MEDIA_TYPE.format(name=name, allowed=allowed), ""
    if len(data) > max_bytes:
        size, limit = human_size(len(data)), human_size(max_bytes)
        return msg.MEDIA_TOO_LARGE.format(name=name, size=size, limit=limit), mime
    if not _looks_like(ext, data):
        return msg.MEDIA_CONTENT.format(name=name, kind=ext.upper()), mime
    if ext == "svg" and SVG_ACTIVE.search(data):
        return msg.MEDIA_ACTIVE_SVG.format(name=name), mime
    return None, mime


# Files learners attach to a workplace task: documents and photos, checked by content, never
# anything a browser would run. Office files are zips whose [Content_Types].xml names the
# main part of a plain (macro-free) workbook or document.
UPLOAD_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
OFFICE_MAIN_PARTS = {
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
}
CONTENT_TYPES_MAX = 256 * 1024  # a real [Content_Types].xml is a few kilobytes


def _office_file(ext: str, data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX:
                return False
            types = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return False
    # A macro project makes it a macro-enabled file whatever the name says.
    return OFFICE_MAIN_PARTS[ext] in types and b"vbaProject" not in types


def check_upload(name: str, data: bytes, max_bytes: int) -> tuple[str | None, str]:
    """(problem, MIME type) of a learner's upload; problem is "type", "size", "content" or None."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    mime = UPLOAD_TYPES.get(ext)
    if mime is None:
        return "type", ""
    if len(data) > max_bytes:
        return "size", mime
    ok = _office_file(ext, data) if ext in OFFICE_MAIN_PARTS else _looks_like(ext, data)
    return (None if ok else "content"), mime
