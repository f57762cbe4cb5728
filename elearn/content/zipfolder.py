"""A course folder as a zip, both ways: hostile archives refused, exports byte-for-byte stable.

Reading trusts nothing in the archive: names are checked before anything is unpacked,
sizes are checked as declared and again as actually inflated, and every refusal is one
plain Indonesian sentence saying what is wrong and what to do.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..domain.texts import N_
from . import messages as msg
from .source import IGNORED_NAMES

# A fixed timestamp (the earliest zip can store) makes the same files give the same bytes.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--, as unzip on Linux expects
MAX_PATH_LENGTH = 255  # the database's path column
DRIVE = re.compile(r"^[A-Za-z]:")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Folders that zip tools add beside the content (macOS Finder's resource forks).
TOOL_FOLDERS = {"__MACOSX"}
READ_CHUNK = 64 * 1024


class ZipRefused(Exception):
    """The archive cannot be taken; the message tells the trainer why, in Indonesian."""


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int = 500
    max_file_bytes: int = 10 * 1024 * 1024
    max_total_bytes: int = 50 * 1024 * 1024
    # Deflate reaches about 1000:1 on zeros; real text and images stay far below 100:1.
    max_ratio: int = 100
    ratio_from_bytes: int = 1024 * 1024  # small files may compress well; only big ones matter


@dataclass(frozen=True)
class ZipFolder:
    """What a zip held: the top folder's name (None when files sit at the root) and files."""

    top: str | None
    files: dict[str, bytes]


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def unsafe_name_reason(name: str) -> str | None:
    """Why a path from an archive must not be unpacked, or None when it is safe."""
    if not name:
        return N_("nama kosong")
    if "\\" in name:
        return N_("memakai garis miring terbalik (\\)")
    if name.startswith("/"):
        return N_("path absolut")
    if DRIVE.match(name):
        return N_("memakai huruf drive")
    if CONTROL.search(name):
        return N_("berisi karakter kendali")
    parts = name.rstrip("/").split("/")
    if any(part == ".." for part in parts):
        return N_("keluar dari folder (../)")
    if any(part in ("", ".") for part in parts):
        return N_("berisi bagian path kosong")
    return None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _ignored(parts: list[str]) -> bool:
    """Hidden files and the clutter zip tools add, skipped as when importing a folder."""
    return parts[0] in TOOL_FOLDERS or any(
        part.startswith(".") or part in IGNORED_NAMES for part in parts
    )


def _check_entries(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """Refuse the archive for any unsafe entry; return the file entries worth reading."""
    if len(infos) > limits.max_entries:
        raise ZipRefused(msg.ZIP_TOO_MANY.format(count=len(infos), limit=limits.max_entries))
    seen: dict[str, str] = {}
    total = 0
    wanted = []
    for info in infos:
        name = info.orig_filename
        _check_name(info)
        key = name.rstrip("/").casefold()
        if key in seen:
            raise ZipRefused(msg.ZIP_NAME_TWICE.format(name=name, other=seen[key]))
        seen[key] = name
        if info.is_dir() or _ignored(name.split("/")):
            continue
        _check_size(info, limits)
        total += info.file_size
        if total > limits.max_total_bytes:
            raise ZipRefused(msg.ZIP_TOTAL_TOO_LARGE.format(limit=_mb(limits.max_total_bytes)))
        wanted.append(info)
    return wanted


def _check_name(info: zipfile.ZipInfo) -> None:
    """Refuse an entry that could land outside the folder, or that is no plain file."""
    name = info.orig_filename
    reason = unsafe_name_reason(name) or unsafe_name_reason(info.filename)
    if reason:
        raise ZipRefused(msg.ZIP_UNSAFE_NAME.format(name=name, reason=reason))
    if len(name) > MAX_PATH_LENGTH:
        raise ZipRefused(msg.ZIP_NAME_TOO_LONG.format(start=name[:60]))
    if _is_symlink(info):
        raise ZipRefused(msg.ZIP_SYMLINK.format(name=name))
    if info.flag_bits & 0x1:
        raise ZipRefused(msg.ZIP_ENCRYPTED.format(name=name))


def _check_size(info: zipfile.ZipInfo, limits: ZipLimits) -> None:
    """Refuse a file entry by what its header declares: method, size and ratio."""
    name = info.orig_filename
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ZipRefused(msg.ZIP_METHOD.format(name=name))
    if info.file_size > limits.max_file_bytes:
        size, limit = _mb(info.file_size), _mb(limits.max_file_bytes)
        raise ZipRefused(msg.ZIP_FILE_TOO_LARGE.format(name=name, size=size, limit=limit))
    inflates = info.file_size > limits.max_ratio * max(info.compress_size, 1)
    if info.file_size > limits.ratio_from_bytes and inflates:
        raise ZipRefused(msg.ZIP_RATIO.format(name=name, ratio=limits.max_ratio))


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Inflate one entry, counting real bytes: a header that lies is caught here."""
    limit = min(info.file_size, budget)
    out = io.BytesIO()
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(READ_CHUNK)
            if not chunk:
                break
            out.write(chunk)
            if out.tell() > limit:
                raise ZipRefused(msg.ZIP_LIES.format(name=info.filename))
    return out.getvalue()


def read_zip(data: bytes, limits: ZipLimits | None = None) -> ZipFolder:
    """Unpack a course folder zip in memory, refusing anything unsafe with ZipRefused."""
    limits = limits or ZipLimits()
    if not data:
        raise ZipRefused(msg.ZIP_EMPTY_FILE)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise ZipRefused(msg.ZIP_NOT_ZIP) from exc
    with archive:
        wanted = _check_entries(archive.infolist(), limits)
        files: dict[str, bytes] = {}
        budget = limits.max_total_bytes
        for info in wanted:
            try:
                content = _read_entry(archive, info, budget)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
                raise ZipRefused(msg.ZIP_DAMAGED.format(name=info.filename)) from exc
            budget -= len(content)
            files[info.filename] = content
    if not files:
        raise ZipRefused(msg.ZIP_NO_FILES)
    return _strip_top(files)


def _strip_top(files: dict[str, bytes]) -> ZipFolder:
    if "course.md" in files:
        return ZipFolder(None, files)
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) == 1 and all("/" in name for name in files):
        top = tops.pop()
        inner = {name.split("/", 1)[1]: data for name, data in files.items()}
        if "course.md" in inner:
            return ZipFolder(top, inner)
    raise ZipRefused(msg.ZIP_NO_COURSE_MD)


def write_zip(slug: str, files: dict[str, bytes]) -> bytes:
    """Zip a course folder as `slug/...`: sorted, fixed timestamps, the same bytes every time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{slug}/{path}", date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever system exports
            info.external_attr = FILE_MODE
            archive.writestr(info, files[path], compresslevel=9)
    return buffer.getvalue()


def write_folder(dest: Path, files: dict[str, bytes]) -> None:
    """Write a course's files into the folder `dest` (which must not exist yet)."""
    for path in files:
        reason = unsafe_name_reason(path)
        if reason:  # paths come from the database, but a file outside dest is never written
            raise ZipRefused(msg.UNSAFE_PATH.format(path=path, reason=reason))
    dest.mkdir(parents=True)
    for path in sorted(files):
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[path])
