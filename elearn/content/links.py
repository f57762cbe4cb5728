"""Where each link and image of a Markdown text is written, for problems about them.

The sanitizer meets URLs in rendered HTML, where their lines are gone. Searching the text
for the URL found the wrong line when it was also written earlier (in a sentence or a code
span) and no line at all when the text spells it differently from the HTML (`&amp;`, a
percent-encoded `é`). So the lines come from the parsed tokens: a block's `map`, plus the
line breaks before the link inside its paragraph, plus the newlines inside raw HTML before
the `src`/`href` attribute.
"""

from __future__ import annotations

import re
from html import unescape

from markdown_it.token import Token

from .render import markdown

# An optional closing quote keeps an unclosed value from being rescanned at every position.
HTML_URL = re.compile(
    r"""\b(?:src|href)\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s"'>]+))""", re.IGNORECASE
)


def link_lines(text: str) -> dict[str, int]:
    """The 0-based line of the first link, image or HTML `src`/`href` of each URL in TEXT,
    keyed by the URL as the sanitizer sees it."""
    found: dict[str, int] = {}
    for token in markdown().parse(text, {}):
        if token.map is None:
            continue
        if token.type == "html_block":
            _html_urls(token.content, token.map[0], found)
        elif token.type == "inline":
            _inline_urls(token.children or [], token.map[0], found)
    return found


def _inline_urls(children: list[Token], line: int, found: dict[str, int]) -> None:
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type in ("link_open", "image"):
            url = child.attrGet("href" if child.type == "link_open" else "src")
            if isinstance(url, str):
                found.setdefault(url, line)
        elif child.type == "html_inline":
            _html_urls(child.content, line, found)
            line += child.content.count("\n")


def _html_urls(html: str, line: int, found: dict[str, int]) -> None:
    position = 0
    for match in HTML_URL.finditer(html):
        line += html.count("\n", position, match.start())
        position = match.start()
        value = next(group for group in match.groups() if group is not None)
        found.setdefault(unescape(value), line)
