"""The outline of a course folder: module file names (`NN-slug.md`), their order and templates.

Pure helpers for the editor. The numeric prefix orders the modules and the rest of the
name is the module's slug, which learners' progress is keyed by; so renaming keeps the
prefix and reordering changes only prefixes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable

from .folder import MODULE_FILE, RESERVED_MODULE_SLUGS, SLUG
from .frontmatter import split_front_matter
from .render import slugify

MAX_SLUG = 60  # leaves room for the prefix in Module.filename (120) and in URLs
# `/author/<slug>` shares its first segment with the authoring pages' own addresses.
RESERVED_COURSE_SLUGS = frozenset({"new", "import", "export", "media", "stats"})
# A YAML plain scalar that needs no quotes: starts with a letter or digit, no `:`/`#` traps.
PLAIN_YAML = re.compile(r"^[\w(][\w .,()/'&+-]*$")


def is_module(name: str) -> bool:
    return MODULE_FILE.match(name) is not None


def module_names(paths: Iterable[str]) -> list[str]:
    """The module files among `paths`, in the order learners see them (by number, then name)."""
    names = [p for p in paths if is_module(p)]
    return sorted(names, key=lambda n: (number_of(n), n))


def number_of(name: str) -> int:
    match = MODULE_FILE.match(name)
    if match is None:
        raise ValueError(name)
    return int(match.group(1))


def slug_of(name: str) -> str:
    match = MODULE_FILE.match(name)
    if match is None:
        raise ValueError(name)
    return match.group(2)


def slug_for_title(title: str) -> str:
    return slugify(title, max_length=MAX_SLUG)


def module_slug_problem(slug: str, taken: Collection[str] = ()) -> str | None:
    """Why `slug` cannot name a module ("empty", "format", "long", "reserved", "taken"), or None."""
    problem = _slug_problem(slug, RESERVED_MODULE_SLUGS)
    return "taken" if problem is None and slug in taken else problem


def course_slug_problem(slug: str) -> str | None:
    """Why `slug` cannot name a course ("empty", "format", "long", "reserved"), or None."""
    return _slug_problem(slug, RESERVED_COURSE_SLUGS)


def _slug_problem(slug: str, reserved: Collection[str]) -> str | None:
    if not slug:
        return "empty"
    if len(slug) > MAX_SLUG:
        return "long"
    if not SLUG.match(slug):
        return "format"
    if slug in reserved:
        return "reserved"
    return None


def width_for(count: int) -> int:
    """Digits of the prefix: two (`01`) until there are 100 modules or more."""
    return max(2, len(str(count)))


def file_name(number: int, slug: str, width: int = 2) -> str:
    return f"{number:0{width}d}-{slug}.md"


def next_name(names: Iterable[str], slug: str) -> str:
    """The file name of a module appended after the existing ones."""
    numbers = [number_of(n) for n in names if is_module(n)]
    number = max(numbers, default=0) + 1
    return file_name(number, slug, width_for(number))


def renamed(name: str, slug: str) -> str:
    """The file name with a new slug and the same prefix (so the order stays)."""
    match = MODULE_FILE.match(name)
    if match is None:
        raise ValueError(name)
    return f"{match.group(1)}-{slug}.md"


def moved(order: list[str], name: str, step: int) -> list[str]:
    """The order after moving `name` by `step` places (clamped at both ends)."""
    if name not in order:
        raise ValueError(name)
    result = [n for n in order if n != name]
    index = min(max(order.index(name) + step, 0), len(result))
    result.insert(index, name)
    return result


def renumber(order: list[str]) -> list[tuple[str, str]]:
    """(old, new) names that give `order` the prefixes 1..n; names already right are left out."""
    width = width_for(len(order))
    pairs = [(name, file_name(i, slug_of(name), width)) for i, name in enumerate(order, start=1)]
    return [(old, new) for old, new in pairs if old != new]


def duplicate_slugs(names: Iterable[str]) -> set[str]:
    """Slugs used by more than one module file (renumbering would make their names clash)."""
    seen: set[str] = set()
    twice: set[str] = set()
    for name in names:
        slug = slug_of(name)
        (twice if slug in seen else seen).add(slug)
    return twice


def yaml_text(value: str) -> str:
    """`value` as a one-line YAML scalar: plain when safe, else double-quoted (JSON is YAML)."""
    value = " ".join(value.split())
    if PLAIN_YAML.match(value) and value.lower() not in {"true", "false", "yes", "no", "null"}:
        return value
    return json.dumps(value, ensure_ascii=False)


def title_of(text: str) -> str:
    """The `title` of a file's front matter, or "" when there is none to read."""
    value = split_front_matter(text).data.get("title")
    return " ".join(str(value).split()) if isinstance(value, str | int | float) else ""


def with_title(text: str, title: str) -> str:
    """Set the front matter `title:` line (adding front matter or the key when missing)."""
    line = f"title: {yaml_text(title)}"
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return f"---\n{line}\n---\n\n{text}"
    for index in range(1, len(lines)):
        stripped = lines[index].strip()
        if stripped in ("---", "..."):
            lines.insert(1, line)
            return "\n".join(lines)
        if re.match(r"^title\s*:", lines[index]):
            # A multi-line title (`title: >-` with indented lines) is replaced whole.
            end = index + 1
            while end < len(lines) and lines[end].startswith((" ", "\t")):
                end += 1
            lines[index:end] = [line]
            return "\n".join(lines)
    return f"---\n{line}\n---\n\n{text}"


def module_template(title: str) -> str:
    """The starting text of a new module: front matter, a heading, content and a sample quiz."""
    return (
        f"---\ntitle: {yaml_text(title)}\nminutes: 15\n---\n\n"
        f"# {' '.join(title.split())}\n\n"
        "Tulis materi modul di sini.\n\n"
        "## Kuis\n\n"
        "### Tulis pertanyaan pertama di sini\n"
        "- [x] Jawaban yang benar\n"
        "- [ ] Jawaban yang salah\n\n"
        "> Penjelasan yang ditampilkan setelah peserta mengirim jawaban.\n"
    )


def course_template(title: str) -> str:
    """The starting course.md: the required settings and an overview to fill in."""
    return (
        f"---\ntitle: {yaml_text(title)}\n"
        "summary: Ringkasan singkat kursus ini.\n"
        "category: umum\n"
        "jp: 1\n"
        "pass_percent: 70\n"
        "---\n\n"
        "# Tentang kursus ini\n\n"
        "Jelaskan tujuan kursus, sasaran peserta, dan apa yang akan dipelajari.\n"
    )


def first_module_template() -> str:
    """The first module of a new course, so the new draft is a valid course from the start."""
    return (
        "---\ntitle: Pengantar\nminutes: 10\n---\n\n"
        "# Pengantar\n\n"
        "Tulis materi pengantar di sini.\n"
    )
