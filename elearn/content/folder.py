"""The files of a course folder as the parser meets them: module names, media, decoded text."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from . import images
from . import messages as msg
from .media import check_media, human_size
from .source import CourseSource, normalise_text_bytes
from .spec import MediaFile, Problem

MODULE_FILE = re.compile(r"^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Bounds what one parse may cost (bench/hostile_markdown.py measures it at this size) and
# leaves trainers room: the largest shipped file, a course.md of the second edition with its
# exam bank, pre-test and task, is about 41 KB; a test keeps the limit at three times that.
MAX_MARKDOWN_BYTES = 140 * 1024
# Page addresses beside /courses/<course>/<module> that a module slug must not shadow.
RESERVED_MODULE_SLUGS = {"exam", "pretest", "survey", "quiz", "media", "read", "task"}

Report = Callable[[int, str], None]


class Reporter:
    """Collects the problems of a whole folder, each at its file's display path."""

    def __init__(self, source: CourseSource):
        self.source = source
        self.problems: list[Problem] = list(source.problems)

    def for_file(self, relpath: str) -> Report:
        display = self.source.display(relpath)
        return lambda line, message: self.problems.append(Problem(display, line, message))

    def sorted_problems(self, relpath: str | None = None) -> list[Problem]:
        """Every problem once, by file, line and text; only RELPATH's when it is given."""
        wanted = set(self.problems)
        if relpath is not None:
            display = self.source.display(relpath)
            wanted = {p for p in wanted if p.path == display}
        return sorted(wanted, key=lambda p: (p.path, p.line, p.message))


def check_folder_slug(source: CourseSource, reporter: Reporter) -> None:
    if not SLUG.match(source.slug):
        reporter.for_file("course.md")(1, msg.FOLDER_SLUG.format(slug=source.slug))


def decode(source: CourseSource, name: str, reporter: Reporter) -> str | None:
    """The text of a Markdown file, or None (with a problem) when it cannot be read as text."""
    data = source.files.get(name)
    if data is None:
        return None
    if len(data) > MAX_MARKDOWN_BYTES:
        size, limit = human_size(len(data)), human_size(MAX_MARKDOWN_BYTES)
        reporter.for_file(name)(1, msg.FILE_TOO_LARGE.format(size=size, limit=limit))
        return None
    data = normalise_text_bytes(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reporter.for_file(name)(line, msg.NOT_UTF8)
        return None


def collect_media(source: CourseSource, reporter: Reporter, max_bytes: int) -> dict[str, MediaFile]:
    """The acceptable files of `media/`, by their name inside it."""
    media: dict[str, MediaFile] = {}
    for name, data in source.files.items():
        if not name.startswith("media/"):
            continue
        short = name[len("media/") :]
        error, mime = check_media(short, data, max_bytes)
        if error:
            reporter.for_file(name)(1, error)
            continue
        media.update(_with_copies(short, data, mime))
    return media


def _with_copies(name: str, data: bytes, mime: str) -> dict[str, MediaFile]:
    """The file, capped in width if it is a large image, and its narrower copies."""
    data, width = images.capped(data, mime)
    copies = images.variants(name, data, mime, width)
    found = {
        copy: MediaFile(copy, hashlib.sha256(small).hexdigest(), mime, small, w)
        for copy, w, small in copies
    }
    sizes = tuple((copy, w) for copy, w, _small in copies)
    found[name] = MediaFile(name, hashlib.sha256(data).hexdigest(), mime, data, width, sizes)
    return found


def module_files(source: CourseSource, reporter: Reporter) -> list[str]:
    """The module files in learners' order; every other stray file is reported."""
    found: list[tuple[int, str]] = []
    slugs: dict[str, str] = {}
    for name in sorted(source.files, key=_file_order):
        if name == "course.md" or name.startswith("media/"):
            continue
        problem = _module_name_problem(name, slugs)
        if problem:
            reporter.for_file(name)(1, problem)
            continue
        match = MODULE_FILE.match(name)
        slugs[match.group(2)] = name
        found.append((int(match.group(1)), name))
    return [name for _, name in sorted(found)]


def _module_name_problem(name: str, slugs: dict[str, str]) -> str | None:
    if "/" in name:
        return msg.UNKNOWN_SUBFOLDER
    if not name.endswith(".md"):
        return msg.UNKNOWN_FILE
    match = MODULE_FILE.match(name)
    if not match:
        return msg.MODULE_FILE_NAME
    slug = match.group(2)
    if slug in RESERVED_MODULE_SLUGS:
        return msg.MODULE_SLUG_RESERVED.format(slug=slug)
    if slug in slugs:
        return msg.MODULE_SLUG_TAKEN.format(slug=slug, other=slugs[slug])
    return None


def _file_order(name: str) -> tuple[int, str]:
    """Order module files by their number, so `2-x.md` comes before `10-x.md`."""
    match = MODULE_FILE.match(name)
    return (int(match.group(1)) if match else 0, name)
