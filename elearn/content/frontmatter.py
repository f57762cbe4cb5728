"""YAML front matter with the line of every key, so errors point at the right line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from . import messages as msg


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
    fm.errors.append((1, msg.FRONT_MATTER_UNCLOSED))
    return fm


def _load_mapping(yaml_text: str, fm: FrontMatter) -> None:
    offset = 2  # YAML line 0 is file line 2
    node = None
    try:
        # Anchors and aliases can multiply a few lines into millions of nodes.
        if any(
            isinstance(e, yaml.AliasEvent) for e in yaml.parse(yaml_text, Loader=yaml.SafeLoader)
        ):
            fm.errors.append((offset, msg.YAML_ALIAS))
            return
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = offset + mark.line if mark is not None else fm.first_line
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        fm.errors.append((line, msg.YAML_INVALID.format(problem=problem)))
        return
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        # A bad explicit tag (`!!int abc`) fails while constructing, without a mark.
        fm.errors.append(bad_tag_error(node, offset))
        return
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        fm.errors.append((offset, msg.NOT_MAPPING))
        return
    fm.data = data
    _record_lines(node, (), offset, fm)


def _record_lines(
    node: yaml.MappingNode,
    prefix: tuple[str, ...],
    offset: int,
    fm: FrontMatter,
    seen: frozenset[int] = frozenset(),
):
    seen = seen | {id(node)}  # an alias may refer back to its own mapping
    for key_node, value_node in node.value:
        key = (*prefix, str(key_node.value))
        line = offset + key_node.start_mark.line
        if key in fm.lines:
            where = ".".join(key)
            fm.errors.append((line, msg.KEY_TWICE.format(key=where, line=fm.lines[key])))
        fm.lines[key] = line
        if isinstance(value_node, yaml.MappingNode) and id(value_node) not in seen:
            _record_lines(value_node, key, offset, fm, seen)


def bad_tag_error(root: yaml.Node | None, offset: int) -> tuple[int, str]:
    """Find the scalar whose explicit tag cannot be constructed (`!!int abc`) under ROOT."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            loader = yaml.SafeLoader("")
            try:
                loader.construct_object(node)
            except Exception:
                tag = node.tag.rsplit(":", 1)[-1]
                message = msg.YAML_BAD_TAG.format(value=node.value, tag=tag)
                return offset + node.start_mark.line, message
            finally:
                loader.dispose()
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return offset, msg.YAML_UNREADABLE
