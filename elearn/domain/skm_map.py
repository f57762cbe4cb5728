"""The SKM mapping file (`courses/skm.yml`): which competencies and courses address each of
the nine elements (unsur) of the citizens' satisfaction survey, so that a weak element can
be answered with the right training.

Pure: the file's text in, its items and problems out, each problem at `path:line` like the
course checker's. What exists (the competency dictionary, the courses and their modules) is
given by the caller, who reads it from the folders being checked or from the database.

    elements:
      U3:                       # Waktu penyelesaian
        competencies: [manajemen-waktu]
        courses: [manajemen-waktu]
      U8:
        courses: [pelayanan-prima/menangani-pengaduan]   # one module of a course
      U9: {}                    # nothing: sarana is not a matter of training
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import yaml

from .skm import ELEMENT_NUMBERS
from .texts import N_

ROOT_KEY = "elements"
COMPETENCIES = "competencies"
COURSES = "courses"
ENTRY_KEYS = (COMPETENCIES, COURSES)
ELEMENT_CODE = re.compile(r"^U([1-9])$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

YAML_INVALID = N_("YAML tidak valid: {problem}")
YAML_TOO_DEEP = N_("YAML tidak valid: susunan bertingkat terlalu dalam")
ROOT = N_("berkas harus berisi `elements:` dengan satu entri per unsur, mis. `U7:`")
ROOT_KEY_UNKNOWN = N_("kunci `{key}` tidak dikenal; yang dikenal: elements")
ROOT_TWICE = N_("`elements:` ditulis dua kali (baris {line}); gabungkan isinya")
ELEMENT_UNKNOWN = N_("unsur `{code}` tidak dikenal; tulis U1 sampai U9")
ELEMENT_TWICE = N_("unsur `{code}` ditulis dua kali (baris {line})")
ENTRY_NOT_MAPPING = N_(
    "unsur `{code}` harus berisi `competencies:` dan/atau `courses:`, atau dibiarkan kosong"
)
ENTRY_KEY = N_("kunci `{key}` di `{code}` tidak dikenal; yang dikenal: competencies, courses")
NOT_A_LIST = N_("`{key}` di `{code}` harus berupa daftar, mis. `[a, b]`")
ITEM_NOT_TEXT = N_("isi `{key}` di `{code}` harus berupa teks, bukan daftar atau pasangan kunci")
COMPETENCY_SLUG = N_("kode kompetensi `{value}` harus slug huruf kecil, mis. `komunikasi`")
COURSE_REF = N_(
    "`{value}` bukan kursus atau kursus/modul, "
    "mis. `pelayanan-prima` atau `pelayanan-prima/menangani-pengaduan`"
)
COMPETENCY_TWICE = N_("kompetensi `{value}` ditulis dua kali di `{code}` (baris {line})")
COURSE_TWICE = N_("kursus `{value}` ditulis dua kali di `{code}` (baris {line})")
COURSE_AND_MODULE = N_(
    "`{value}` sudah tercakup oleh kursus `{course}` utuh di `{code}` (baris {line}); "
    "tulis salah satunya"
)
COMPETENCY_UNKNOWN = N_("kompetensi `{value}` tidak dikenal di competencies.yml")
COURSE_UNKNOWN = N_(
    "kursus `{value}` tidak dikenal: tidak ada di folder yang diperiksa dan belum diterbitkan"
)
MODULE_UNKNOWN = N_("modul `{module}` tidak ada di kursus `{course}`; modulnya: {modules}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the mapping file, reported as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class CourseRef:
    """A course as a whole (`module` None) or one of its modules."""

    course: str
    module: str | None = None

    @property
    def key(self) -> str:
        return f"{self.course}/{self.module}" if self.module else self.course

    @classmethod
    def parse(cls, text: str) -> CourseRef | None:
        """`slug` or `slug/module-slug`; None for anything else."""
        parts = text.split("/")
        if len(parts) > 2 or not all(SLUG.match(part) for part in parts):
            return None
        return cls(parts[0], parts[1] if len(parts) == 2 else None)


@dataclass(frozen=True)
class Item:
    """One competency or course named under one element, where the file names it."""

    element: int
    kind: str  # COMPETENCIES or COURSES
    value: str
    line: int


@dataclass(frozen=True)
class Entry:
    """What addresses one element: competency slugs and courses (or modules), in file order."""

    element: int
    competencies: tuple[str, ...] = ()
    courses: tuple[CourseRef, ...] = ()

    @property
    def code(self) -> str:
        return f"U{self.element}"


@dataclass(frozen=True)
class SkmMap:
    """Every element's entry, U1 to U9 in order; an element the file leaves out maps to
    nothing."""

    entries: tuple[Entry, ...] = field(
        default_factory=lambda: tuple(Entry(n) for n in ELEMENT_NUMBERS)
    )

    def entry(self, number: int) -> Entry:
        return self.entries[number - 1]

    @property
    def competency_count(self) -> int:
        return sum(len(e.competencies) for e in self.entries)

    @property
    def course_count(self) -> int:
        return sum(len(e.courses) for e in self.entries)


def parse(text: str, path: str) -> tuple[list[Item], list[Problem]]:
    """Read the file's items; every problem of form (not of what exists) is reported."""
    problems: list[Problem] = []

    def report(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    items: list[Item] = []
    seen: dict[int, int] = {}
    for key_node, node in _elements(text, report):
        code = str(key_node.value).strip()
        line = key_node.start_mark.line + 1
        found = ELEMENT_CODE.match(code.upper())
        if not found:
            report(line, ELEMENT_UNKNOWN.format(code=code))
            continue
        number = int(found.group(1))
        if number in seen:
            report(line, ELEMENT_TWICE.format(code=f"U{number}", line=seen[number]))
            continue
        seen[number] = line
        items += _entry_items(number, node, line, report)
    return items, problems


def check(
    items: list[Item],
    path: str,
    competencies: Collection[str],
    courses: Mapping[str, Collection[str]],
) -> list[Problem]:
    """What the items name that does not exist: competencies of the dictionary, courses
    (slug -> module slugs) of the folders checked or published."""
    problems = []
    for item in items:
        message = None
        if item.kind == COMPETENCIES and item.value not in competencies:
            message = COMPETENCY_UNKNOWN.format(value=item.value)
        elif item.kind == COURSES:
            message = _course_problem(CourseRef.parse(item.value), courses)
        if message:
            problems.append(Problem(path, item.line, message))
    return problems


def _course_problem(ref: CourseRef | None, courses: Mapping[str, Collection[str]]):
    if ref is None:  # parse() reported it already
        return None
    if ref.course not in courses:
        return COURSE_UNKNOWN.format(value=ref.course)
    modules = courses[ref.course]
    if ref.module is not None and ref.module not in modules:
        listed = ", ".join(modules) or "-"
        return MODULE_UNKNOWN.format(module=ref.module, course=ref.course, modules=listed)
    return None


def build(items: list[Item]) -> SkmMap:
    """The map the (valid) items describe."""
    entries = []
    for number in ELEMENT_NUMBERS:
        mine = [i for i in items if i.element == number]
        entries.append(
            Entry(
                number,
                tuple(i.value for i in mine if i.kind == COMPETENCIES),
                tuple(CourseRef.parse(i.value) for i in mine if i.kind == COURSES),  # type: ignore[misc]
            )
        )
    return SkmMap(tuple(entries))


def read(
    text: str,
    path: str,
    competencies: Collection[str],
    courses: Mapping[str, Collection[str]],
) -> tuple[SkmMap | None, list[Problem]]:
    """Parse and check the file: the map when nothing is wrong, else None and every problem."""
    items, problems = parse(text, path)
    problems += check(items, path, competencies, courses)
    problems.sort(key=lambda p: p.line)  # stable: a line keeps its items in file order
    return (None if problems else build(items)), problems


# --- reading the YAML ------------------------------------------------------------------


def _elements(text: str, report) -> list:
    """The (key node, value node) pairs under `elements:`; [] after reporting why not."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or exc
        report(mark.line + 1 if mark else 1, YAML_INVALID.format(problem=problem))
        return []
    except RecursionError:
        report(1, YAML_TOO_DEEP)
        return []
    if not isinstance(root, yaml.MappingNode):
        report(1, ROOT)
        return []
    found, found_line = None, 0
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        if key_node.value != ROOT_KEY:
            report(line, ROOT_KEY_UNKNOWN.format(key=key_node.value))
        elif found is not None:
            report(line, ROOT_TWICE.format(line=found_line))
        else:
            found, found_line = value_node, line
    if found is None or not _is_mapping_or_empty(found):
        report(found_line or 1, ROOT)
        return []
    return found.value if isinstance(found, yaml.MappingNode) else []


def _is_mapping_or_empty(node) -> bool:
    return isinstance(node, yaml.MappingNode) or _is_null(node)


def _is_null(node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _entry_items(number: int, node, line: int, report) -> list[Item]:
    """The items of one element's entry; an empty entry (`U9:` or `U9: {}`) has none."""
    code = f"U{number}"
    if _is_null(node):
        return []
    if not isinstance(node, yaml.MappingNode):
        report(line, ENTRY_NOT_MAPPING.format(code=code))
        return []
    items: list[Item] = []
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in ENTRY_KEYS:
            report(key_node.start_mark.line + 1, ENTRY_KEY.format(key=key, code=code))
            continue
        items += _list_items(number, key, key_node, value_node, report)
    return _without_repeats(items, code, report)


def _list_items(number: int, key: str, key_node, node, report) -> list[Item]:
    """`key: [a, b]`, a block list, one plain value, or nothing."""
    code = f"U{number}"
    if _is_null(node):
        return []
    if isinstance(node, yaml.ScalarNode):
        values = [node]
    elif isinstance(node, yaml.SequenceNode):
        values = node.value
    else:
        report(key_node.start_mark.line + 1, NOT_A_LIST.format(key=key, code=code))
        return []
    items = []
    for value in values:
        line = value.start_mark.line + 1
        if not isinstance(value, yaml.ScalarNode) or _is_null(value):
            report(line, ITEM_NOT_TEXT.format(key=key, code=code))
            continue
        text = str(value.value).strip()
        if key == COMPETENCIES and not SLUG.match(text):
            report(line, COMPETENCY_SLUG.format(value=text))
        elif key == COURSES and CourseRef.parse(text) is None:
            report(line, COURSE_REF.format(value=text))
        else:
            items.append(Item(number, key, text, line))
    return items


def _without_repeats(items: list[Item], code: str, report) -> list[Item]:
    """Report a competency or course named twice under one element, or a course named both
    whole and by one of its modules; keep the first."""
    kept: list[Item] = []
    first: dict[tuple[str, str], int] = {}
    for item in items:
        seen = first.get((item.kind, item.value))
        if seen is not None:
            twice = COMPETENCY_TWICE if item.kind == COMPETENCIES else COURSE_TWICE
            report(item.line, twice.format(value=item.value, code=code, line=seen))
            continue
        first[(item.kind, item.value)] = item.line
        kept.append(item)
    whole = {i.value: i.line for i in kept if i.kind == COURSES and "/" not in i.value}
    result = []
    for item in kept:
        course = item.value.split("/")[0]
        if item.kind == COURSES and "/" in item.value and course in whole:
            message = COURSE_AND_MODULE.format(
                value=item.value, course=course, code=code, line=whole[course]
            )
            report(item.line, message)
            continue
        result.append(item)
    return result
