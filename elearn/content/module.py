"""One module file (`NN-slug.md`) -> ModuleSpec: its settings, page, reading time and quiz."""

from __future__ import annotations

import math
import re

from . import messages as msg
from .folder import Report
from .links import link_lines
from .render import Linker, plain_text, render_block, render_with_toc
from .sections import Section, own_module, section_quiz, split_sections
from .settings import MAX_MINUTES, MODULE_KEYS, check_keys, read_front_matter, read_int, read_text
from .spec import ModuleSpec

WORDS_PER_MINUTE = 100  # careful reading of instructional text on a phone


def parse_module(
    name: str, slug: str, position: int, text: str, report: Report, linker: Linker
) -> ModuleSpec:
    """Read a module file; its problems go to `report`, the spec is built regardless."""
    fm = read_front_matter(text, report)
    check_keys(fm, MODULE_KEYS, report)
    content, sections = split_sections(fm.body, fm.body_offset, report, "module")
    source = "\n".join(content)
    title = (
        read_text(fm, report, "title") or first_h1(source) or slug.replace("-", " ").capitalize()
    )
    quiz = own_module(section_quiz(sections.get("quiz"), fm, "quiz", report, linker), slug)
    text = plain_text(source)
    minutes = read_int(fm, report, ("minutes",), 1, MAX_MINUTES, reading_minutes(text))
    html, toc = render_with_toc(drop_title(source, title), linker)
    report_links(linker, fm.body, fm.body_offset, report)
    declared = fm.data.get("minutes") is not None  # not the reading-time estimate
    reflect = reflect_html(sections.get("reflect"), report, linker)
    return ModuleSpec(
        slug, position, name, title, minutes, html, toc, text, quiz, declared, reflect
    )


def reflect_html(section: Section | None, report: Report, linker: Linker) -> str | None:
    """The `## Renungkan` text (a case and a question), rendered; None without one."""
    if section is None:
        return None
    source = "\n".join(section.lines).strip()
    if not source:
        report(section.line, msg.REFLECT_EMPTY)
        return None
    return render_block(source, linker)


def reading_minutes(text: str) -> int:
    """The default `minutes` for the words of TEXT at a careful pace, in steps of 5, at least 5."""
    words = len(text.split())
    return max(5, math.ceil(words / WORDS_PER_MINUTE / 5) * 5)


def first_h1(source: str) -> str:
    match = re.search(r"^# +(.+?)\s*#*\s*$", source, re.MULTILINE)
    return match.group(1).strip() if match else ""


def drop_title(source: str, title: str) -> str:
    """Remove a leading `# Title` that repeats the title the page already shows."""
    match = re.match(r"\s*# +(.+?)\s*#*\s*(\n|$)", source)
    if match and " ".join(match.group(1).split()).casefold() == title.casefold():
        return source[match.end() :]
    return source


def report_links(linker: Linker, body: str, offset: int, report: Report) -> None:
    """Report each link the linker could not resolve, at the line of its first use.

    `offset` is the number of file lines before BODY (the front matter).
    """
    lines = link_lines(body) if linker.missing else {}
    for url in dict.fromkeys(linker.missing):
        where = offset + lines.get(url, 0) + 1
        if url.lstrip("./").startswith("media/"):
            report(where, msg.MEDIA_MISSING.format(url=url))
        else:
            report(where, msg.LINK_BROKEN.format(url=url))
    linker.missing.clear()
