"""The shape of tests/: helpers come from tests/helpers, fixtures from conftest.py files;
no test module imports another, and no module imports a conftest."""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent


def imported_test_modules(path: Path) -> list[str]:
    """Modules under tests/ that `path` imports, other than tests.helpers."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            inside = parts[0] == "tests" and len(parts) > 1 and parts[1] != "helpers"
            if inside and (parts[-1].startswith("test_") or parts[-1] == "conftest"):
                found.append(name)
    return found


def test_no_module_imports_a_test_module_or_a_conftest():
    offenders = {
        str(path.relative_to(TESTS)): imported_test_modules(path)
        for path in sorted(TESTS.rglob("*.py"))
    }
    assert {path: found for path, found in offenders.items() if found} == {}


def test_one_live_server_fixture():
    defining = [
        str(p.relative_to(TESTS))
        for p in sorted(TESTS.rglob("*.py"))
        if re.search(r"^def live_server\(", p.read_text(encoding="utf-8"), re.M)
    ]
    assert defining == ["conftest.py"]
