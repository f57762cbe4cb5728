"""YAML front matter with the line of every key, so errors point at the right line."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass
class FrontMatter:
    data: dict[str, Any]
    lines: dict[tuple[str, ...], int]  # key path -> 1-based line in the file
    first_line: int  # 1-based line of the opening ---
    body: str
    body_offset: int  # number of file lines before the body
    errors: list[tuple[int, str]] = field(default_factory=list)

    def line(self, *keys: str) -> int:
        """Return the line of a key path, falling back to its parent, then the opening ---."""
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return self.first_line


def split_front_matter(text: str) -> FrontMatter:
    """Separate `---` front matter from the body and load it as a mapping."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return FrontMatter({}, {}, 1, text, 0)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            fm = FrontMatter({}, {}, 1, body, index + 1)
            _load_mapping(yaml_text, fm)
            return fm
    fm = FrontMatter({}, {}, 1, "", len(lines))
    fm.errors.append((1, "pengaturan (front matter) tidak ditutup: tambahkan baris `---` di bawahnya"))
    return fm


def _load_mapping(yaml_text: str, fm: FrontMatter) -> None:
    offset = 2  # YAML line 0 is file line 2
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = offset + mark.line if mark is not None else fm.first_line
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        fm.errors.append((line, f"YAML tidak valid: {problem}"))
        return
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        fm.errors.append((offset, "pengaturan harus berupa baris `kunci: nilai`"))
        return
    fm.data = data
    _record_lines(node, (), offset, fm)


def _record_lines(node: yaml.MappingNode, prefix: tuple[str, ...], offset: int, fm: FrontMatter):
    for key_node, value_node in node.value:
        key = (*prefix, str(key_node.value))
        line = offset + key_node.start_mark.line
        if key in fm.lines:
            fm.errors.append((line, f"kunci `{'.'.join(key)}` ditulis dua kali (baris {fm.lines[key]})"))
        fm.lines[key] = line
        if isinstance(value_node, yaml.MappingNode):
            _record_lines(value_node, key, offset, fm)
