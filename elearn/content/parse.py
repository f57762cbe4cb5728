"""Course folder -> CourseSpec, reporting every problem as `path:line: message` at once."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

from .frontmatter import FrontMatter, split_front_matter
from .media import check_media
from .quiz import parse_questions, section_kind, top_level_blocks
from .render import Linker, markdown, plain_text, render_with_toc
from .source import CourseSource, normalise_text_bytes
from .spec import CourseSpec, MediaFile, ModuleSpec, Problem, Quiz, QuizSettings

MODULE_FILE = re.compile(r"^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

COURSE_KEYS = (
    "title", "summary", "category", "jp", "competencies", "pass_percent", "pretest",
    "valid_years", "exam",
)  # fmt: skip
MODULE_KEYS = ("title", "minutes", "quiz")
QUIZ_KEYS = ("pass_percent", "attempts", "draw", "shuffle", "time_limit")
DEFAULT_PASS_PERCENT = 70
DEFAULT_CATEGORY = "umum"
MAX_MARKDOWN_BYTES = 1024 * 1024
# Page addresses beside /courses/<course>/<module> that a module slug must not shadow.
RESERVED_MODULE_SLUGS = {"exam", "pretest", "survey", "quiz", "media", "read"}
WORDS_PER_MINUTE = 100  # careful reading of instructional text on a phone


@dataclass(frozen=True)
class UrlScheme:
    """How links inside a course become URLs: media(name, sha256) and module(slug, fragment)."""

    media: Callable[[str, str], str] = lambda name, sha: f"media/{name}"
    module: Callable[[str, str], str] = lambda slug, fragment: (
        slug + (f"#{fragment}" if fragment else "")
    )
    course: Callable[[str], str] = lambda fragment: "./" + (f"#{fragment}" if fragment else "")


class _Reporter:
    def __init__(self, source: CourseSource):
        self.source = source
        self.problems: list[Problem] = list(source.problems)

    def for_file(self, relpath: str) -> Callable[[int, str], None]:
        display = self.source.display(relpath)
        return lambda line, message: self.problems.append(Problem(display, line, message))


def course_linker(media: dict, slugs_by_file: dict, urls: UrlScheme, iframe_hosts) -> Linker:
    """How links and images inside a course resolve: media by name, modules by file name."""

    def media_url(name: str) -> str | None:
        found = media.get(name)
        return urls.media(name, found.sha256) if found else None

    def module_url(filename: str, fragment: str) -> str | None:
        if filename == "course.md":
            return urls.course(fragment)
        slug = slugs_by_file.get(filename)
        return urls.module(slug, fragment) if slug else None

    return Linker(media_url, module_url, iframe_hosts)


def parse_course(
    source: CourseSource,
    known_competencies: Collection[str] | None = None,
    urls: UrlScheme | None = None,
    iframe_hosts: Iterable[str] = (),
    media_max_bytes: int = 5 * 1024 * 1024,
) -> tuple[CourseSpec | None, list[Problem]]:
    """Parse and validate a course folder; return the spec only if there is no problem."""
    urls = urls or UrlScheme()
    reporter = _Reporter(source)
    if not SLUG.match(source.slug):
        reporter.for_file("course.md")(
            1,
            f"nama folder kursus `{source.slug}` harus huruf kecil, angka dan tanda hubung, "
            "mis. `pelayanan-prima`",
        )

    media = _collect_media(source, reporter, media_max_bytes)
    module_files = _module_files(source, reporter)
    texts = {name: _decode(source, name, reporter) for name in ["course.md", *module_files]}

    slugs_by_file = {name: MODULE_FILE.match(name).group(2) for name in module_files}

    def linker() -> Linker:
        return course_linker(media, slugs_by_file, urls, iframe_hosts)

    course_text = texts.get("course.md")
    if "course.md" not in source.files:
        reporter.for_file("course.md")(1, "course.md tidak ada: setiap kursus butuh berkas ini")
    modules = []
    for position, name in enumerate(module_files, start=1):
        if texts.get(name) is None:
            continue
        module = _parse_module(name, slugs_by_file[name], position, texts[name], reporter, linker())
        if module:
            modules.append(module)
    if not module_files and "course.md" in source.files:
        reporter.for_file("course.md")(
            1, "kursus tidak punya modul: tambahkan berkas seperti `01-pengantar.md`"
        )

    course = None
    if course_text is not None:
        course = _parse_course_md(
            source, course_text, reporter, linker(), known_competencies, modules, media
        )
    problems = sorted(set(reporter.problems), key=_problem_order)
    if problems or course is None:
        return None, problems
    return course, []


def _problem_order(problem: Problem) -> tuple:
    return (problem.path, problem.line, problem.message)


def _decode(source: CourseSource, name: str, reporter: _Reporter) -> str | None:
    data = source.files.get(name)
    if data is None:
        return None
    if len(data) > MAX_MARKDOWN_BYTES:
        reporter.for_file(name)(
            1, "berkas terlalu besar (lebih dari 1 MB); bagi menjadi beberapa modul"
        )
        return None
    data = normalise_text_bytes(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reporter.for_file(name)(line, "berkas bukan teks UTF-8: simpan ulang sebagai UTF-8")
        return None


def _collect_media(
    source: CourseSource, reporter: _Reporter, max_bytes: int
) -> dict[str, MediaFile]:
    media: dict[str, MediaFile] = {}
    for name, data in source.files.items():
        if not name.startswith("media/"):
            continue
        short = name[len("media/") :]
        error, mime = check_media(short, data, max_bytes)
        if error:
            reporter.for_file(name)(1, error)
            continue
        media[short] = MediaFile(short, hashlib.sha256(data).hexdigest(), mime, data)
    return media


def _module_files(source: CourseSource, reporter: _Reporter) -> list[str]:
    found: list[tuple[int, str]] = []
    slugs: dict[str, str] = {}
    for name in sorted(source.files, key=_file_order):
        if name == "course.md" or name.startswith("media/"):
            continue
        report = reporter.for_file(name)
        if "/" in name:
            report(1, "subfolder tidak dikenal: gambar dan lampiran disimpan di folder `media/`")
            continue
        if not name.endswith(".md"):
            report(1, "berkas tidak dikenal: gambar dan lampiran disimpan di folder `media/`")
            continue
        match = MODULE_FILE.match(name)
        if not match:
            report(
                1,
                "nama berkas modul harus nomor urut lalu slug huruf kecil, mis. `01-pengantar.md`",
            )
            continue
        slug = match.group(2)
        if slug in RESERVED_MODULE_SLUGS:
            report(1, f"slug modul `{slug}` dipakai alamat platform; ganti nama berkasnya")
            continue
        if slug in slugs:
            report(1, f"slug modul `{slug}` sudah dipakai oleh `{slugs[slug]}`")
            continue
        slugs[slug] = name
        found.append((int(match.group(1)), name))
    return [name for _, name in sorted(found)]


def _file_order(name: str) -> tuple[int, str]:
    """Order module files by their number, so `2-x.md` comes before `10-x.md`."""
    match = MODULE_FILE.match(name)
    return (int(match.group(1)) if match else 0, name)


def _split_sections(
    body: str, body_offset: int, report: Callable[[int, str], None], expected: str
) -> tuple[list[str], tuple[int, list[str]] | None]:
    """Cut the quiz or exam section out of a body; return content lines and (line, lines)."""
    lines = body.split("\n")
    tokens = markdown().parse(body, {})
    h2_starts = [
        (opener.map[0], block[1].content, opener.markup)
        for opener, block in top_level_blocks(tokens)
        if opener.type == "heading_open" and opener.tag == "h2"
    ]
    content: list[str] = []
    section: tuple[int, list[str]] | None = None
    cursor = 0
    for number, (start, heading, _) in enumerate(h2_starts):
        kind = section_kind(heading)
        if kind is None:
            continue
        end = h2_starts[number + 1][0] if number + 1 < len(h2_starts) else len(lines)
        line = body_offset + start + 1
        if kind != expected:
            if expected == "quiz":
                report(line, "`## Ujian Akhir` hanya untuk course.md; di modul gunakan `## Kuis`")
            else:
                report(line, "`## Kuis` hanya untuk modul; di course.md gunakan `## Ujian Akhir`")
        elif section is not None:
            report(line, f"bagian soal ditulis dua kali (yang pertama di baris {section[0]})")
        else:
            section = (line, lines[start + 1 : end])
            if number + 1 < len(h2_starts) and h2_starts[number + 1][2] != "##":
                # `text` over `---` is a level-2 heading: the questions after it would be
                # shown as content, answers and all, where a separator line was meant.
                report(
                    body_offset + end + 1,
                    "baris `---` tepat di bawah teks menjadikannya judul yang menutup bagian "
                    "soal; beri baris kosong di atas `---`, atau tulis judulnya sebagai `## ...`",
                )
        content.extend(lines[cursor:start])
        cursor = end
    content.extend(lines[cursor:])
    return content, section


def _quiz(
    section: tuple[int, list[str]] | None,
    settings: QuizSettings | None,
    fm: FrontMatter,
    settings_key: str,
    report: Callable[[int, str], None],
    linker: Linker,
) -> Quiz | None:
    if section is None:
        if settings_key in fm.data:
            heading = "## Kuis" if settings_key == "quiz" else "## Ujian Akhir"
            report(
                fm.line(settings_key),
                f"ada pengaturan `{settings_key}` tetapi tidak ada bagian `{heading}`",
            )
        return None
    line, lines = section
    questions, intro = parse_questions(lines, line + 1, report, linker)
    if not questions:
        if not any(s.lstrip().startswith("###") for s in lines):
            report(line, "bagian soal tidak berisi pertanyaan: setiap pertanyaan diawali `### `")
        return None
    settings = settings or QuizSettings()
    if settings.draw is not None and settings.draw > len(questions):
        report(
            fm.line(settings_key, "draw"),
            f"`draw` ({settings.draw}) lebih besar dari jumlah pertanyaan ({len(questions)})",
        )
    return Quiz(settings, tuple(questions), intro)


def _check_keys(fm: FrontMatter, allowed: tuple[str, ...], report, prefix: tuple[str, ...] = ()):
    data = fm.data
    for key in prefix:
        data = data.get(key) if isinstance(data, dict) else None
    if not isinstance(data, dict):
        return
    for key in data:
        if str(key) not in allowed:
            where = ".".join((*prefix, str(key)))
            report(
                fm.line(*prefix, str(key)),
                f"kunci `{where}` tidak dikenal; yang dikenal: {', '.join(allowed)}",
            )


def _int(fm, report, keys: tuple[str, ...], low: int, high: int, default: Any = None):
    value: Any = fm.data
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        report(
            fm.line(*keys),
            f"`{'.'.join(keys)}` harus bilangan bulat {low}–{high}; tertulis `{value}`",
        )
        return default
    return value


def _bool(fm, report, keys: tuple[str, ...], default: bool = False) -> bool:
    value: Any = fm.data
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    if value is None:
        return default
    if not isinstance(value, bool):
        report(fm.line(*keys), f"`{'.'.join(keys)}` harus `true` atau `false`; tertulis `{value}`")
        return default
    return value


def _unreadable(fm: FrontMatter) -> bool:
    """True when the front matter could not be read at all (its error is reported already)."""
    return bool(fm.errors) and not fm.data


def _text(fm, report, key: str, required: bool = False) -> str:
    value = fm.data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required and not _unreadable(fm):
            report(fm.line(key), f"`{key}` wajib diisi di pengaturan (front matter)")
        return ""
    if isinstance(value, dict | list):
        report(fm.line(key), f"`{key}` harus berupa teks satu baris")
        return ""
    return " ".join(str(value).split())


def _quiz_settings(fm: FrontMatter, report, key: str) -> QuizSettings | None:
    raw = fm.data.get(key)
    if raw is None:
        return None
    if not isinstance(raw, dict):
        report(fm.line(key), f"`{key}` harus berisi pengaturan seperti `attempts: 3`")
        return None
    _check_keys(fm, QUIZ_KEYS, report, (key,))
    return QuizSettings(
        pass_percent=_int(fm, report, (key, "pass_percent"), 0, 100),
        attempts=_int(fm, report, (key, "attempts"), 0, 1000, 0),
        draw=_int(fm, report, (key, "draw"), 1, 1000),
        shuffle=_bool(fm, report, (key, "shuffle")),
        time_limit=_int(fm, report, (key, "time_limit"), 1, 24 * 60),
    )


def _front_matter(text: str, report) -> FrontMatter:
    fm = split_front_matter(text)
    for line, message in fm.errors:
        report(line, message)
    if fm.body_offset == 0:  # split_front_matter found no opening `---` line
        report(1, "berkas harus diawali pengaturan (front matter) di antara dua baris `---`")
    return fm


def _parse_module(
    name: str, slug: str, position: int, text: str, reporter: _Reporter, linker: Linker
) -> ModuleSpec | None:
    report = reporter.for_file(name)
    fm = _front_matter(text, report)
    _check_keys(fm, MODULE_KEYS, report)
    content, section = _split_sections(fm.body, fm.body_offset, report, "quiz")
    source = "\n".join(content)
    title = _text(fm, report, "title") or _first_h1(source) or slug.replace("-", " ").capitalize()
    settings = _quiz_settings(fm, report, "quiz")
    quiz = _quiz(section, settings, fm, "quiz", report, linker)
    words = len(plain_text(source).split())
    default_minutes = max(5, math.ceil(words / WORDS_PER_MINUTE / 5) * 5)
    minutes = _int(fm, report, ("minutes",), 1, 24 * 60, default_minutes)
    html, toc = render_with_toc(_drop_title(source, title), linker)
    _report_links(linker, fm.body.split("\n"), fm.body_offset, report)
    return ModuleSpec(
        slug=slug,
        position=position,
        filename=name,
        title=title,
        minutes=minutes,
        html=html,
        toc=toc,
        text=plain_text(source),
        quiz=quiz,
    )


def _first_h1(source: str) -> str:
    match = re.search(r"^# +(.+?)\s*#*\s*$", source, re.MULTILINE)
    return match.group(1).strip() if match else ""


def _drop_title(source: str, title: str) -> str:
    """Remove a leading `# Title` that repeats the title the page already shows."""
    match = re.match(r"\s*# +(.+?)\s*#*\s*(\n|$)", source)
    if match and " ".join(match.group(1).split()).casefold() == title.casefold():
        return source[match.end() :]
    return source


def _report_links(linker: Linker, content: list[str], offset: int, report) -> None:
    for url in dict.fromkeys(linker.missing):
        line = next((i for i, s in enumerate(content) if url in s), None)
        where = offset + line + 1 if line is not None else offset + 1
        if url.lstrip("./").startswith("media/"):
            report(where, f"berkas media `{url}` tidak ada di folder `media/` kursus ini")
        else:
            report(
                where,
                f"tautan `{url}` tidak menunjuk ke berkas kursus yang ada; "
                "gunakan alamat lengkap (https://...) atau nama berkas modul",
            )
    linker.missing.clear()


def _parse_course_md(
    source: CourseSource,
    text: str,
    reporter: _Reporter,
    linker: Linker,
    known_competencies: Collection[str] | None,
    modules: list[ModuleSpec],
    media: dict[str, MediaFile],
) -> CourseSpec | None:
    report = reporter.for_file("course.md")
    fm = _front_matter(text, report)
    _check_keys(fm, COURSE_KEYS, report)
    title = _text(fm, report, "title", required=True)
    summary = _text(fm, report, "summary")
    category = _text(fm, report, "category") or DEFAULT_CATEGORY
    if not SLUG.match(category):
        report(fm.line("category"), "`category` harus slug huruf kecil, mis. `pelayanan-publik`")
    jp = _int(fm, report, ("jp",), 1, 1000)
    if jp is None and fm.data.get("jp") is None and not _unreadable(fm):
        report(fm.line("jp"), "`jp` wajib diisi: jam pelajaran yang dikreditkan (1 JP = 45 menit)")
    pass_percent = _int(fm, report, ("pass_percent",), 0, 100, DEFAULT_PASS_PERCENT)
    pretest = _bool(fm, report, ("pretest",))
    valid_years = _int(fm, report, ("valid_years",), 1, 100)
    competencies = _competencies(fm, report, known_competencies)

    content, section = _split_sections(fm.body, fm.body_offset, report, "exam")
    settings = _quiz_settings(fm, report, "exam")
    exam = _quiz(section, settings, fm, "exam", report, linker)
    if pretest and section is None:
        report(fm.line("pretest"), "`pretest: true` butuh bagian `## Ujian Akhir` di course.md")
    overview_source = "\n".join(content)
    overview_html, _ = render_with_toc(_drop_title(overview_source, title), linker)
    _report_links(linker, fm.body.split("\n"), fm.body_offset, report)

    if not title or jp is None:
        return None
    texts = [title, summary, plain_text(overview_source)]
    texts += [f"{m.title} {m.text}" for m in modules]
    return CourseSpec(
        slug=source.slug,
        title=title,
        summary=summary,
        category=category,
        jp=jp,
        competencies=competencies,
        pass_percent=pass_percent,
        pretest=pretest,
        valid_years=valid_years,
        overview_html=overview_html,
        modules=tuple(modules),
        exam=exam,
        media=tuple(media[name] for name in sorted(media)),
        content_hash=source.content_hash(),
        text=" ".join(texts),
    )


def _competencies(fm: FrontMatter, report, known: Collection[str] | None) -> tuple:
    raw = fm.data.get("competencies")
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        report(fm.line("competencies"), "`competencies` harus berisi baris `kode: level`")
        return ()
    result = []
    for code, level in raw.items():
        line = fm.line("competencies", str(code))
        code = str(code)
        if known is not None and code not in known:
            report(line, f"kompetensi `{code}` tidak dikenal di competencies.yml")
            continue
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
            report(line, f"level kompetensi `{code}` harus 1–5; tertulis `{level}`")
            continue
        result.append((code, level))
    return tuple(result)
