"""The competency dictionary file (competencies.yml): national and technical competencies."""

from __future__ import annotations

import yaml

from . import messages as msg
from .frontmatter import bad_tag_error
from .render import slugify
from .spec import CompetencyDef, Problem

GROUPS = ("manajerial", "sosial-kultural", "teknis")
KEYS = ("code", "name", "group", "description", "levels")


def parse_competencies(text: str, path: str) -> tuple[list[CompetencyDef], list[Problem]]:
    """Parse competencies.yml; every entry needs a name, a group and five level descriptions."""
    problems: list[Problem] = []

    def report(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    entries = _entries(text, report)
    result: list[CompetencyDef] = []
    seen: dict[str, int] = {}
    for key_node, node in entries:
        slug = str(key_node.value)
        line = key_node.start_mark.line + 1
        if slug != slugify(slug) or not slug:
            report(line, msg.COMPETENCY_CODE.format(slug=slug))
            continue
        if slug in seen:
            report(line, msg.COMPETENCY_TWICE.format(slug=slug, line=seen[slug]))
            continue
        seen[slug] = line
        data = _load_entry(node, slug, line, report)
        if data is not None and _entry_ok(data, slug, line, report):
            result.append(_definition(slug, data))
    return result, problems


def _entries(text: str, report) -> list:
    """The (key node, value node) pairs under `competencies:`; [] after reporting why not."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", exc)
        report(mark.line + 1 if mark else 1, msg.YAML_INVALID.format(problem=problem))
        return []
    except RecursionError:
        report(1, msg.YAML_TOO_DEEP)
        return []
    entries = _mapping_item(root, "competencies")
    if entries is None or not isinstance(entries[1], yaml.MappingNode):
        report(1, msg.COMPETENCIES_ROOT)
        return []
    return entries[1].value


def _load_entry(node, slug: str, line: int, report) -> dict | None:
    try:
        mapping = isinstance(node, yaml.MappingNode)
        data = yaml.safe_load(yaml.serialize(node)) if mapping else None
    except (yaml.YAMLError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        report(*bad_tag_error(node, 1))
        return None
    if not isinstance(data, dict):
        report(line, msg.COMPETENCY_NOT_MAPPING.format(slug=slug))
        return None
    return data


def _entry_ok(data: dict, slug: str, line: int, report) -> bool:
    """Report every problem of one entry; True when there is none."""
    known = ", ".join(KEYS)
    unknown = [str(key) for key in data if str(key) not in KEYS]
    problems = [msg.COMPETENCY_KEY.format(key=key, slug=slug, known=known) for key in unknown]
    if not str(data.get("name") or "").strip():
        problems.append(msg.COMPETENCY_NAME.format(slug=slug))
    if str(data.get("group") or "").strip() not in GROUPS:
        problems.append(msg.COMPETENCY_GROUP.format(slug=slug, groups=", ".join(GROUPS)))
    levels = data.get("levels")
    if not isinstance(levels, dict) or set(levels) != {1, 2, 3, 4, 5}:
        problems.append(msg.COMPETENCY_LEVELS.format(slug=slug))
    elif not all(isinstance(v, str) and v.strip() for v in levels.values()):
        problems.append(msg.COMPETENCY_LEVEL_EMPTY.format(slug=slug))
    for problem in problems:
        report(line, problem)
    return not problems


def _definition(slug: str, data: dict) -> CompetencyDef:
    return CompetencyDef(
        slug=slug,
        code=str(data.get("code") or ""),
        name=str(data["name"]).strip(),
        group=str(data["group"]).strip(),
        description=" ".join(str(data.get("description") or "").split()),
        levels=tuple(" ".join(data["levels"][i].split()) for i in range(1, 6)),
    )


def _mapping_item(node, key: str):
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if key_node.value == key:
            return key_node, value_node
    return None
