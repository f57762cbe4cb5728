"""Module HTML made accessible on its way to the page (issue 17).

Rendered Markdown is stored at publish, so what is fixed here is fixed on output: versions
published before keep their stored HTML and still reach the page in the new form, with no
republish and no migration. Both changes are idempotent.

- a task-list checkbox (`- [ ]` / `- [x]` in a module's text) becomes a non-interactive mark
  with an accessible name: a disabled checkbox without a label is a form field a screen
  reader announces with no name (axe: "label", critical);
- a table is put in a scroll region that a keyboard can reach and that has a name, so a
  wide table scrolls inside itself on a phone instead of widening the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

TASK_BOX = re.compile(r'<input\b[^>]*\bclass="task-list-item-checkbox"[^>]*>')
TABLE_OPEN = re.compile(r"<table\b")
WRAPPED = 'class="table-wrap"'


@dataclass(frozen=True)
class Words:
    """The page's words for the marks and regions (given by the caller, in its language)."""

    done: str = "sudah dicentang"
    open: str = "belum dicentang"
    table: str = "Tabel %(n)s"
    hint: str = "Geser tabel →"


DONE_MARK = "☑"  # docs/course-format.md shows both (tests/unit/test_course_format_doc.py)
OPEN_MARK = "☐"


def task_mark(box: str, words: Words) -> str:
    done = re.search(r"\bchecked\b", box) is not None
    name = escape(words.done if done else words.open)
    symbol = DONE_MARK if done else OPEN_MARK
    return f'<span class="task-mark" role="img" aria-label="{name}">{symbol}</span>'


def accessible_html(html: str, words: Words = Words()) -> str:  # noqa: B008 (frozen)
    """`html` with task-list checkboxes as named marks and every table in a scroll region."""
    html = TASK_BOX.sub(lambda m: task_mark(m.group(0), words), html)
    if WRAPPED in html or "<table" not in html:
        return html  # already done (or nothing to do)
    count = 0

    def open_region(_match: re.Match) -> str:
        nonlocal count
        count += 1
        return scroll_region_open(words.table % {"n": count}, words.hint) + "<table"

    html = TABLE_OPEN.sub(open_region, html)
    return html.replace("</table>", "</table></div>")


def scroll_region_open(label: str, hint: str) -> str:
    """The opening tag of a keyboard-reachable, named scroll region for a wide table."""
    return (
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="{escape(label)}"'
        f' data-hint="{escape(hint)}">'
    )
