"""How long the course checker takes on hostile Markdown, by size.

Run: python -m bench.hostile_markdown [KB ...]   (default: 20 40 80 140)

Each payload is one module file of a small course, read by `parse_course` exactly as an
import, a publish or the editor's preview reads it. The table gives seconds and, where the
checker counts them (elearn.content.budget), units of parser work per byte (a rule call or
a token made): real course files cost about 2. `*` marks a file the checker stopped
reading (past its budget). A payload whose time grows four-fold when its size doubles is
quadratic. The payloads are also the hostile inputs of tests/unit/test_hostile_markdown.py.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from elearn.content.parse import parse_course
from elearn.content.source import CourseSource

COURSE_MD = b"---\ntitle: Kursus\njp: 1\n---\n\nIkhtisar.\n"
FRONT = "---\ntitle: Modul\n---\n\n"


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit) + 1)


# What the security review and the markdown-it issue trackers found slow, one kind each.
PAYLOADS: dict[str, Callable[[int], str]] = {
    "open brackets": _repeat("["),
    "open images": _repeat("!["),
    "open footnote refs": _repeat("[^"),
    "brackets then text": _repeat("[a"),
    "bracket per line": _repeat("[\n"),
    "unclosed links": _repeat("[](\n"),
    "nested brackets": lambda size: "[" * (size // 2) + "]" * (size // 2),
    "emphasis": _repeat("*_"),
    "strong": _repeat("**a"),
    "html tags": _repeat("<a "),
    "open tags": _repeat("<"),
    "backticks": _repeat("`a``"),
    "reference definitions": _repeat("[x]: <\n"),
    "nested lists": lambda size: "".join(f"{' ' * (2 * (i % 40))}- a\n" for i in range(size // 40)),
    "nested quotes": _repeat("> "),
    "task list": _repeat("- [ ] ["),
    "quiz of brackets": lambda size: "## Kuis\n\n### Q\n\n" + "[" * size,
    "heading of ids": lambda size: "## " + "{#" * (size // 2),
}


def module_text(kind: str, size: int) -> str:
    """A module file of about SIZE bytes whose body is payload KIND."""
    return (FRONT + PAYLOADS[kind](size))[:size]


def course_with(text: str) -> CourseSource:
    files = {"course.md": COURSE_MD, "01-modul.md": text.encode()}
    return CourseSource("kursus", files, "kursus")


def measure(text: str) -> tuple[float, int | None, list]:
    """Seconds and work units (None when the checker does not count them) to check TEXT."""
    try:
        from elearn.content import budget
    except ImportError:  # a checkout from before the budget
        budget = None
    started = time.perf_counter()
    if budget is None:
        _, problems = parse_course(course_with(text))
        return time.perf_counter() - started, None, problems
    with budget.budget(10**12) as spent:
        _, problems = parse_course(course_with(text))
    return time.perf_counter() - started, spent.spent, problems


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [20, 40, 80, 140]
    print(f"{'payload':24}" + "".join(f"{kb:>8} KB" for kb in sizes) + "  units/byte")
    for kind in PAYLOADS:
        cells, per_byte = [], ""
        for kb in sizes:
            seconds, units, problems = measure(module_text(kind, kb * 1024))
            stopped = any("terlalu rumit" in p.message for p in problems)
            cells.append(f"{seconds:>8.2f}s" + ("*" if stopped else " "))
            if units is not None:
                per_byte = f"{units / (kb * 1024):.1f}"
        print(f"{kind:24}" + "".join(cells) + f"  {per_byte}", flush=True)
    print("* the checker stopped reading the file: past its work budget")


if __name__ == "__main__":
    main(sys.argv[1:])
