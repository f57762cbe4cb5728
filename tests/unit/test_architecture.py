"""The shape of the house, checked: imports flow one way, files and functions stay small.

These read the source with `ast`; nothing is imported or run. A failure names the place.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "elearn"
MAX_FILE_LINES = 450
MAX_FUNCTION_LINES = 60
PURE = ("content", "domain")  # the ground floor: no Flask, no database


def _modules() -> list[tuple[str, Path, ast.Module]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        name = ".".join(("elearn", *relative.with_suffix("").parts))
        if name.endswith(".__init__"):
            name = name.removesuffix(".__init__")
        found.append((name, path, ast.parse(path.read_text(encoding="utf-8"))))
    return found


MODULES = _modules()


def _imported(module: str, path: Path, tree: ast.Module) -> list[tuple[str, list, list]]:
    """Every absolute module name imported anywhere in the file (functions too), with the
    names taken from it and the local names they are bound to."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((alias.name, [], []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [alias.name for alias in node.names]
            out.append((target, names, [alias.asname or alias.name for alias in node.names]))
    return out


def _area(module: str) -> str | None:
    """The top-level part of elearn a module belongs to (a package or a single module)."""
    parts = module.split(".")
    return parts[1] if parts[0] == "elearn" and len(parts) > 1 else None


def _package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path, tree in MODULES:
        source = _area(module)
        for target, names, _local in _imported(module, path, tree):
            targets = [target]
            if target == "elearn":  # `from .. import clock`
                targets = [f"elearn.{name}" for name in names]
            for each in targets:
                area = _area(each)
                if source and area and area != source:
                    graph[source].add(area)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(graph.get(node, ()))
        return False

    return sorted((a, b) for a in graph for b in graph[a] if reaches(b, a))


def test_no_import_cycle_between_packages():
    assert _cycles(_package_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"learn": {"quiz"}, "quiz": {"learn"}, "web": set()}) == [
        ("learn", "quiz"),
        ("quiz", "learn"),
    ]


@pytest.mark.parametrize("area", PURE)
def test_pure_packages_import_no_flask_and_no_database(area):
    offenders = [
        (module, target)
        for module, path, tree in MODULES
        if _area(module) == area
        for target, _names, _local in _imported(module, path, tree)
        if target.split(".")[0] in {"flask", "flask_babel", "sqlalchemy", "flask_sqlalchemy"}
        or (_area(target) not in (None, *PURE) and target.startswith("elearn"))
    ]
    assert offenders == []


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_private_name_is_used_across_packages():
    offenders = []
    for module, path, tree in MODULES:
        neighbours = set()  # local names of what this file took from other packages
        for target, names, local in _imported(module, path, tree):
            if not target.startswith("elearn") or _area(target) == _area(module):
                continue
            offenders += [(module, target, n) for n in names if _private(n)]
            neighbours.update(local)
        offenders += [
            (module, node.value.id, node.attr)
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in neighbours
            and _private(node.attr)
        ]
    assert offenders == []


def test_no_file_is_too_long():
    long_files = {
        str(path.relative_to(PACKAGE)): lines
        for _module, path, _tree in MODULES
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    }
    assert long_files == {}


def test_no_function_is_too_long():
    long_functions = {
        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}": length
        for _module, path, tree in MODULES
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (length := node.end_lineno - node.lineno + 1) > MAX_FUNCTION_LINES
    }
    assert long_functions == {}


def test_views_and_commands_never_commit():
    """Services commit, once per user action; views and the CLI call them."""
    offenders = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for module, path, tree in MODULES
        if module.rpartition(".")[2].endswith(("views", "cli"))
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "commit"
    ]
    assert offenders == []
