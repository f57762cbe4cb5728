"""A course folder read into memory: the same input from disk, a zip or the editor."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import messages as msg
from .spec import Problem

IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class CourseSource:
    """The files of one course folder, keyed by their path inside it (POSIX style)."""

    slug: str
    files: Mapping[str, bytes]
    display_root: str
    problems: tuple[Problem, ...] = field(default=())

    def display(self, relpath: str) -> str:
        return f"{self.display_root}/{relpath}" if self.display_root else relpath

    def content_hash(self) -> str:
        """Hash every file (Markdown with normalised line endings) in path order."""
        digest = hashlib.sha256()
        for name in sorted(self.files):
            data = self.files[name]
            if name.endswith(".md"):
                data = normalise_text_bytes(data)
            digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        return digest.hexdigest()


def normalise_text_bytes(data: bytes) -> bytes:
    """Drop a UTF-8 byte-order mark and turn CRLF/CR line endings into LF."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def load_course_dir(path: Path, display_root: str | None = None) -> CourseSource:
    """Read a course folder from disk; symlinks and unreadable files become problems."""
    path = Path(path)
    display_root = display_root if display_root is not None else str(path)
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for item in sorted(path.rglob("*")):
        rel = item.relative_to(path).as_posix()
        if any(part.startswith(".") or part in IGNORED_NAMES for part in rel.split("/")):
            continue
        if item.is_symlink():
            problems.append(Problem(f"{display_root}/{rel}", 1, msg.SYMLINK))
            continue
        if item.is_dir():
            continue
        try:
            files[rel] = item.read_bytes()
        except OSError as exc:
            message = msg.UNREADABLE.format(error=exc)
            problems.append(Problem(f"{display_root}/{rel}", 1, message))
    return CourseSource(path.name, files, display_root, tuple(problems))


def find_course_dirs(path: Path) -> list[Path]:
    """Return the course folders at PATH: itself if it holds course.md, else its subfolders."""
    path = Path(path)
    if (path / "course.md").is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(
        child
        for child in path.iterdir()
        if child.is_dir() and not child.name.startswith(".") and (child / "course.md").exists()
    )
