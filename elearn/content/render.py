"""The one Markdown renderer (CommonMark + tables, footnotes, task lists, anchors), sanitized."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from urllib.parse import unquote, urlsplit

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from .budget import count_rules
from .spec import TocEntry


def slugify(text: str, max_length: int = 64) -> str:
    """Turn text into a lowercase ASCII slug with hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """Return the shared markdown-it-py instance: CommonMark with the agreed extensions."""
    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(tasklists_plugin)
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=slugify)
    count_rules(md)
    return md


ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
    "u", "ul", "var",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "iframe": {"src", "width", "height", "title", "allowfullscreen"},
}
ALLOWED_CLASSES = {
    "ul": {"contains-task-list"},
    "li": {"task-list-item", "footnote-item"},
    "input": {"task-list-item-checkbox"},
    "section": {"footnotes"},
    "ol": {"footnotes-list"},
    "hr": {"footnotes-sep"},
    "sup": {"footnote-ref"},
    "a": {"footnote-backref"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL)


@dataclass
class Linker:
    """Resolves the relative links of a course folder to URLs and remembers what failed.

    `media_url(name)` returns the URL of a media file or None if there is no such file;
    `module_url(filename, fragment)` the URL of a module file or None.
    """

    media_url: Callable[[str], str | None] = lambda name: None
    module_url: Callable[[str, str], str | None] = lambda filename, fragment: None
    iframe_hosts: Iterable[str] = ()
    missing: list[str] = field(default_factory=list)
    used_media: set[str] = field(default_factory=set)
    # The srcset of a media image by its URL (issue 19): narrower copies for phones.
    media_srcset: Callable[[str], str | None] = lambda name: None
    srcsets: dict[str, str] = field(default_factory=dict)

    def resolve(self, url: str) -> str | None:
        """Return the URL to put in the page, or None to drop the attribute."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("#", "/")):
            return url
        path = unquote(parts.path)
        while path.startswith("./"):
            path = path[2:]
        if path.startswith("media/"):
            name = path[len("media/") :]
            target = self.media_url(name)
            if target is not None:
                self.used_media.add(name)
                srcset = self.media_srcset(name)
                if srcset:
                    self.srcsets[target] = srcset
                return target
        elif path.endswith(".md"):
            target = self.module_url(path, parts.fragment)
            if target is not None:
                return target
        self.missing.append(url)
        return None


def sanitize(html: str, linker: Linker | None = None, without: frozenset[str] = frozenset()) -> str:
    """Clean rendered HTML against the allow-list (less the tags `without`) and resolve
    relative links."""
    linker = linker or Linker()
    hosts = {h.lower() for h in linker.iframe_hosts}
    tags = set(ALLOWED_TAGS) - without
    if hosts:
        tags.add("iframe")

    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if tag == "iframe" and attr == "src":
            parts = urlsplit(value)
            ok = parts.scheme == "https" and (parts.hostname or "").lower() in hosts
            return value if ok else None
        if (tag == "a" and attr == "href") or (tag == "img" and attr == "src"):
            return linker.resolve(value)
        if tag == "input" and attr == "type":
            return value if value == "checkbox" else None
        return value

    cleaned = nh3.clean(
        html,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        # Task-list boxes are the only inputs content may carry: never a text field.
        set_tag_attribute_values={"input": {"type": "checkbox", "disabled": "disabled"}},
    )
    if linker.srcsets:
        cleaned = with_srcsets(cleaned, linker.srcsets)
    # An iframe whose source was refused would show as an empty box: drop it.
    return EMPTY_IFRAME.sub("", cleaned) if hosts else cleaned


IMG_SRC = re.compile(r'<img ([^>]*?)src="([^"]+)"')
SIZES = "(max-width: 60rem) 100vw, 60rem"  # the module column: full width up to 60rem


def with_srcsets(html: str, srcsets: dict[str, str]) -> str:
    """The course's own images with their narrower copies offered (srcset), added after the
    sanitizer: authors cannot write srcset, only the publisher does."""

    def add(match: re.Match) -> str:
        srcset = srcsets.get(match.group(2))
        if not srcset:
            return match.group(0)
        return f'{match.group(0)} srcset="{srcset}" sizes="{SIZES}"'

    return IMG_SRC.sub(add, html)


def render_block(source: str, linker: Linker | None = None) -> str:
    """Render Markdown to sanitized HTML."""
    return sanitize(markdown().render(source), linker)


# Users' own posts (questions to the trainer and their answers) show to other people: no
# images (an outside picture would tell its server who read the post) and no form boxes.
USER_TEXT_WITHOUT = frozenset({"img", "input"})


def render_user_text(source: str) -> str:
    """Render Markdown a user wrote for others to read: sanitized, without images."""
    return sanitize(markdown().render(source), without=USER_TEXT_WITHOUT)


def render_inline(source: str, linker: Linker | None = None) -> str:
    """Render one line of Markdown without a wrapping paragraph."""
    return sanitize(markdown().renderInline(source), linker)


def render_with_toc(source: str, linker: Linker | None = None) -> tuple[str, tuple[TocEntry, ...]]:
    """Render Markdown and list its level-2 and level-3 headings for a table of contents."""
    md = markdown()
    env: dict = {}
    tokens = md.parse(source, env)
    toc = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3") and token.attrGet("id"):
            text = tokens[i + 1].content
            plain = re.sub(r"[*_`\[\]]", "", text)
            toc.append(TocEntry(int(token.tag[1]), str(token.attrGet("id")), plain))
    html = md.renderer.render(tokens, md.options, env)
    return sanitize(html, linker), tuple(toc)


def plain_text(source: str) -> str:
    """Strip Markdown to words for searching, in time linear in SOURCE.

    The parsed tokens are walked rather than the text matched with regexes: a regex over a
    run of `[` or `<` without its closing bracket backtracks quadratically.
    """
    words: list[str] = []
    for token in markdown().parse(source, {}):
        if token.type == "inline":
            words.append("".join(_inline_words(token.children or [])))
        elif token.type in ("fence", "code_block"):
            words.append(token.content)
        elif token.type == "html_block":
            words.append(_html_words(token.content))
    return " ".join(MARKUP_CHARS.sub(" ", " ".join(words)).split())


# Markup characters that stay in the text (escaped, or not markup where they stand).
MARKUP_CHARS = re.compile(r"[#>*_`|~\[\]-]+")


def _inline_words(children: list) -> list[str]:
    words = []
    for child in children:
        if child.type in ("text", "code_inline"):
            words.append(child.content)
        elif child.type == "image":  # its alt text, parsed into children
            words.extend(_inline_words(child.children or []))
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")
    return words


def _html_words(html: str) -> str:
    """The text of an HTML block (tags, scripts and styles dropped) by an HTML parser."""
    return unescape(nh3.clean(html, tags=set()))
