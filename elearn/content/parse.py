"""Course folder -> CourseSpec, reporting every problem as `path:line: message` at once.

The steps live beside this module: folder.py (file names, media, text), settings.py (front
matter), sections.py and quiz.py (questions), module.py and coursefile.py (the two kinds of
file). This module strings them together for a whole folder (`parse_course`) or for one file
of it (`parse_file`, the editor's preview while another file still has problems).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from . import messages as msg
from .budget import TooComplex, budget, limit_for
from .coursefile import DEFAULT_CATEGORY, DEFAULT_PASS_PERCENT, parse_course_md
from .folder import (
    MAX_MARKDOWN_BYTES,
    MODULE_FILE,
    RESERVED_MODULE_SLUGS,
    SLUG,
    Reporter,
    check_folder_slug,
    collect_media,
    decode,
    module_files,
)
from .module import parse_module
from .render import Linker
from .source import CourseSource
from .spec import CourseSpec, MediaFile, ModuleSpec, Problem

__all__ = [
    "DEFAULT_CATEGORY",
    "DEFAULT_PASS_PERCENT",
    "MAX_MARKDOWN_BYTES",
    "MEDIA_MAX_BYTES",
    "MODULE_FILE",
    "RESERVED_MODULE_SLUGS",
    "SLUG",
    "FileResult",
    "UrlScheme",
    "course_linker",
    "parse_course",
    "parse_file",
]

MEDIA_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class UrlScheme:
    """How links inside a course become URLs: media(name, sha256) and module(slug, fragment)."""

    media: Callable[[str, str], str] = lambda name, sha: f"media/{name}"
    module: Callable[[str, str], str] = lambda slug, fragment: (
        slug + (f"#{fragment}" if fragment else "")
    )
    course: Callable[[str], str] = lambda fragment: "./" + (f"#{fragment}" if fragment else "")


@dataclass(frozen=True)
class FileResult:
    """One file of a folder read on its own: its module or course (None when it could not be
    read, or when course.md lacks `title` or `jp`) and the problems of that file."""

    path: str
    module: ModuleSpec | None
    course: CourseSpec | None  # for course.md: the course without its modules
    problems: tuple[Problem, ...]


def course_linker(media: dict, slugs_by_file: dict, urls: UrlScheme, iframe_hosts) -> Linker:
    """How links and images inside a course resolve: media by name, modules by file name."""

    def media_url(name: str) -> str | None:
        found = media.get(name)
        return urls.media(name, found.sha256) if found else None

    def media_srcset(name: str) -> str | None:
        found = media.get(name)
        if not found or not found.copies or "," in name:  # a comma would split srcset
            return None
        parts = [f"{urls.media(copy, media[copy].sha256)} {w}w" for copy, w in found.copies]
        return ", ".join([*parts, f"{urls.media(name, found.sha256)} {found.width}w"])

    def module_url(filename: str, fragment: str) -> str | None:
        if filename == "course.md":
            return urls.course(fragment)
        slug = slugs_by_file.get(filename)
        return urls.module(slug, fragment) if slug else None

    return Linker(media_url, module_url, iframe_hosts, media_srcset=media_srcset)


class _Folder:
    """What every file's parse needs from the whole folder: media, module names, problems."""

    def __init__(self, source: CourseSource, urls, iframe_hosts, media_max_bytes: int):
        self.source = source
        self.reporter = Reporter(source)
        self.media: dict[str, MediaFile] = collect_media(source, self.reporter, media_max_bytes)
        self.modules = module_files(source, self.reporter)
        self.slugs = {name: MODULE_FILE.match(name).group(2) for name in self.modules}
        self.urls = urls or UrlScheme()
        self.iframe_hosts = iframe_hosts
        self._check_layout()

    def _check_layout(self) -> None:
        report = self.reporter.for_file("course.md")
        check_folder_slug(self.source, self.reporter)
        if "course.md" not in self.source.files:
            report(1, msg.NO_COURSE_MD)
        elif not self.modules:
            report(1, msg.NO_MODULES)

    def linker(self) -> Linker:
        return course_linker(self.media, self.slugs, self.urls, self.iframe_hosts)

    def text(self, name: str) -> str | None:
        return decode(self.source, name, self.reporter)

    def module(self, name: str, text: str) -> ModuleSpec | None:
        position = self.modules.index(name) + 1
        report = self.reporter.for_file(name)
        args = (name, self.slugs[name], position, text, report, self.linker())
        return _within_budget(text, report, parse_module, *args)

    def course(self, text: str, known: Collection[str] | None, modules: list) -> CourseSpec | None:
        report = self.reporter.for_file("course.md")
        args = (self.source, text, report, self.linker(), known, modules, self.media)
        return _within_budget(text, report, parse_course_md, *args)


def _within_budget(text: str, report, read, *args):
    """READ(*ARGS), or None (with a problem) when reading TEXT costs past its budget."""
    try:
        with budget(limit_for(text)):
            return read(*args)
    except TooComplex:
        report(busiest_line(text), msg.FILE_TOO_COMPLEX)
        return None


def busiest_line(text: str) -> int:
    """The 1-based line with the most bracket, emphasis and tag characters: where to look."""
    counts = [sum(line.count(c) for c in "[]()<>*_`!") for line in text.split("\n")]
    return counts.index(max(counts)) + 1


def parse_course(
    source: CourseSource,
    known_competencies: Collection[str] | None = None,
    urls: UrlScheme | None = None,
    iframe_hosts: Iterable[str] = (),
    media_max_bytes: int = MEDIA_MAX_BYTES,
) -> tuple[CourseSpec | None, list[Problem]]:
    """Parse and validate a course folder; return the spec only if there is no problem."""
    folder = _Folder(source, urls, iframe_hosts, media_max_bytes)
    texts = {name: folder.text(name) for name in ["course.md", *folder.modules]}
    read = [folder.module(name, texts[name]) for name in folder.modules if texts[name] is not None]
    modules = [module for module in read if module is not None]
    course = None
    if texts["course.md"] is not None:
        course = folder.course(texts["course.md"], known_competencies, modules)
    problems = folder.reporter.sorted_problems()
    if problems or course is None:
        return None, problems
    return course, []


def parse_file(
    source: CourseSource,
    path: str,
    known_competencies: Collection[str] | None = None,
    urls: UrlScheme | None = None,
    iframe_hosts: Iterable[str] = (),
    media_max_bytes: int = MEDIA_MAX_BYTES,
) -> FileResult:
    """Read one file of a folder as far as it goes, even while other files have problems.

    The rest of the folder is consulted only for what this file refers to (media, other
    modules' names), so a module shows as learners would see it before the course is valid.
    """
    folder = _Folder(source, urls, iframe_hosts, media_max_bytes)
    text = folder.text(path) if path == "course.md" or path in folder.slugs else None
    module = course = None
    if text is not None and path == "course.md":
        course = folder.course(text, known_competencies, [])
    elif text is not None:
        module = folder.module(path, text)
    return FileResult(path, module, course, tuple(folder.reporter.sorted_problems(path)))
