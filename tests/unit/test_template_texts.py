"""Every text a template shows is inside `_()` (issue 17): visible text and the attributes
people read (title, alt, aria-label, placeholder, a button's value) with letters outside a
Jinja expression would stay Indonesian in every language."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "elearn" / "templates"
JINJA = re.compile(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", re.S)
LETTERS = re.compile(r"[^\W\d_]{2,}")  # a word of two letters or more; "x", "p", "D" pass
READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}
# Names that are the same in every language, and technical words shown as such.
ALLOWED = {
    *("ELearn", "ASN", "SSO", "API", "xAPI", "JP", "NIP", "WIB", "QR", "Markdown"),
    *("PDF", "CSV", "XLSX", "JSON", "MB", "KB", "id", "openapi", "json"),
}
# What code, file names and Markdown examples are shown in: the same in every language.
VERBATIM = {"script", "style", "code", "pre", "kbd", "samp"}
# A Jinja block inside a tag (`<input {% if e %}aria-invalid="true"{% endif %}>`) leaves
# attribute text the parser takes for data: markup, not words.
ATTRIBUTE_TEXT = re.compile(r'^[\s\w-]+="[^"]*"(\s+[\w-]+="[^"]*")*\s*$')


class TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in VERBATIM:
            self.skipping += 1
        readable = set(READ_ATTRIBUTES)  # a <button>'s value is sent, never shown
        if tag == "input" and dict(attrs).get("type") in ("submit", "button", "reset"):
            readable = readable | {"value"}
        self.found += [f"{tag}[{n}]={v!r}" for n, v in attrs if n in readable and shown(v)]

    def handle_endtag(self, tag):
        if tag in VERBATIM and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and shown(data) and not ATTRIBUTE_TEXT.match(data):
            self.found.append(repr(" ".join(data.split())))


def shown(text: str | None) -> bool:
    """Letters a reader sees, once the allowed names are taken out."""
    return any(word not in ALLOWED for word in LETTERS.findall(text or ""))


def texts_outside_gettext(source: str) -> list[str]:
    finder = TextFinder()
    finder.feed(JINJA.sub(" ", source))
    finder.close()
    return finder.found


def test_templates_show_no_text_outside_gettext():
    problems = {
        str(path.relative_to(TEMPLATES)): found
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (found := texts_outside_gettext(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


def test_the_check_finds_plain_text_and_attributes():
    source = '<p>Halo</p><img alt="Logo"><input type="submit" value="Kirim"><code>x.md</code>'
    assert len(texts_outside_gettext(source)) == 3
    assert texts_outside_gettext("<p>{{ _('Halo') }} · ELearn ASN</p>") == []
