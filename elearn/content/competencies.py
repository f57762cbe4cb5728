"""The competency dictionary file (competencies.yml): national and technical competencies."""

from __future__ import annotations

import yaml

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

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report(mark.line + 1 if mark else 1, f"YAML tidak valid: {getattr(exc, 'problem', exc)}")
        return [], problems
    except RecursionError:
        report(1, "YAML tidak valid: susunan bertingkat terlalu dalam")
        return [], problems
    entries = _mapping_item(root, "competencies")
    if entries is None or not isinstance(entries[1], yaml.MappingNode):
        report(1, "berkas harus berisi `competencies:` dengan satu entri per kompetensi")
        return [], problems
    result: list[CompetencyDef] = []
    seen: dict[str, int] = {}
    for key_node, node in entries[1].value:
        slug = str(key_node.value)
        line = key_node.start_mark.line + 1
        if slug != slugify(slug) or not slug:
            report(
                line, f"kode kompetensi `{slug}` harus slug huruf kecil, mis. `literasi-digital`"
            )
            continue
        if slug in seen:
            report(line, f"kompetensi `{slug}` ditulis dua kali (baris {seen[slug]})")
            continue
        seen[slug] = line
        try:
            mapping = isinstance(node, yaml.MappingNode)
            data = yaml.safe_load(yaml.serialize(node)) if mapping else None
        except (yaml.YAMLError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            report(*bad_tag_error(node, 1))
            continue
        if not isinstance(data, dict):
            report(line, f"kompetensi `{slug}` harus berisi name, group dan levels")
            continue
        unknown = [str(k) for k in data if str(k) not in KEYS]
        for key in unknown:
            report(
                line, f"kunci `{key}` di `{slug}` tidak dikenal; yang dikenal: {', '.join(KEYS)}"
            )
        name = str(data.get("name") or "").strip()
        group = str(data.get("group") or "").strip()
        levels = data.get("levels")
        ok = not unknown
        if not name:
            report(line, f"kompetensi `{slug}` butuh `name`")
            ok = False
        if group not in GROUPS:
            report(line, f"`group` kompetensi `{slug}` harus salah satu dari: {', '.join(GROUPS)}")
            ok = False
        if not isinstance(levels, dict) or set(levels) != {1, 2, 3, 4, 5}:
            report(line, f"kompetensi `{slug}` butuh `levels` dengan deskripsi level 1 sampai 5")
            ok = False
        elif not all(isinstance(v, str) and v.strip() for v in levels.values()):
            report(line, f"setiap deskripsi level kompetensi `{slug}` harus diisi")
            ok = False
        if ok:
            result.append(
                CompetencyDef(
                    slug=slug,
                    code=str(data.get("code") or ""),
                    name=name,
                    group=group,
                    description=" ".join(str(data.get("description") or "").split()),
                    levels=tuple(" ".join(levels[i].split()) for i in range(1, 6)),
                )
            )
    return result, problems


def _mapping_item(node, key: str):
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if key_node.value == key:
            return key_node, value_node
    return None
